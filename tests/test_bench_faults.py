"""bench/faults.py keeps working: workers killed under load lose no acknowledged answer.

A short run of the real benchmark: granian serving Mognad, SIGKILL on its workers.
"""

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_killing_workers_under_load_loses_and_doubles_no_acknowledged_answer():
    """A quick run kills at least one worker, and every bar of the benchmark holds."""
    result = subprocess.run(
        [sys.executable, str(BENCH / "faults.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "acknowledged but not stored: 0 " in result.stdout, output
    assert "stored twice: 0 " in result.stdout, output
    assert "workers killed with SIGKILL: 0 " not in result.stdout, output
