"""Benchmark of the respondent's journey over HTTP against the bars of DESIGN.md.

    .venv/bin/python bench/submit.py [--quick]

Everything runs on 127.0.0.1 in a fresh temporary data directory with SQLite, served by
granian exactly as `make run` serves Mognad. The bars are judged on load driven by wrk
(bench/journey.lua, bench/submit.lua): it takes a fifth of a core or less, where this
Python process takes half a core to a whole one, which the server then lacks.

- references, 50 connections, the body a submission sends: a bare one-row insert through
  Django (bench/bare_django.py: Mognad's settings, middleware and database with one more
  URL), which any endpoint of Mognad's costs before its own work, and the bar's
  reference; beside it, the same insert without Django (bench/bare_app.py), what granian
  and SQLite alone can do;
- journeys: virtual respondents doing DESIGN.md's journey without JavaScript, one after
  another: welcome, start, every page shown then saved, submit (16 requests; bar: 170
  journeys/s). Then this process drives them, as a browser without JavaScript does
  (post/redirect/get, with the reflection page: 17 requests) and as htmx does (each post
  answered with the next page itself: 9 requests), reported beside the bar;
- submit: only the final POST, on drafts saved beforehand (bars: at least 50 % of the
  reference's throughput, p99 at most 100 ms at 50 connections);
- burst: 1,000 respondents arriving within 60 s, each answering the whole questionnaire
  once without pausing (bars: p95 of every request at most 300 ms, no error, no lost answer).

A lost answer is a submission the server acknowledged (a redirect to the reflection page)
whose response is not in the database afterwards. The people-first instrument serves
both the journey bar (which names 40 items) and the burst (30 items).

`--quick` runs every phase briefly; then the exit status depends only on errors and lost
answers, never on speed. Without it, the exit status says whether every bar passed.
"""

import argparse
import http.client
import itertools
import os
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from loadgen import Browser, HttpError, Reply, Stats, closed_loop, open_arrivals, percentile

if TYPE_CHECKING:
    from respond_fixture import Plan

BENCH = Path(__file__).resolve().parent
WSGI = "mognad.web.wsgi:application"
BARE_DJANGO = "/bench/insert/"  # bench/bare_django.py
BIN = Path(sys.executable).parent
CSRF = secrets.token_hex(16)
JOURNEY_BAR = 170.0
RATIO_BAR = 0.5
SUBMIT_P99_BAR = 0.100
BURST_P95_BAR = 0.300
WORKERS = 2
Journey = Callable[[Browser, str, list[list[tuple[str, str]]]], None]
WARM_UP = 8
# What htmx sends with a boosted form's post (hx-boost on the respondent's forms).
HTMX = {"HX-Request": "true", "HX-Boosted": "true"}


@dataclass
class Options:
    seconds: float
    journey_workers: int
    submit_workers: int
    burst: int
    burst_window: float
    quick: bool


@dataclass
class Figures:
    """What the run measured, for the report."""

    lines: list[tuple[str, str, str, bool | None]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)

    def add(self, name: str, value: str, bar: str = "", passed: bool | None = None) -> None:
        self.lines.append((name, value, bar, passed))

    def take(self, stats: Stats) -> None:
        self.errors.extend(stats.errors)
        self.acknowledged.extend(stats.acknowledged)


def main(argv: list[str] | None = None) -> int:
    options = _options(argv)
    with tempfile.TemporaryDirectory(prefix="mognad-bench-") as folder:
        env = _environment(Path(folder))
        os.environ.update(env)
        import django

        django.setup()
        import respond_fixture

        plan = respond_fixture.create_plan(journey_groups=options.journey_workers * 4)
        figures = Figures()
        print(_preamble(plan, options), flush=True)
        without_django = _without_django(Path(folder), env, plan, options, figures)
        log = Path(folder) / "mognad.log"
        # Mognad with one more URL, the bare insert through Django (bench/bare_django.py),
        # so that it is measured on the same server just before and after the submissions.
        through = {**env, "DJANGO_SETTINGS_MODULE": "bare_django_settings"}
        with Server(WSGI, "/healthz", through, log) as server:
            _journeys(server, plan, options, figures)
            _submits(server, plan, options, figures, without_django)
            _burst(server, plan, options, figures)
        return _verdict(plan, options, figures)


