"""Benchmark of the results page of a round at 10,000, 100,000 and 1,000,000 responses.

Bars (DESIGN.md): the whole results page (every section) of a round of 100,000 responses
in at most 300 ms of server time, and of 1,000,000 in at most 2 s.

    .venv/bin/python bench/results.py [--sizes 10000,100000,1000000] [--database-url URL]

One people-first round in a fresh database (SQLite in a temporary directory unless
`--database-url` names another, which is then used as is) grows to each size in turn,
stored with bulk SQL from a pool of really scored responses, as the submit path stores
them (random part and token included). Its workspace shares its results in the
benchmark pool with five peer workspaces of PEER_SIZE responses each, so that the
benchmark section has peers to rank among. At each size it reports three passes over
every section, each view run in-process through Django's test client (middleware,
queries, analysis, templates), with the CPU time of this process (on a shared machine,
the wall-clock time includes waiting for a core; the database is in-process for SQLite):

- **from nothing**: no stored summary and an empty cache (as after the summary's
  migration, or on the very first view): the first section reads every row of the round
  and stores its summary, the others read that; each section viewed once, in page order;
- **after new responses**: NEW responses arrive, then each section is viewed once, in
  page order: the first view reads again the parts of the round the new rows fell in;
- **busy**: each section's best of three, with an unrelated row written before each
  view (as respondents and sessions write all the time): the view checks the round's
  rows (one count per part) and finds nothing new;
- **warm**: each section's best of three, nothing written since the last view: on SQLite
  the view then sees from the database's data version that nothing changed and skips
  the count (rounds/unchanged.py).

The results page is the sum of its sections' times in a pass. The reference is one SQL
aggregate over the same stored scores (responses and mean overall score per group, read
from the JSON as a plain SQL report would), best of three; the ratio is the warm page's
time to it.

On PostgreSQL the responses table is vacuumed and analysed after each bulk load, as
autovacuum would (the responses arriving between passes are not). A size meets its bar
when every pass does. The exit status is 0 when every bar of the
sizes run was met; sizes below 100,000 have no bar and only report.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

BARS = {100_000: 0.300, 1_000_000: 2.0}
GROUPS = {"leadership": 0.1, "staff": 0.6, "customers": 0.3}
INSTRUMENT = "people-first"
BATCH = 20_000
NEW = 10  # responses arriving between two views
PEERS = 5  # other opted-in organisations: the benchmark's minimum
PEER_SIZE = 200


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    with tempfile.TemporaryDirectory(prefix="mognad-bench-results-") as folder:
        _setup_django(Path(folder), args.database_url)
        from django.core.management import call_command
        from django.db import OperationalError

        try:
            call_command("migrate", verbosity=0, interactive=False)
        except OperationalError as error:
            print(f"results.py: cannot use the database: {error}".strip(), file=sys.stderr)
            return 2
        bench = Bench(args.pool, args.seed)
        print(f"results page of one {INSTRUMENT} round; pool of {args.pool} scored responses")
        verdicts = [bench.measure(size) for size in sorted(args.sizes)]
        bench.drop()
    return 0 if all(verdicts) else 1


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark of the results page.")
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[10_000, 100_000, 1_000_000],
        help="round sizes, comma-separated",
    )
    parser.add_argument("--pool", type=int, default=2000, help="distinct scored responses")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", default="", help="PostgreSQL, e.g.; default SQLite")
    return parser.parse_args(argv)


def _setup_django(folder: Path, database_url: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "mognad.web.settings",
            "MOGNAD_DATA_DIR": str(folder),
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()


class Bench:
    """One round that grows, an owner logged in, and the pool its rows are drawn from."""

    def __init__(self, pool: int, seed: int) -> None:
        from django.contrib.auth.models import User
        from django.test import Client

        self.rng = random.Random(seed)
        user = User.objects.create_user("bench@example.org", "bench@example.org", "x")
        self.user = user
        self.round = _make_round(user, "Bench")
        self.groups = {g.key: g.pk for g in self.round.groups.all()}
        self.pool = _pool(self.round, pool, self.rng)
        self.stored = 0
        self.peers = [_make_round(user, f"Peer {n}") for n in range(PEERS)]
        for peer in self.peers:
            groups = {g.key: g.pk for g in peer.groups.all()}
            _insert(peer, groups, self.pool, PEER_SIZE, self.rng)
        self.client = Client()
        self.client.force_login(user)

    def measure(self, size: int) -> bool:
        if size > self.stored:
            start = time.perf_counter()
            self._add(size - self.stored)
            seconds = time.perf_counter() - start
            print(f"\nstored {size:,} responses in {seconds:.1f} s", flush=True)
            _vacuum()
        reference = _best_of(3, lambda: _reference(self.round.pk))[0]
        urls = _sections(self.round)
        self._pass(urls)  # warm-up: parsed instrument, templates, translations
        _forget(self.round)
        passes = {"from nothing": self._pass(urls)}
        self._add(NEW)
        passes[f"after {NEW} new responses"] = self._pass(urls)
        passes["busy"] = {name: _best_of(3, self._getter(url), self._touch) for name, url in urls}
        passes["warm"] = {name: _best_of(3, self._getter(url)) for name, url in urls}
        print(f"round of {self.stored:,} responses:")
        totals = [self._report(name, times) for name, times in passes.items()]
        print(f"  reference (one SQL aggregate over the stored scores): {reference * 1000:.1f} ms")
        print(f"  ratio busy page / reference: {totals[-2] / reference:.2f}")
        bar = BARS.get(size)
        if bar is None:
            return True
        verdict = max(totals) <= bar
        print(f"  {'PASS' if verdict else 'FAIL'}: bar {bar * 1000:.0f} ms at {size:,}")
        return verdict

    def _touch(self) -> None:
        _unrelated_write(self.user)

    def _add(self, n: int) -> None:
        _insert(self.round, self.groups, self.pool, n, self.rng)
        self.stored += n

    def _pass(self, urls: list[tuple[str, str]]) -> dict[str, tuple[float, float]]:
        """Each section viewed once, in page order."""
        return {name: _best_of(1, self._getter(url, warm=False)) for name, url in urls}

    @staticmethod
    def _report(name: str, times: dict[str, tuple[float, float]]) -> float:
        total = sum(wall for wall, _ in times.values())
        cpu = sum(used for _, used in times.values())
        print(
            f"  {name}: results page, all sections: {total * 1000:.1f} ms ({cpu * 1000:.1f} ms CPU)"
        )
        for section, (wall, used) in times.items():
            print(f"    section {section}: {wall * 1000:.1f} ms ({used * 1000:.1f} ms CPU)")
        return total

    def _getter(self, url: str, warm: bool = True) -> Callable[[], None]:
        def get() -> None:
            response = self.client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")

        if warm:
            get()
        return get

    def drop(self) -> None:
        for round_ in [self.round, *self.peers]:
            round_.workspace.delete()
        self.user.delete()  # a database named with --database-url is left as it was


def _vacuum() -> None:
    """On PostgreSQL, what autovacuum does after a bulk load: planner statistics, and the
    visibility map that lets the summary's count read its index alone."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE rounds_response")


