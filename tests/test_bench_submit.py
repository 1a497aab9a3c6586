"""bench/submit.py keeps working: a small run stores every acknowledged answer, without errors.

Only correctness is checked here; speed is the benchmark's business, never a test's.
"""

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_submit_benchmark_loses_no_acknowledged_answer_in_a_quick_run():
    """A quick run exits 0 and reports no error and no lost answer over all its phases,
    journeys without JavaScript (17 requests), with htmx (9) and driven by wrk (16)."""
    result = subprocess.run(
        [sys.executable, str(BENCH / "submit.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "errors (all phases): 0 " in result.stdout, output
    assert "lost answers (all phases): 0 " in result.stdout, output
    assert "complete journeys, 20 respondents" in result.stdout, output
    assert "complete journeys with JavaScript (htmx), 20 respondents" in result.stdout, output
    assert "(9 requests each," in result.stdout and "(17 requests each," in result.stdout, output
    # The same journeys once more, driven by wrk (make test installs it).
    assert "the same journeys driven by wrk, 20 respondents" in result.stdout, output
    assert "(16 requests each," in result.stdout, output
    assert "the same driven by wrk: " in result.stdout, output  # the bare insert
    assert "the same submissions driven by wrk: " in result.stdout, output
    assert "not measured" not in result.stdout, output
    assert "burst: 50 respondents" in result.stdout, output
