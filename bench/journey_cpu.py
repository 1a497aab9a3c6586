"""CPU time of one respondent journey and one submit, in process, without HTTP.

    .venv/bin/python bench/journey_cpu.py [--journeys N] [--profile]

bench/submit.py measures over HTTP on a machine the load generator shares; this one
calls the WSGI application directly in a single thread and counts CPU seconds, so its
figures hold steady while other work runs beside it. The references are the bare
one-row inserts of bench/submit.py, through Django (bench/bare_django.py, the bar's) and
without it (bench/bare_app.py), called the same way on the same body, so the ratios
compare like with like. `--profile` prints where a journey's time goes (cProfile,
sorted by own time).
"""

import argparse
import cProfile
import io
import os
import pstats
import secrets
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from loadgen import Browser, Headers, Reply, Stats
from submit import CSRF, Journey, _environment, htmx_journey, journey

SERVER_CORES = 2
Application = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class WsgiBrowser(Browser):
    """The load generator's browser, talking to a WSGI application in this process."""

    def __init__(self, application: Application, stats: Stats) -> None:
        self.application = application
        self.stats = stats
        self.cookies = {}

    def close(self) -> None:
        pass

    def _send(self, method: str, path: str, body: str | None, extra: Headers) -> Reply:
        environ = _environ(method, path, body, self.cookies)
        environ.update({f"HTTP_{k.upper().replace('-', '_')}": v for k, v in extra.items()})
        started: list[Any] = []
        chunks = self.application(
            environ, lambda status, headers, *_: started.extend([status, headers])
        )
        text = b"".join(chunks).decode("utf-8")
        getattr(chunks, "close", lambda: None)()
        status, headers = int(started[0].split()[0]), started[1]
        for name, value in headers:
            if name.lower() == "set-cookie":
                self._remember(value)
        named = {n.lower(): v for n, v in headers}
        return Reply(status, named.get("location", ""), text, named.get("hx-push-url", ""))


def _environ(method: str, path: str, body: str | None, cookies: dict[str, str]) -> dict[str, Any]:
    url = urlsplit(path)
    data = (body or "").encode("utf-8")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": url.path,
        "QUERY_STRING": url.query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT_LANGUAGE": "en",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(data),
        "wsgi.errors": sys.stderr,
        "CONTENT_LENGTH": str(len(data)),
    }
    if body is not None:
        environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
    if cookies:
        environ["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    return environ


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mognad-cpu-") as folder:
        # Mognad's settings with the bare insert through Django as one more URL.
        os.environ.update(_environment(Path(folder)), DJANGO_SETTINGS_MODULE="bare_django_settings")
        import django

        django.setup()
        import bare_app
        import respond_fixture
        from mognad.web.wsgi import application

        plan = respond_fixture.create_plan(journey_groups=4)
        links = plan.journey_links
        bare = _bare_cpu(bare_app.application, "/", plan, args.journeys * 4)
        through_django = _bare_cpu(application, "/bench/insert/", plan, args.journeys * 4)
        per_journey = _journey_cpu(application, plan, links, args.journeys, journey)
        with_htmx = _journey_cpu(application, plan, links, args.journeys, htmx_journey)
        per_submit = _submit_cpu(application, plan, args.journeys * 4)
        journeys = {"journey": per_journey, "with htmx": with_htmx}
        _report(plan, bare, through_django, journeys, per_submit)
        if args.profile:
            _profile(application, plan, links, max(args.journeys // 3, 20))
    return 0


def _report(
    plan: Any, bare: float, through_django: float, journeys: dict[str, float], submit: float
) -> None:
    # Without JavaScript: welcome, Start, each page shown and saved, Send, the reflection.
    # With htmx: welcome, Start, each page saved (the next one comes back), Send.
    requests = {"journey": 2 * len(plan.pages) + 3, "with htmx": len(plan.pages) + 2}
    print(f"people-first, {plan.item_count} items on {len(plan.pages)} pages")
    print(f"bare insert: {bare * 1e6:.0f} µs CPU; through Django {through_django * 1e6:.0f} µs")
    for name, cpu in journeys.items():
        count = requests[name]
        print(
            f"{name}: {cpu * 1e3:.2f} ms CPU, {count} requests ({cpu / count * 1e6:.0f} µs each)"
            f" = at most {SERVER_CORES / cpu:.0f} journeys/s on {SERVER_CORES} cores"
            f" = the CPU of {cpu / bare:.0f} bare inserts"
        )
    print(
        f"submit: {submit * 1e6:.0f} µs CPU = {through_django / submit:.1%} of the bare "
        f"insert's rate through Django, {bare / submit:.1%} without"
    )


def _cpu(task: Callable[[], None], count: int, batches: int = 5) -> float:
    """CPU seconds per task: the least over a few batches, since neighbours on a shared
    machine only ever add time (caches, frequency), never take it away."""
    task()
    size = max(count // batches, 1)
    best = float("inf")
    for _ in range(batches):
        started = time.process_time()
        for _ in range(size):
            task()
        best = min(best, (time.process_time() - started) / size)
    return best


def _journey_cpu(
    application: Application, plan: Any, links: list[str], count: int, walk: Journey
) -> float:
    browser = WsgiBrowser(application, Stats())
    turn = iter(range(10**9))
    return _cpu(lambda: walk(browser, links[next(turn) % len(links)], plan.pages), count)


def _submit_cpu(application: Application, plan: Any, count: int) -> float:
    import respond_fixture

    pool = iter(respond_fixture.ready_drafts(plan, count + 1))
    browser = WsgiBrowser(application, Stats())
    form = [("csrfmiddlewaretoken", CSRF), *plan.pages[-1], ("action", "submit")]

    def submit() -> None:
        ready = next(pool)
        browser.cookies = {"csrftoken": CSRF, "mognad_resume": ready.resume_token}
        body = [*form, ("client_id", ready.client_id)]
        reply = browser.post(f"{ready.link}submit/", body, "submit")
        assert reply.location == f"{ready.link}done/", reply

    return _cpu(submit, count)


def _bare_cpu(application: Application, path: str, plan: Any, count: int) -> float:
    browser = WsgiBrowser(application, Stats())
    browser.cookies = {"csrftoken": CSRF}
    body = [("csrfmiddlewaretoken", CSRF), *plan.pages[-1], ("action", "submit")]

    def insert() -> None:
        browser.post(path, [*body, ("client_id", secrets.token_hex(16))], "insert", 200)

    return _cpu(insert, count)


def _profile(application: Application, plan: Any, links: list[str], count: int) -> None:
    browser = WsgiBrowser(application, Stats())
    profiler = cProfile.Profile()
    profiler.enable()
    for n in range(count):
        journey(browser, links[n % len(links)], plan.pages)
    profiler.disable()
    stats = pstats.Stats(profiler).sort_stats("tottime")
    stats.print_stats(40)
    stats.sort_stats("cumulative").print_stats(60)


if __name__ == "__main__":
    sys.exit(main())