def _unrelated_write(user: Any) -> None:
    """A row of another table written: the database changed, the round did not."""
    from django.utils import timezone

    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])


def _forget(round_: Any) -> None:
    """No stored summary of any round, and an empty cache: as on a first view."""
    from django.core.cache import cache

    from mognad.web.apps.rounds.models import RoundSummary

    RoundSummary.objects.all().delete()
    cache.clear()


def _make_round(user: Any, name: str) -> Any:
    """An open round in a new workspace of `user` that shares its results in the pool."""
    from mognad.instruments import find_builtin
    from mognad.web.apps.rounds.actions import create_round, open_round
    from mognad.web.apps.workspaces.actions import create_workspace, update_settings

    instrument = find_builtin(INSTRUMENT)
    assert instrument is not None
    workspace = update_settings(create_workspace(user, name), name, benchmark_opt_in=True)
    languages = list(instrument.languages)
    round_ = create_round(workspace, instrument, name, languages, list(GROUPS), 5, None, None)
    return open_round(round_)


def _sections(round_: Any) -> list[tuple[str, str]]:
    """Every results section of the round: the results app's pages that take only a round."""
    from django.urls import URLPattern, reverse

    from mognad.web.apps.results.urls import urlpatterns

    names = [
        p.name
        for p in urlpatterns
        if isinstance(p, URLPattern)
        and p.name
        and not p.name.startswith("export")  # downloads, measured by bench/export.py
        and set(p.pattern.converters) == {"round_id"}
    ]
    return [
        (name, reverse(f"results:{name}", args=[round_.workspace.slug, round_.pk]))
        for name in names
    ]


