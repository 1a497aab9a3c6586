"""bench/results.py keeps working: a small round's results page is timed against SQL.

Only that it runs and reports is checked here; speed is the benchmark's business.
"""

import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_results_benchmark_reports_the_page_and_the_reference_at_a_small_size():
    """A round of 2,000 responses: every section timed, the SQL reference and their ratio."""
    result = subprocess.run(
        [sys.executable, str(BENCH / "results.py"), "--sizes", "2000", "--pool", "50"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "stored 2,000 responses" in result.stdout, output
    assert "section round:" in result.stdout, output
    assert "results page, all sections:" in result.stdout, output
    assert re.search(r"ratio \w+ page / reference: [0-9.]+", result.stdout), output


def test_results_benchmark_names_a_database_it_cannot_reach_in_one_line():
    """A database URL naming no database: exit status 2 and a message, no traceback."""
    missing = "postgres://postgres@127.0.0.1:5432/mognad_no_such_database"
    result = subprocess.run(
        [sys.executable, str(BENCH / "results.py"), "--sizes", "10", "--database-url", missing],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "cannot use the database" in result.stderr
    assert "Traceback" not in result.stderr
