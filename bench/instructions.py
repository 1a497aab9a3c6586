"""Instructions per respondent request, counted by valgrind: the same count on a busy machine.

    .venv/bin/python bench/instructions.py [--kinds bare,page,...] [--count N]

bench/journey_cpu.py times CPU, which drifts by half when other work shares the cores.
This counts the machine instructions of each kind of request instead, with callgrind
(Debian's valgrind), in process as journey_cpu.py calls the WSGI application, so two
versions compare exactly whatever else runs. Each kind runs in a process of its own
under callgrind, which counts only while the requests run (not while Django starts and
the fixture is made), so a kind takes some twenty seconds. The reference is the bare
insert (bench/bare_app.py) called the same way.

Kinds: bare (the reference), django (the same insert through Django, bench/bare_django.py:
the submit bar's reference), welcome, start, page (a page shown), save (a page saved),
submit, reflection, journey (without JavaScript, 17 requests) and htmx (9 requests).
"""

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
KINDS = (
    "bare",
    "django",
    "welcome",
    "start",
    "page",
    "save",
    "submit",
    "reflection",
    "journey",
    "htmx",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--count", type=int, default=200, help="requests (journeys) a kind")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _run_child(args.child, args.count)
        return 0
    kinds = args.kinds.split(",")
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        parser.error(f"unknown kinds: {', '.join(unknown)}; known: {', '.join(KINDS)}")
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        print("bench/instructions.py needs valgrind (Debian: apt-get install valgrind)")
        return 2
    counted = {kind: _count(kind, args.count) for kind in kinds}
    _report(counted)
    return 0


def _count(kind: str, count: int) -> float:
    """Instructions per request (per journey for the journeys) of one kind."""
    with tempfile.TemporaryDirectory(prefix="mognad-instructions-") as folder:
        out = Path(folder) / "callgrind.out"
        command = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={out}",
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            kind,
            "--count",
            str(count),
        ]
        result = subprocess.run(command, capture_output=True, text=True, cwd=BENCH)
        if result.returncode != 0 or not out.exists():
            raise SystemExit(f"{kind}: the counted run failed\n{result.stderr[-3000:]}")
        totals = [line for line in out.read_text().splitlines() if line.startswith("totals:")]
        return int(totals[0].split()[1]) / count


def _report(counted: dict[str, float]) -> None:
    bare, django = counted.get("bare"), counted.get("django")
    for kind, instructions in counted.items():
        line = f"{kind}: {instructions / 1000:,.0f} k instructions"
        line += " a journey" if kind in ("journey", "htmx") else " a request"
        if bare and kind != "bare":
            line += f" = {instructions / bare:.1f} bare inserts"
        if django and kind == "submit":
            line += f"; at most {django / instructions:.1%} of the insert's rate through Django"
        print(line, flush=True)


# --- in the counted process ------------------------------------------------------------


def _run_child(kind: str, count: int) -> None:
    sys.path.insert(0, str(BENCH))
    from submit import _environment

    with tempfile.TemporaryDirectory(prefix="mognad-instructions-") as folder:
        os.environ.update(_environment(Path(folder)))
        if kind == "django":
            # Mognad's settings with the bare insert through Django as one more URL.
            os.environ["DJANGO_SETTINGS_MODULE"] = "bare_django_settings"
        import django

        django.setup()
        task = _task(kind, count)
        for _ in range(min(50, count)):
            task()  # caches filled, code paths warm: counted runs are the steady state
        _instrument("on")
        for _ in range(count):
            task()
        _instrument("off")


def _instrument(state: str) -> None:
    subprocess.run(["callgrind_control", "-i", state, str(os.getpid())], capture_output=True)


def _task(kind: str, count: int) -> Callable[[], Any]:
    import respond_fixture
    from journey_cpu import WsgiBrowser
    from loadgen import Stats
    from mognad.web.wsgi import application
    from submit import _hidden, htmx_journey, journey

    plan = respond_fixture.create_plan(journey_groups=8)
    browser = WsgiBrowser(application, Stats())
    entry = plan.journey_links[0]
    if kind == "bare":
        return _bare(plan, "/", None)
    if kind == "django":
        return _bare(plan, "/bench/insert/", application)
    if kind in ("journey", "htmx"):
        walk = journey if kind == "journey" else htmx_journey
        turn = iter(range(10**9))
        return lambda: walk(browser, plan.journey_links[next(turn) % 8], plan.pages)
    if kind == "submit":
        return _submit(plan, browser, count + 60)
    if kind == "reflection":
        journey(browser, entry, plan.pages)
        return lambda: browser.get(f"{entry}done/", "reflection")
    csrf = (
        "csrfmiddlewaretoken",
        _hidden(browser.get(entry, "welcome").body, "csrfmiddlewaretoken"),
    )
    if kind == "welcome":
        return lambda: browser.get(entry, "welcome")
    if kind == "start":
        return lambda: (
            browser.cookies.pop("mognad_resume", None),
            browser.post(entry, [csrf, ("lang", "en")], "start"),
        )
    first = browser.post(entry, [csrf, ("lang", "en")], "start").location
    if kind == "page":
        return lambda: browser.get(first, "page")
    return lambda: browser.post(first, [csrf, *plan.pages[0], ("action", "next")], "save")


def _bare(plan: Any, path: str, application: Any) -> Callable[[], Any]:
    """The one-row insert of the same body: without Django (bench/bare_app.py), or
    through `application`."""
    import bare_app
    from journey_cpu import WsgiBrowser
    from loadgen import Stats
    from submit import CSRF

    browser = WsgiBrowser(application or bare_app.application, Stats())
    browser.cookies = {"csrftoken": CSRF}
    body = [("csrfmiddlewaretoken", CSRF), *plan.pages[-1], ("action", "submit")]
    return lambda: browser.post(path, [*body, ("client_id", secrets.token_hex(16))], "insert", 200)


def _submit(plan: Any, browser: Any, count: int) -> Callable[[], None]:
    import respond_fixture
    from submit import CSRF

    pool = iter(respond_fixture.ready_drafts(plan, count))
    form = [("csrfmiddlewaretoken", CSRF), *plan.pages[-1], ("action", "submit")]

    def submit() -> None:
        ready = next(pool)
        browser.cookies = {"csrftoken": CSRF, "mognad_resume": ready.resume_token}
        reply = browser.post(
            f"{ready.link}submit/", [*form, ("client_id", ready.client_id)], "submit"
        )
        assert reply.location == f"{ready.link}done/", reply

    return submit


if __name__ == "__main__":
    sys.exit(main())
