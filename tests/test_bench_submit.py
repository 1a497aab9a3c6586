"""bench/submit.py keeps working: a small run stores every acknowledged answer, without errors.

Only correctness is checked here; speed is the benchmark's business, never a test's.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_submit_benchmark_loses_no_acknowledged_answer_in_a_quick_run():
    """A quick run exits 0 and reports no error and no lost answer over all its phases:
    both references, the journeys driven by wrk (16 requests) and by the benchmark itself
    without JavaScript (17) and with htmx (9), the submissions and the burst."""
    result = subprocess.run(
        [sys.executable, str(BENCH / "submit.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "errors (all phases): 0 " in result.stdout, output
    assert "lost answers (all phases): 0 " in result.stdout, output
    # wrk drives what the bars judge (make test installs it): nothing goes unmeasured.
    assert "not measured" not in result.stdout, output
    assert "reference: bare one-row insert without Django" in result.stdout, output
    assert (
        "reference: bare one-row insert through Django (bench/bare_django.py), just after"
        in result.stdout
    ), output
    assert "complete journeys driven by wrk, 20 respondents" in result.stdout, output
    assert "(16 requests each," in result.stdout, output
    assert "the same with the reflection page, by this process, 20" in result.stdout, output
    assert "(17 requests each," in result.stdout, output
    assert "with JavaScript (htmx), by this process, 20 respondents" in result.stdout, output
    assert "(9 requests each," in result.stdout, output
    assert "of the bare insert through Django" in result.stdout, output
    assert "burst: 50 respondents" in result.stdout, output


@pytest.mark.django_db
def test_the_benchmarks_bare_insert_is_not_a_url_of_mognad(client):
    """bench/bare_django.py's one more URL exists only under its own settings: Mognad
    itself answers 404 and stores nothing."""
    response = client.post("/bench/insert/", {"client_id": "x"})
    assert response.status_code == 404
    assert "bench_answer" not in connection.introspection.table_names()