def _pool(round_: Any, size: int, rng: random.Random) -> list[tuple[str, str, bytes, bytes, bytes]]:
    """`size` distinct answer documents, scored and packed as the submit path does."""
    from mognad.core.answers import validate_answers
    from mognad.core.reference import score_response
    from mognad.web.apps.respond.actions import submitted_answers
    from mognad.web.apps.rounds.instrument import round_instrument
    from mognad.web.apps.rounds.scores import packed_fields

    instrument = round_instrument(round_)
    pool = []
    for _ in range(size):
        answers = submitted_answers(instrument, _random_answers(instrument, rng))
        problems = validate_answers(instrument, answers)
        if problems:
            raise SystemExit(f"the generated answers are invalid: {problems[0]}")
        scores = asdict(score_response(instrument, answers))
        packed = packed_fields(round_, scores, answers)
        pool.append(
            (
                json.dumps(answers),
                json.dumps(scores),
                packed["score_row"],
                packed["item_row"],
                packed["pair_row"],
            )
        )
    return pool


def _random_answers(instrument: Any, rng: random.Random) -> dict[str, Any]:
    """Answers a respondent could give: a personal lean, most items answered."""
    lean = rng.random()
    answers: dict[str, Any] = {}
    for _, item in instrument.walk_items():
        if rng.random() < 0.1:
            continue
        value = _answer(instrument, item, lean, rng)
        if value is not None:
            answers[item.key] = value
    return answers


def _answer(instrument: Any, item: Any, lean: float, rng: random.Random) -> Any:
    def point(low: int, high: int) -> int:
        return max(low, min(high, round(low + (high - low) * (lean + rng.gauss(0, 0.25)))))

    if item.type == "scale":
        scale = instrument.resolve_scale(item)
        return point(scale.min, scale.max)
    if item.type == "pair":
        scale = instrument.resolve_scale(item)
        return {
            "importance": point(scale.min, scale.max),
            "performance": point(scale.min, scale.max),
        }
    if item.type == "choice":
        options = [o for o in instrument.resolve_options(item) if not o.missing]
        return options[point(0, len(options) - 1)].key
    if item.type == "multi":
        return [o.key for o in item.options if rng.random() < lean]
    if item.type == "number":
        return point(int(item.min), int(item.max))
    return None


def _insert(
    round_: Any, groups: dict[str, int], pool: list[Any], n: int, rng: random.Random
) -> None:
    """`n` responses drawn from the pool, in bulk SQL within one transaction per batch."""
    from django.db import connection, transaction

    from mognad.web.apps.rounds.models import Response

    table = Response._meta.db_table
    columns = (
        "client_id, round_id, group_id, language, answers, scores, score_row, item_row, "
        "pair_row, bucket, token, submitted_on"
    )
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * 12)})"
    prep = Response._meta.get_field("client_id")
    today = date.today()
    rows = _rows(
        round_.pk,
        groups,
        pool,
        n,
        rng,
        lambda: prep.get_db_prep_value(uuid.uuid4(), connection),
        today,
    )
    while batch := [row for _, row in zip(range(BATCH), rows, strict=False)]:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, batch)


def _rows(
    round_id: int,
    groups: dict[str, int],
    pool: list[Any],
    n: int,
    rng: random.Random,
    new_id: Callable[[], Any],
    today: date,
) -> Iterator[tuple[Any, ...]]:
    from mognad.web.apps.rounds.models import random_bucket, random_token

    keys, weights = list(GROUPS), list(GROUPS.values())
    for _ in range(n):
        answers, scores, score_row, item_row, pair_row = pool[rng.randrange(len(pool))]
        group = groups[rng.choices(keys, weights)[0]]
        yield (
            new_id(),
            round_id,
            group,
            "en",
            answers,
            scores,
            score_row,
            item_row,
            pair_row,
            random_bucket(),
            random_token(),
            today,
        )


def _reference(round_id: int) -> None:
    """Responses and mean overall score per group, in SQL, from the stored JSON scores."""
    from django.db import connection

    from mognad.web.apps.rounds.models import Response

    table = Response._meta.db_table
    overall = (
        "(scores->>'overall')::float"
        if connection.vendor == "postgresql"
        else "json_extract(scores, '$.overall')"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT group_id, COUNT(*), AVG({overall}) FROM {table} "
            "WHERE round_id = %s GROUP BY group_id",
            [round_id],
        )
        cursor.fetchall()


def _best_of(
    times: int, run: Callable[[], None], before: Callable[[], None] | None = None
) -> tuple[float, float]:
    """The best wall-clock time of `times` runs, and the CPU time of that run; `before`
    runs untimed before each."""
    best = (float("inf"), float("inf"))
    for _ in range(times):
        if before is not None:
            before()
        start, cpu = time.perf_counter(), time.process_time()
        run()
        best = min(best, (time.perf_counter() - start, time.process_time() - cpu))
    return best


if __name__ == "__main__":
    sys.exit(main())
