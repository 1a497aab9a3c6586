"""Benchmark of the CSV export of a round of 1,000,000 responses: rows/s and peak memory.

Bar (DESIGN.md): 1,000,000 responses exported to CSV, streamed, with a peak memory of at
most 200 MB.

    .venv/bin/python bench/export.py [--n 1000000] [--database-url URL]

The round is built as bench/results.py builds it (bulk SQL from a pool of really scored
responses). Each measurement runs in a fresh process, so its peak resident memory
(`ru_maxrss`) is its own:

- export: the CSV view, run in-process through Django's test client, its streamed body
  read to the end and counted (what a server does, without the network);
- reference: the same rows, already made and held in a list, written with the csv module
  to a null device: the speed of CSV writing itself, and what holding the rows costs.

The exit status is 0 when the export's peak memory is within the bar and every response
was exported (at sizes below 1,000,000 only the memory bar is checked).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from results import Bench, _insert, _setup_django

MEMORY_BAR_MB = 200.0


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    if args.child:
        return _child(args)
    with tempfile.TemporaryDirectory(prefix="mognad-bench-export-") as folder:
        _setup_django(Path(folder), args.database_url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        bench = Bench(args.pool, args.seed)
        start = time.perf_counter()
        _insert(bench.round, bench.groups, bench.pool, args.n, bench.rng)
        print(f"stored {args.n:,} responses in {time.perf_counter() - start:.1f} s", flush=True)
        common = ["--folder", folder, "--database-url", args.database_url, "--n", str(args.n)]
        common += ["--round", str(bench.round.pk)]
        export = _run_child([*common, "--child", "export"])
        reference = _run_child([*common, "--child", "reference"])
        bench.drop()
    return _report(args.n, export, reference)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark of the CSV export.")
    parser.add_argument("--n", type=int, default=1_000_000, help="responses in the round")
    parser.add_argument("--pool", type=int, default=2000, help="distinct scored responses")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", default="", help="PostgreSQL, e.g.; default SQLite")
    parser.add_argument("--child", choices=["export", "reference"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--round", type=int, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _run_child(arguments: list[str]) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, __file__, *arguments], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"the {arguments[-1]} process failed:\n{result.stdout}{result.stderr}")
    figures: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def _child(args: argparse.Namespace) -> int:
    _setup_django(Path(args.folder), args.database_url)
    from mognad.web.apps.rounds.models import Round

    round_ = Round.objects.get(pk=args.round)
    figures = _export(round_) if args.child == "export" else _reference(round_, args.n)
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures))
    return 0


def _export(round_: Any) -> dict[str, Any]:
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(round_.workspace.memberships.get().user)
    url = reverse("results:export-csv", args=[round_.workspace.slug, round_.pk])
    start = time.perf_counter()
    response = client.get(url)
    size = lines = 0
    for chunk in response.streaming_content:  # type: ignore[attr-defined]
        size += len(chunk)
        lines += chunk.count(b"\r\n")
    seconds = time.perf_counter() - start
    return {"rows": lines - 1, "seconds": seconds, "bytes": size, "status": response.status_code}


def _reference(round_: Any, n: int) -> dict[str, Any]:
    """The same kind of rows, made beforehand and held in a list, written with csv."""
    from mognad.interop.exports import Source
    from mognad.web.apps.results.exports import round_export
    from mognad.web.apps.rounds.models import Response

    export = round_export(round_, "en")
    stored = Response.objects.filter(round=round_).values_list("group__key", "answers", "scores")
    pool = [row for row in (export.row(Source(*s)) for s in stored[:2000]) if row is not None]
    rng = random.Random(1)
    rows = [pool[rng.randrange(len(pool))] for _ in range(n)]
    start = time.perf_counter()
    with open(os.devnull, "w", newline="") as sink:
        writer = csv.writer(sink, lineterminator="\r\n")
        writer.writerow([c.name for c in export.columns])
        writer.writerows(rows)
    return {"rows": len(rows), "seconds": time.perf_counter() - start}


def _report(n: int, export: dict[str, Any], reference: dict[str, Any]) -> int:
    rate = export["rows"] / export["seconds"]
    reference_rate = reference["rows"] / reference["seconds"]
    print(f"CSV export of {n:,} responses (HTTP {export['status']}):")
    print(f"  rows exported: {export['rows']:,} ({export['bytes'] / 1e6:.0f} MB of CSV)")
    print(f"  time: {export['seconds']:.1f} s, {rate:,.0f} rows/s")
    print(f"  peak memory of the exporting process: {export['peak_mb']:.0f} MB")
    print(
        f"  reference (csv module, rows held in a list): {reference_rate:,.0f} rows/s, "
        f"peak memory {reference['peak_mb']:.0f} MB"
    )
    print(f"  ratio export / reference: {rate / reference_rate:.3f}")
    verdict = export["peak_mb"] <= MEMORY_BAR_MB and export["rows"] == n
    print(f"  {'PASS' if verdict else 'FAIL'}: bar {MEMORY_BAR_MB:.0f} MB peak, every row exported")
    return 0 if verdict else 1


if __name__ == "__main__":
    sys.exit(main())
