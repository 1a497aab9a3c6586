"""bench/export.py keeps working: a small round is exported and its memory measured.

Only that it runs, exports every row and reports is checked here, never its speed.
"""

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_export_benchmark_exports_every_row_and_reports_memory_at_a_small_size():
    """2,000 responses: all exported, rows/s, peak memory and the csv reference printed."""
    result = subprocess.run(
        [sys.executable, str(BENCH / "export.py"), "--n", "2000", "--pool", "50"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "rows exported: 2,000" in result.stdout, output
    assert "peak memory of the exporting process:" in result.stdout, output
    assert "ratio export / reference:" in result.stdout, output
