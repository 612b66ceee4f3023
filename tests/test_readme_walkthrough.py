"""The README's walk-through, run as a script against a fresh server: every output it shows must
be what a user sees (ids and the parts written ``...`` aside), so the front door never lies."""
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ServerProcess

ROOT = Path(__file__).resolve().parents[1]
STEP_MARK = "@@svit-walkthrough-step@@"


@dataclass
class Step:
    command: list[str]
    shown: list[str]


def walkthrough_block() -> list[str]:
    readme = ROOT.joinpath("README.md").read_text()
    section = readme[readme.index("## Walk-through"):]
    block = section[section.index("```sh\n") + len("```sh\n"):]
    return block[:block.index("\n```")].splitlines()


def steps(lines: list[str]) -> list[Step]:
    """Commands, each with the output lines the README shows after it (``# ...``)."""
    found, command = [], []
    for line in lines:
        if line.startswith("# "):
            if command:
                found.append(Step(command, []))
                command = []
            found[-1].shown.append(line[2:])
        elif line.strip():
            command.append(line)
    if command:
        found.append(Step(command, []))
    return found


def pattern(shown: str) -> re.Pattern:
    """What the README shows, with ``...`` (elided parts and id tails) matching anything."""
    return re.compile("^" + ".*?".join(re.escape(part) for part in shown.split("...")) + "$")


def test_it_shows_only_outputs_the_walkthrough_really_prints(tmp_path):
    server = ServerProcess(tmp_path / "data").start()
    try:
        script = []
        for step in steps(walkthrough_block()):
            script += [line.replace("localhost:8000", f"127.0.0.1:{server.port}") for line in step.command]
            script.append(f"echo {STEP_MARK}")
        env = {**os.environ, "SVIT_DATA_DIR": str(server.data_dir),
               "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
        result = subprocess.run(["bash", "-euo", "pipefail", "-c", "\n".join(script)], cwd=tmp_path, env=env,
                                capture_output=True, text=True, timeout=120)
    finally:
        server.stop()
    assert result.returncode == 0, result.stderr
    outputs = result.stdout.split(STEP_MARK + "\n")
    for step, output in zip(steps(walkthrough_block()), outputs):
        printed = [line for line in output.splitlines() if line.strip()]
        assert len(printed) == len(step.shown), (step.command, printed)
        for shown, line in zip(step.shown, printed):
            assert pattern(shown).match(line), f"README shows {shown!r} after {step.command[0]!r}, it printed {line!r}"


def test_it_reads_every_shown_output_as_a_step():
    found = steps(walkthrough_block())
    assert sum(len(step.shown) for step in found) >= 5
    assert any("succeeded" in line for step in found for line in step.shown)
