"""The benchmarks still run: each one, shrunk to seconds, must finish and print its figures.

The figures themselves are not asserted (targets live in the benchmarks' own output, since
timings on a shared machine are noise); this only keeps the scripts from rotting.
"""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require

BENCH = Path(__file__).resolve().parent / "bench"


@pytest.mark.parametrize("script, args, expected", [
    ("bench_ingest.py", ["--seconds", "1", "--rounds", "1"], "ratio svit/bare"),
    ("bench_form.py", ["--seconds", "1"], "ratio svit/bare"),
    ("bench_pipeline.py", ["--seconds", "1", "--backlog", "200", "--batch-jobs", "20"], "worker alone"),
    ("bench_console_search.py", ["--persons", "3000", "--requests", "20"], "p95"),
    ("bench_erasure.py", ["--jobs", "200"], "persons erase"),
    ("bench_upkeep.py", ["--jobs", "2000", "--seconds", "0.5"], "longest batch"),
])
def test_it_runs_the_benchmark(script, args, expected):
    require(shutil.which("wrk") is not None or script in ("bench_console_search.py", "bench_erasure.py", "bench_upkeep.py"),
            "wrk is not installed (apt-get install -y wrk)")
    result = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert expected in result.stdout
