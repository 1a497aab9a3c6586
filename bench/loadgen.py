"""A small load generator for bench/submit.py: keep-alive HTTP/1.1 clients in threads.

Pure standard library, so the benchmark needs nothing installed. It shares the CPU with
the server it measures, which bench/submit.py says in its output.
"""

import gc
import http.client
import math
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlencode

TIMEOUT = 30.0
Form = list[tuple[str, str]]
Headers = dict[str, str]


class HttpError(Exception):
    """A request failed or answered something a browser on this journey would not get."""


@dataclass
class Reply:
    status: int
    location: str
    body: str
    # Where htmx would take the address bar (HX-Push-Url), for answers to htmx's requests.
    push_url: str = ""


@dataclass
class Stats:
    """Latencies in seconds by kind of request, and what went wrong (appends are atomic)."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)

    def add(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)

    def all_latencies(self) -> list[float]:
        return [s for values in self.latencies.values() for s in values]

    def count(self, kind: str) -> int:
        return len(self.latencies.get(kind, []))


class Browser:
    """One client on one keep-alive connection, with a cookie jar that ignores paths.

    Each virtual respondent uses a single link, so cookie paths never need telling
    apart; the Secure flag is ignored as well (the server runs production cookie settings
    on plain http here).
    """

    def __init__(self, port: int, stats: Stats) -> None:
        self.port = port
        self.stats = stats
        self.cookies: dict[str, str] = {}
        self._conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)

    def close(self) -> None:
        self._conn.close()

    def get(self, path: str, kind: str, expect: int = 200) -> Reply:
        return self.request("GET", path, None, kind, expect)

    def post(
        self, path: str, form: Form, kind: str, expect: int = 302, headers: Headers | None = None
    ) -> Reply:
        return self.request("POST", path, form, kind, expect, headers)

    def request(
        self,
        method: str,
        path: str,
        form: Form | None,
        kind: str,
        expect: int,
        headers: Headers | None = None,
    ) -> Reply:
        body = urlencode(form) if form is not None else None
        started = time.perf_counter()
        try:
            reply = self._send(method, path, body, headers or {})
        except (OSError, http.client.HTTPException) as error:
            self._conn.close()
            raise HttpError(f"{method} {kind}: {type(error).__name__}: {error}") from None
        self.stats.add(kind, time.perf_counter() - started)
        if reply.status != expect:
            raise HttpError(f"{method} {kind}: status {reply.status}, expected {expect}")
        return reply

    def _send(self, method: str, path: str, body: str | None, extra: Headers) -> Reply:
        headers = {"Accept-Language": "en", **extra}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self._conn.request(method, path, body, headers)
        response = self._conn.getresponse()
        text = response.read().decode("utf-8")
        for header in response.headers.get_all("Set-Cookie") or []:
            self._remember(header)
        location = response.getheader("Location", "")
        return Reply(response.status, location, text, response.getheader("HX-Push-Url", ""))

    def _remember(self, header: str) -> None:
        name, _, rest = header.partition("=")
        value, _, attributes = rest.partition(";")
        if "max-age=0" in attributes.lower().replace(" ", ""):
            self.cookies.pop(name.strip(), None)
        else:
            self.cookies[name.strip()] = value.strip()


def closed_loop(
    port: int, workers: int, seconds: float, task: Callable[[Browser], bool]
) -> tuple[Stats, float]:
    """Runs `task` again and again on `workers` browsers until time is up or it returns False.

    Returns the stats and the seconds from the start to the last task's end.
    """
    stats = Stats()
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()

    def work() -> None:
        browser = Browser(port, stats)
        try:
            while time.perf_counter() < deadline and _attempt(task, browser, stats):
                pass
        finally:
            browser.close()

    with _no_collector_pauses():
        _run_threads([threading.Thread(target=work) for _ in range(workers)])
    return stats, time.perf_counter() - started


def _attempt(task: Callable[[Browser], bool], browser: Browser, stats: Stats) -> bool:
    try:
        return task(browser)
    except HttpError as error:
        stats.errors.append(str(error))
        return True


def open_arrivals(
    port: int, count: int, window: float, task: Callable[[Browser], None], seed: int = 1
) -> Stats:
    """Starts `count` browsers at random moments spread uniformly over `window` seconds.

    Each runs `task` once. Arrivals do not wait for one another, so a slow server
    meets the whole crowd rather than a queue held back by the load generator.
    """
    stats = Stats()
    rng = random.Random(seed)
    moments = sorted(rng.uniform(0, window) for _ in range(count))
    threads: list[threading.Thread] = []
    with _no_collector_pauses():
        started = time.perf_counter()
        for moment in moments:
            time.sleep(max(0.0, started + moment - time.perf_counter()))
            thread = threading.Thread(target=_once, args=(port, stats, task))
            thread.start()
            threads.append(thread)
        for thread in threads:
            thread.join()
    return stats


def _once(port: int, stats: Stats, task: Callable[[Browser], None]) -> None:
    browser = Browser(port, stats)
    try:
        task(browser)
    except HttpError as error:
        stats.errors.append(str(error))
    finally:
        browser.close()


@contextmanager
def _no_collector_pauses() -> Iterator[None]:
    """No cyclic garbage collection in the load generator while it times requests.

    A full collection here stopped every client thread for up to 80 ms (the fixture's
    objects live in this process too), and each request in flight then counted the pause
    as the server's latency. What a phase leaves is collected after it.
    """
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _run_threads(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share in 0..1); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(share * len(ordered))))
    return ordered[rank - 1]
