"""The README's first commands are the ones CI runs."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    lines = ROOT.joinpath("README.md").read_text().splitlines()[:12]
    return [line.strip() for line in lines if line.startswith("    ")]


def test_it_opens_with_the_run_and_the_test_commands():
    run, test = readme_commands()[:2]
    assert run.endswith("svit serve")
    assert "pytest" in test


def test_it_runs_the_readme_test_command_in_ci():
    test_command = readme_commands()[1]
    assert test_command in ROOT.joinpath(".ci/run").read_text().splitlines()
