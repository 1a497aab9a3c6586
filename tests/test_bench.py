"""The benchmarks keep working; CI runs them at a small size only (they are not timed tests)."""

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_scoring_benchmark_runs_and_checks_agreement_at_a_small_size():
    """bench/scoring.py prints its figures and the engine agrees with the reference."""
    result = subprocess.run(
        [sys.executable, str(BENCH / "scoring.py"), "--n", "5000", "--sample", "200"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "responses/s" in result.stdout
    assert "speed-up:" in result.stdout
    assert "PASS: engine agrees with the reference on 200 responses" in result.stdout


def test_journey_cpu_benchmark_runs_every_journey_and_submit_at_a_small_size():
    """bench/journey_cpu.py completes its journeys (without and with htmx) and submits in
    process and prints its figures."""
    result = subprocess.run(
        [sys.executable, str(BENCH / "journey_cpu.py"), "--journeys", "5"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "bare insert:" in result.stdout
    assert "journey:" in result.stdout and "journeys/s on 2 cores" in result.stdout
    assert "with htmx:" in result.stdout and "9 requests" in result.stdout
    assert "of the bare insert's rate" in result.stdout


def test_instruction_benchmark_counts_requests_against_the_bare_insert():
    """bench/instructions.py runs each kind under callgrind and prints its count."""
    result = subprocess.run(
        [sys.executable, str(BENCH / "instructions.py"), "--kinds", "bare,save", "--count", "3"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "bare: " in result.stdout and "k instructions a request" in result.stdout
    assert "save: " in result.stdout and "bare inserts" in result.stdout
