"""Benchmark of the faults bar of DESIGN.md: server workers killed with SIGKILL under load.

    .venv/bin/python bench/faults.py [--quick] [--seconds S] [--every S]

granian serves Mognad as `make run` does (2 workers that are respawned when they die)
on 127.0.0.1 with a fresh SQLite database. Respondents submit their last page at 30
connections; meanwhile one worker at a time is killed with SIGKILL, busy as the load
keeps it, so most kills land mid-request. The first kill comes once the load has run
for a moment, so that even a run whose respondents all finish early has one; later
kills are at least 7 s apart: granian exits altogether when the same worker dies again
within 5.5 s of its restart (its guard against crash loops; in production a service
manager restarts it, see the README).
A respondent whose request dies with its worker does what a person does: presses
Submit again, with the same form, until the site answers.

Bars: every submission the server acknowledged (a redirect to the reflection page) is
in the database, none is stored twice, and every respondent is answered in the end.
The database's own integrity check must pass afterwards. The exit status says whether
every bar passed; `--quick` only shortens the run.
"""

import argparse
import os
import random
import secrets
import signal
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from loadgen import Browser, HttpError, Stats, closed_loop
from submit import CSRF, Figures, Server, _environment, _process_tree

CONNECTIONS = 30
# Ready drafts per second of the run: well above today's rate of about 1,300 submissions
# a second, so that the respondents keep submitting until the run's end.
DRAFTS_PER_SECOND = 2500
# Seconds of load before the first kill.
FIRST_KILL = 2.0
# A person presses Submit again after a failure; a browser gives up long before this.
ATTEMPTS = 200

if TYPE_CHECKING:
    from respond_fixture import Plan, Ready


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    with tempfile.TemporaryDirectory(prefix="mognad-bench-faults-") as folder:
        env = _environment(Path(folder))
        os.environ.update(env)
        import django

        django.setup()
        import respond_fixture

        plan = respond_fixture.create_plan(journey_groups=1)
        pool = respond_fixture.ready_drafts(plan, int(args.seconds * DRAFTS_PER_SECOND))
        print(
            f"Faults benchmark: {CONNECTIONS} respondents submitting for {args.seconds:.0f} s "
            f"while a worker is killed with SIGKILL every {args.every:.1f} s; granian as "
            "`make run` serves (2 workers, respawned); SQLite (WAL).",
            flush=True,
        )
        figures = Figures()
        with Server("mognad.web.wsgi:application", "/healthz", env, Path(folder) / "log") as server:
            kills, stats, seconds = _under_fire(server, plan, pool, args)
            recovered = _answers_after(server)
            if not recovered or stats.errors:
                print("server log, last lines:\n" + server.log.read_text()[-2000:])
        database = Path(folder) / "mognad.sqlite3"
        return _verdict(plan, figures, stats, kills, seconds, recovered, database)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Workers killed under load.")
    parser.add_argument("--quick", action="store_true", help="a short run, for CI")
    parser.add_argument("--seconds", type=float, help="length of the run")
    parser.add_argument("--every", type=float, default=8.0, help="seconds between kills")
    args = parser.parse_args(argv)
    args.seconds = args.seconds or (18.0 if args.quick else 60.0)
    if args.every * 0.875 < 7.0:
        parser.error("--every must be at least 8 s: see granian's crash-loop guard above")
    return args


def _under_fire(
    server: Server, plan: "Plan", pool: list["Ready"], args: argparse.Namespace
) -> tuple[int, Stats, float]:
    queue: Iterator[Ready] = iter(pool)
    lock = threading.Lock()
    done_link = f"{pool[0].link}done/"

    def task(browser: Browser) -> bool:
        with lock:
            ready = next(queue, None)
        if ready is None:
            return False
        _submit_until_answered(browser, ready, plan, done_link)
        return True

    stop = threading.Event()
    killed: list[int] = []
    killer = threading.Thread(target=_kill_workers, args=(server, args.every, stop, killed))
    killer.start()
    try:
        stats, seconds = closed_loop(server.port, CONNECTIONS, args.seconds, task)
    finally:
        stop.set()
        killer.join()
    return len(killed), stats, seconds


def _submit_until_answered(browser: Browser, ready: "Ready", plan: "Plan", done: str) -> None:
    browser.cookies = {"csrftoken": CSRF, "mognad_resume": ready.resume_token}
    form = [("csrfmiddlewaretoken", CSRF), *plan.pages[-1]]
    form += [("client_id", ready.client_id), ("action", "submit")]
    url = f"{ready.link}submit/"
    for attempt in range(ATTEMPTS):
        try:
            location = browser.post(url, form, "submit" if attempt == 0 else "retry").location
        except HttpError as error:
            if "status" in str(error):
                raise  # the server answered, and wrongly: no retry hides that
            time.sleep(0.05)
            continue
        if location != done:
            raise HttpError(f"submit redirected to {location!r}, expected {done!r}")
        browser.stats.acknowledged.append(ready.client_id)
        return
    raise HttpError(f"no answer after {ATTEMPTS} attempts")


def _kill_workers(server: Server, every: float, stop: threading.Event, killed: list[int]) -> None:
    rng = random.Random(secrets.randbits(32))
    wait = FIRST_KILL
    while not stop.wait(wait):
        wait = every * rng.uniform(0.875, 1.125)
        workers = _process_tree(server.process.pid)[1:]
        if workers:
            victim = rng.choice(workers)
            try:
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)
            except ProcessLookupError:
                pass


def _answers_after(server: Server) -> bool:
    """Whether the server answers again once the killing stops (workers respawned)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        browser = Browser(server.port, Stats())
        try:
            browser.get("/healthz", "health")
            return True
        except HttpError:
            time.sleep(0.2)
        finally:
            browser.close()
    return False


def _verdict(
    plan: "Plan",
    figures: Figures,
    stats: Stats,
    kills: int,
    seconds: float,
    recovered: bool,
    database: Path,
) -> int:
    import respond_fixture
    from mognad.web.apps.rounds.models import Response

    acknowledged = stats.acknowledged
    stored = respond_fixture.stored_client_ids(acknowledged)
    rows = Response.objects.filter(round_id=plan.round_id)
    twice = rows.count() - rows.values("client_id").distinct().count()
    retries = stats.count("retry")
    figures.add("workers killed with SIGKILL", str(kills), ">= 1", kills >= 1)
    figures.add(
        "submissions acknowledged",
        f"{len(acknowledged)} in {seconds:.1f} s ({retries} retries after a failed request)",
    )
    figures.add(
        "acknowledged but not stored",
        str(len(acknowledged) - len(stored)),
        "0",
        len(stored) == len(acknowledged),
    )
    figures.add("stored twice", str(twice), "0", twice == 0)
    figures.add("stored but not acknowledged", str(rows.count() - len(stored)))
    figures.add("respondents never answered", str(len(stats.errors)), "0", not stats.errors)
    figures.add(
        "server answers after the last kill", "yes" if recovered else "no", "yes", recovered
    )
    integrity = _integrity(database)
    figures.add("SQLite integrity check", integrity, "ok", integrity == "ok")
    for name, value, bar, passed in figures.lines:
        verdict = "" if passed is None else ("PASS" if passed else "FAIL")
        print(f"{name}: {value}" + (f"   bar {bar}: {verdict}" if bar else ""))
    for error in sorted(set(stats.errors))[:10]:
        print(f"  error: {error}")
    return 0 if all(passed is not False for *_, passed in figures.lines) else 1


def _integrity(database: Path) -> str:
    with sqlite3.connect(database) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


if __name__ == "__main__":
    sys.exit(main())
