"""The mutation-testing set-up cannot rot: CI runs it on one small, pure module and requires its
kill rate (the whole run: ``.venv/bin/python tests/mutation/run.py``, see docs/development.md)."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).with_name("run.py")


@pytest.mark.timeout(600)
def test_it_kills_at_least_90_percent_of_the_cors_modules_mutants():
    result = subprocess.run([sys.executable, str(RUN), "--fail-under", "90", "cors"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    row = re.search(r"^cors\s+svit_appliance/contact_form/cors\.py\s+(\d+)\s+(\d+)\s+\d+\s+\d+\s+([\d.]+)%",
                    result.stdout, re.MULTILINE)
    assert row, result.stdout
    mutants, killed, rate = int(row[1]), int(row[2]), float(row[3])
    assert mutants >= 100 and killed / mutants * 100 == pytest.approx(rate, abs=0.05) and rate >= 90