def _options(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(description="Benchmark of the respondent's journey.")
    parser.add_argument("--quick", action="store_true", help="brief phases, for CI")
    parser.add_argument("--seconds", type=float, help="length of each timed phase")
    parser.add_argument("--burst", type=int, help="respondents arriving in the burst")
    parser.add_argument("--burst-window", type=float, help="seconds the arrivals spread over")
    args = parser.parse_args(argv)
    return Options(
        seconds=args.seconds or (3.0 if args.quick else 15.0),
        journey_workers=20,
        submit_workers=50,
        burst=args.burst or (50 if args.quick else 1000),
        burst_window=args.burst_window or (5.0 if args.quick else 60.0),
        quick=args.quick,
    )


def _environment(folder: Path) -> dict[str, str]:
    """Production settings on plain http: no HTTPS redirect, no HSTS, a fresh SQLite file.

    Cookies stay Secure as in production; the load generator sends them over http anyway.
    """
    return {
        "DJANGO_SETTINGS_MODULE": "mognad.web.settings",
        "MOGNAD_DATA_DIR": str(folder),
        "DATABASE_URL": "",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "BARE_DB": str(folder / "bare.sqlite3"),
    }


def _preamble(plan: "Plan", options: Options) -> str:
    return "\n".join(
        [
            f"Respondent benchmark: people-first, {plan.item_count} items on "
            f"{len(plan.pages)} pages; SQLite (WAL); granian WSGI, 2 workers, 1 thread each;",
            "DEBUG=false with secure cookies sent over plain http on 127.0.0.1.",
            f"The load generators (wrk, this Python process) share the machine's "
            f"{os.cpu_count()} cores with the server, so the figures are lower bounds.",
            "quick run: the figures say nothing; only errors and lost answers count."
            if options.quick
            else "",
        ]
    ).rstrip()


# --- servers -------------------------------------------------------------------------


class Server:
    """granian serving `target` as `make run` does, on a free port; stopped on exit."""

    def __init__(self, target: str, ready: str, env: dict[str, str], log: Path) -> None:
        self.port = _free_port()
        self.ready = ready
        command = [
            str(BIN / "granian"),
            *("--interface", "wsgi", "--workers", str(WORKERS), "--blocking-threads", "1"),
            "--no-ws",
            "--respawn-failed-workers",
            *("--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"),
            *("--working-dir", str(BENCH), target),
        ]
        self.log = log
        with log.open("w") as output:
            self.process = subprocess.Popen(
                command, env={**os.environ, **env}, stdout=output, stderr=subprocess.STDOUT
            )

    def __enter__(self) -> "Server":
        self._wait_until_ready()
        self._wait_until_settled()
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._show_failures()

    def _show_failures(self) -> None:
        """The end of the server's log when something in it failed: the log goes with the
        temporary folder, and an error counted in the figures should be explained."""
        text = self.log.read_text(errors="replace")
        if "Traceback" in text or " 500 " in text:
            tail = "\n".join(text.splitlines()[-40:])
            print(f"--- the end of {self.log.name}, which reports a failure:\n{tail}", flush=True)

    def _wait_until_ready(self) -> None:
        for _ in range(300):
            if self.process.poll() is not None:
                break
            if _answers_200(self.port, self.ready):
                return
            time.sleep(0.1)
        raise RuntimeError(f"the server did not start:\n{self.log.read_text()[-3000:]}")

    def _wait_until_settled(self) -> None:
        """Until every worker has started and gone idle. One answer proves only one worker
        up; wrk, connecting all at once, would give every connection to that one."""
        before = self.worker_seconds()
        for _ in range(120):
            time.sleep(0.25)
            now = self.worker_seconds()
            idle = all(now[pid] - before.get(pid, 0.0) < 0.02 for pid in now)
            if len(now) == WORKERS and idle:
                return
            before = now
        raise RuntimeError(f"the server's workers did not settle:\n{self.log.read_text()[-3000:]}")

    def cpu_seconds(self) -> float:
        """CPU time used so far by granian and its worker processes."""
        return sum(_cpu_seconds(pid) for pid in _process_tree(self.process.pid))

    def worker_seconds(self) -> dict[int, float]:
        """CPU time used so far by each worker process (with its own children)."""
        workers = _children(self.process.pid)
        return {pid: sum(map(_cpu_seconds, _process_tree(pid))) for pid in workers}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _answers_200(port: int, path: str) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", path)
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def _process_tree(pid: int) -> list[int]:
    return [pid, *(p for child in _children(pid) for p in _process_tree(child))]


def _children(pid: int) -> list[int]:
    try:
        return [
            int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]
    except OSError:
        return []


def _cpu_seconds(pid: int) -> float:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU seconds per wall second of the server and of the load generator over a phase."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.start = (time.perf_counter(), server.cpu_seconds(), _own_cpu())

    def server_seconds(self) -> float:
        """CPU seconds the server used since the start."""
        return self.server.cpu_seconds() - self.start[1]

    def wall(self) -> float:
        return time.perf_counter() - self.start[0]

    def report(self) -> str:
        wall = self.wall()
        served = self.server_seconds() / wall
        loaded = (_own_cpu() - self.start[2]) / wall
        return f"cores busy: server {served:.2f}, load generator {loaded:.2f}"


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# --- phases --------------------------------------------------------------------------


def _reference(
    server: Server, path: str, name: str, plan: "Plan", options: Options, figures: Figures
) -> float:
    """Requests per second of a bare one-row insert at `path`, driven by wrk at the
    submit's concurrency with the body a submission sends (0 when wrk could not run), and
    its line in the figures."""
    lines = [f"bare {path} {urlencode(plan.pages[-1])}"]
    run = _wrk(server, "submit.lua", options.submit_workers, options.seconds, lines, figures)
    at = f"{options.submit_workers} connections"
    figures.add(f"reference: bare one-row insert {name}, {at}", _wrk_rate(run, "req/s"))
    return run.rate("acknowledged") if isinstance(run, WrkRun) else 0.0


def _without_django(
    folder: Path, env: dict[str, str], plan: "Plan", options: Options, figures: Figures
) -> float:
    """The bare insert of bench/bare_app.py: what granian and SQLite can do alone."""
    with Server("bare_app:application", "/", env, folder / "bare.log") as server:
        name = "without Django (bench/bare_app.py)"
        return _reference(server, "/", name, plan, options, figures)


def _wrk_rate(run: "WrkRun | str", unit: str) -> str:
    if isinstance(run, str):
        return run
    done = max(int(run.found["acknowledged"]), 1)
    return (
        f"{run.rate('acknowledged'):.0f} {unit} (server CPU "
        f"{run.server_seconds / done * 1e6:,.0f} µs a request; {run.summary()})"
    )


def _journeys(server: Server, plan: "Plan", options: Options, figures: Figures) -> None:
    """Journeys without JavaScript driven by wrk, judged by the bar; then as this process
    drives them, without JavaScript and with htmx, reported beside it."""
    _warm_up(server, plan, figures)
    at_once = f"{options.journey_workers} respondents at once"
    rate, value = _wrk_journeys(server, plan, options, figures)
    bar = f">= {JOURNEY_BAR:.0f}/s"
    figures.add(f"complete journeys driven by wrk, {at_once}", value, bar, rate >= JOURNEY_BAR)
    _, value = _journey_phase(server, plan, options, figures, journey)
    figures.add(f"the same with the reflection page, by this process, {at_once}", value)
    _, value = _journey_phase(server, plan, options, figures, htmx_journey)
    figures.add(f"with JavaScript (htmx), by this process, {at_once}", value)


def _wrk_journeys(
    server: Server, plan: "Plan", options: Options, figures: Figures
) -> tuple[float, str]:
    """Journeys per second without JavaScript, with wrk (C) as the load generator, and the
    line that reports them; 0 when wrk could not run.

    Python's load generator takes a quarter of the machine's two cores or more, which the
    server then lacks; wrk takes a fraction of that. Its journey is DESIGN.md's (the
    welcome page, every page saved, the submission: 16 requests), without the reflection
    page, whose cookie wrk cannot keep (bench/journey.lua).
    """
    lines = [f"link {link}" for link in plan.journey_links]
    lines += [f"page {urlencode(form)}" for form in plan.pages]
    run = _wrk(server, "journey.lua", options.journey_workers, options.seconds, lines, figures)
    if isinstance(run, str):
        return 0.0, run
    journeys = int(run.found["journeys"])
    return run.rate("journeys"), (
        f"{run.rate('journeys'):.1f} journeys/s (16 requests each, server CPU "
        f"{run.server_seconds / max(journeys, 1) * 1000:.1f} ms each; {run.summary()})"
    )


WRK_MISSING = "not measured: wrk is not installed (Debian: apt-get install wrk)"


@dataclass
class WrkRun:
    """What wrk measured in one run, and the CPU the server and wrk used meanwhile."""

    found: dict[str, str]
    server_seconds: float
    wrk_cores: float
    # Each worker's CPU seconds: wrk opens all its connections at once, and the kernel may
    # hand most of them to one worker, which then serves them all run long.
    worker_seconds: list[float]

    def rate(self, name: str) -> float:
        return int(self.found[name]) / float(self.found["seconds"])

    def summary(self) -> str:
        seconds = float(self.found["seconds"])
        workers = " + ".join(f"{busy / seconds:.2f}" for busy in self.worker_seconds)
        return (
            f"p50 request {self.found['p50_ms']} ms, p99 {self.found['p99_ms']} ms; cores busy: "
            f"server {self.server_seconds / seconds:.2f} (workers {workers}), "
            f"wrk {self.wrk_cores:.2f}"
        )


def _wrk(
    server: Server,
    script: str,
    connections: int,
    seconds: float,
    plan_lines: list[str] | None,
    figures: Figures,
) -> WrkRun | str:
    """Runs bench/`script` under wrk, one connection per thread; or why it could not.

    `plan_lines` go to the file the script reads (None: the bare insert). The client ids
    the script saw acknowledged join the figures, to be looked for in the database.
    """
    wrk = shutil.which("wrk")
    if wrk is None:
        return WRK_MISSING
    with tempfile.TemporaryDirectory(prefix="mognad-wrk-") as folder:
        plan = "bare"
        if plan_lines is not None:
            plan = str(Path(folder) / "plan")
            Path(plan).write_text("\n".join(plan_lines) + "\n")
        command = [wrk, "-t", str(connections), "-c", str(connections)]
        command += ["-d", f"{seconds:.0f}s", "-s", str(BENCH / script)]
        command += [f"http://127.0.0.1:{server.port}", "--", plan, folder, str(connections)]
        command.append(CSRF)
        meter = CpuMeter(server)
        before, workers = _children_cpu(), server.worker_seconds()
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
        wall = max(meter.wall(), 1e-9)
        wrk_cores = (_children_cpu() - before) / wall
        server_seconds = meter.server_seconds()
        after = server.worker_seconds()
        worker_seconds = [after[pid] - workers.get(pid, 0.0) for pid in sorted(after)]
        figures.acknowledged.extend(
            line for ack in Path(folder).glob("acks.*") for line in ack.read_text().split()
        )
    found = dict(
        part.split("=", 1)
        for line in result.stdout.splitlines()
        if line.startswith("MOGNAD ")
        for part in line.split()[1:]
    )
    if result.returncode != 0 or not found:
        figures.errors.append(f"wrk failed: {result.stderr.strip()[-500:]}")
        return "not measured: wrk failed (its error is listed below)"
    failures = int(found["failures"]) + int(found["socket_errors"])
    figures.errors.extend([f"{script}: an answer that was not the one expected"] * failures)
    return WrkRun(found, server_seconds, wrk_cores, worker_seconds)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _warm_up(server: Server, plan: "Plan", figures: Figures) -> None:
    """A few journeys of both kinds first, so that neither kind is timed while the workers
    fill their caches (page skeletons, question markup) and the other is not."""
    walks = iter([(walk, link) for link in plan.journey_links[:WARM_UP] for walk in JOURNEYS])

    def task(browser: Browser) -> bool:
        found = next(walks, None)
        if found is not None:
            found[0](browser, found[1], plan.pages)
        return found is not None

    stats, _ = closed_loop(server.port, 4, 60.0, task)
    figures.take(stats)


def _journey_phase(
    server: Server, plan: "Plan", options: Options, figures: Figures, walk: "Journey"
) -> tuple[float, str]:
    """Journeys per second of one kind, and the line that reports them."""
    links = itertools.cycle(plan.journey_links)
    meter = CpuMeter(server)

    def task(browser: Browser) -> bool:
        walk(browser, next(links), plan.pages)
        return True

    stats, seconds = closed_loop(server.port, options.journey_workers, options.seconds, task)
    figures.take(stats)
    done = max(len(stats.acknowledged), 1)
    rate = len(stats.acknowledged) / seconds
    per_journey = meter.server_seconds() / done
    return rate, (
        f"{rate:.1f} journeys/s ({len(stats.all_latencies()) / done:.0f} requests each, "
        f"server CPU {per_journey * 1000:.1f} ms each; p50 request {_ms(stats, 0.5)}, "
        f"p99 {_ms(stats, 0.99)}; {meter.report()})"
    )


def journey(browser: Browser, entry: str, pages: list[list[tuple[str, str]]]) -> None:
    """One respondent from the welcome page to the reflection page, as a browser does it."""
    browser.cookies.clear()
    welcome = browser.get(entry, "welcome").body
    csrf = ("csrfmiddlewaretoken", _hidden(welcome, "csrfmiddlewaretoken"))
    at = browser.post(entry, [csrf, ("lang", "en")], "start").location
    for number, form in enumerate(pages[:-1], start=1):
        _expect(at, f"{entry}p/{number}/")
        browser.get(at, "page")
        at = browser.post(at, [csrf, *form, ("action", "next")], "save").location
    _expect(at, f"{entry}p/{len(pages)}/")
    last = browser.get(at, "page").body
    client_id = _hidden(last, "client_id")
    form = [csrf, *pages[-1], ("client_id", client_id), ("action", "submit")]
    done = browser.post(f"{entry}submit/", form, "submit").location
    _expect(done, f"{entry}done/")
    browser.stats.acknowledged.append(client_id)
    browser.get(done, "reflection")


def htmx_journey(browser: Browser, entry: str, pages: list[list[tuple[str, str]]]) -> None:
    """The same respondent with JavaScript: htmx posts each form, the next page comes back."""
    browser.cookies.clear()
    welcome = browser.get(entry, "welcome").body
    csrf = ("csrfmiddlewaretoken", _hidden(welcome, "csrfmiddlewaretoken"))
    at = _moved(browser.post(entry, [csrf, ("lang", "en")], "start", 200, HTMX), entry, "p/1/")
    for number, form in enumerate(pages[:-1], start=1):
        body = [csrf, *form, ("action", "next")]
        saved = browser.post(f"{entry}p/{number}/", body, "save", 200, HTMX)
        at = _moved(saved, entry, f"p/{number + 1}/")
    client_id = _hidden(at.body, "client_id")
    form = [csrf, *pages[-1], ("client_id", client_id), ("action", "submit")]
    done = _moved(browser.post(f"{entry}submit/", form, "submit", 200, HTMX), entry, "done/")
    if "bar-fill" not in done.body:
        raise HttpError("the answer to Send is not the reflection")
    browser.stats.acknowledged.append(client_id)


JOURNEYS: tuple[Journey, ...] = (journey, htmx_journey)


def _moved(reply: Reply, entry: str, page: str) -> Reply:
    """The reply, once it is the page htmx is told to show under `entry` + `page`."""
    _expect(reply.push_url, f"{entry}{page}")
    return reply


def _hidden(html: str, name: str) -> str:
    marker = f'name="{name}" value="'
    start = html.find(marker)
    if start < 0:
        raise HttpError(f"no {name} on the page")
    start += len(marker)
    return html[start : html.index('"', start)]


def _expect(location: str, wanted: str) -> None:
    if location != wanted:
        raise HttpError(f"sent to {location!r}, expected {wanted!r}")


def _submits(
    server: Server, plan: "Plan", options: Options, figures: Figures, without_django: float
) -> None:
    """Only the final POST, driven by wrk on drafts saved beforehand: enough for the most
    it could send. Judged against the bare insert through Django, the endpoint any of
    Mognad's costs before its own work, measured on the same server just before and just
    after (the host's speed drifts within minutes); beside it, against the insert without
    Django."""
    import respond_fixture

    ready = respond_fixture.ready_drafts(plan, int(options.seconds * 2500))
    form = urlencode(plan.pages[-1])
    lines = [f"{r.link} {r.resume_token} {r.client_id} {form}" for r in ready]
    name = "through Django (bench/bare_django.py), just {} the submissions"
    before = _reference(server, BARE_DJANGO, name.format("before"), plan, options, figures)
    run = _wrk(server, "submit.lua", options.submit_workers, options.seconds, lines, figures)
    after = _reference(server, BARE_DJANGO, name.format("after"), plan, options, figures)
    at = f"{options.submit_workers} connections"
    if isinstance(run, str):
        figures.add(f"submit throughput, {at}", run, f">= {RATIO_BAR:.0%}", False)
        return
    rate, reference = run.rate("acknowledged"), (before + after) / 2
    ratio = rate / reference if before and after else 0.0
    figures.add(
        f"submit throughput driven by wrk, {at}",
        f"{_wrk_rate(run, 'req/s')} = {ratio:.1%} of the bare insert through Django "
        "(the mean of before and after)",
        f">= {RATIO_BAR:.0%}",
        ratio >= RATIO_BAR,
    )
    without = rate / without_django if without_django else 0.0
    figures.add("the same against the bare insert without Django", f"{without:.1%}")
    p99 = float(run.found["p99_ms"])
    figures.add(
        "submit latency",
        f"p50 {run.found['p50_ms']} ms, p99 {p99:.1f} ms",
        f"p99 <= {SUBMIT_P99_BAR * 1000:.0f} ms",
        p99 <= SUBMIT_P99_BAR * 1000,
    )


def _burst(server: Server, plan: "Plan", options: Options, figures: Figures) -> None:
    meter = CpuMeter(server)

    def task(browser: Browser) -> None:
        journey(browser, plan.burst_link, plan.pages)

    stats = open_arrivals(server.port, options.burst, options.burst_window, task)
    figures.take(stats)
    p95 = percentile(stats.all_latencies(), 0.95)
    figures.add(
        f"burst: {options.burst} respondents within {options.burst_window:.0f} s",
        f"p95 request {p95 * 1000:.1f} ms (p50 {_ms(stats, 0.5)}, max {_ms(stats, 1.0)}; "
        f"{len(stats.acknowledged)} submitted; {meter.report()})",
        f"p95 <= {BURST_P95_BAR * 1000:.0f} ms",
        p95 <= BURST_P95_BAR,
    )
    figures.add("burst errors", str(len(stats.errors)), "0", not stats.errors)


def _ms(stats: Stats, share: float) -> str:
    return f"{percentile(stats.all_latencies(), share) * 1000:.1f} ms"


# --- verdict -------------------------------------------------------------------------


def _verdict(plan: "Plan", options: Options, figures: Figures) -> int:
    import respond_fixture

    acknowledged = figures.acknowledged
    lost = len(acknowledged) - len(respond_fixture.stored_client_ids(acknowledged))
    unacknowledged = respond_fixture.response_count(plan) - (len(acknowledged) - lost)
    figures.add("errors (all phases)", str(len(figures.errors)), "0", not figures.errors)
    figures.add("lost answers (all phases)", str(lost), "0", lost == 0)
    figures.add("stored but not acknowledged", str(unacknowledged))
    _print(figures, options)
    if options.quick:
        return 0 if not figures.errors and lost == 0 else 1
    return 0 if all(passed is not False for *_, passed in figures.lines) else 1


def _print(figures: Figures, options: Options) -> None:
    for name, value, bar, passed in figures.lines:
        verdict = "" if passed is None else ("PASS" if passed else "FAIL")
        if options.quick and passed is not None and "errors" not in name and "lost" not in name:
            verdict = "(quick: not judged)"
        suffix = f"   bar {bar}: {verdict}" if bar else ""
        print(f"{name}: {value}{suffix}")
    for error in sorted(set(figures.errors))[:10]:
        print(f"  error: {error}")


if __name__ == "__main__":
    sys.exit(main())
