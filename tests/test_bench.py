"""The benchmarks keep working; CI runs them at a small size only (they are not timed tests)."""

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _run(script: str, *args: str, timeout: int = 120) -> str:
    """What the benchmark printed; it must have succeeded."""
    result = subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_scoring_benchmark_runs_and_checks_agreement_at_a_small_size():
    """bench/scoring.py prints its figures and the engine agrees with the reference."""
    out = _run("scoring.py", "--n", "5000", "--sample", "200")
    assert "responses/s" in out
    assert "speed-up:" in out
    assert "PASS: engine agrees with the reference on 200 responses" in out


def test_journey_cpu_benchmark_runs_every_journey_and_submit_at_a_small_size():
    """bench/journey_cpu.py completes its journeys (without and with htmx) and submits in
    process and prints its figures."""
    out = _run("journey_cpu.py", "--journeys", "5")
    assert "bare insert:" in out
    assert "journey:" in out and "journeys/s on 2 cores" in out
    assert "with htmx:" in out and "9 requests" in out
    assert "of the bare insert's rate" in out


def test_instruction_benchmark_counts_requests_against_the_bare_insert():
    """bench/instructions.py runs each kind under callgrind and prints its count; the
    submit against the insert through Django too."""
    out = _run("instructions.py", "--kinds", "bare,django,submit", "--count", "3", timeout=300)
    assert "bare: " in out and "k instructions a request" in out
    assert "django: " in out and "bare inserts" in out
    assert "submit: " in out and "of the insert's rate through Django" in out
