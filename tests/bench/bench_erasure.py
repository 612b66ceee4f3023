"""Subject access and erasure on a data directory holding many jobs.

    python tests/bench/bench_erasure.py [--jobs 100000]

Seeds one project with ``--jobs`` succeeded jobs of about 1 KB (bulk insert in one transaction)
plus one person and the job that carried them, then times the real commands one after the other:
``svit persons show ID --json`` and ``svit persons erase ID --json`` (each a new process, so Python's
start-up is included). Both read every job body of the project to find the ones that mention the
person; no target, the figures are for docs/development.md.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from svit_appliance.core.audit import Actor  # noqa: E402
from svit_appliance.operations import integrations, projects  # noqa: E402
from svit_appliance.settings import Settings  # noqa: E402
from svit_appliance.store.connect import close_database, open_database  # noqa: E402
from svit_appliance.store.db import database  # noqa: E402
from tests.console import seed  # noqa: E402

FILLER = "x" * 900


def seed_data(data_dir: Path, jobs: int) -> str:
    open_database(Settings.load({}, data_dir=str(data_dir)))
    project = projects.create_project(Actor.cli(), "Acme", "GB")
    integration = integrations.create_integration(Actor.cli(), project.id, "WEBHOOK", "hook")
    ada = seed.person(project.id, "Ada", "ada@example.com", "+442079460958")
    rows = [(f"job_{n:012d}", project.id, integration.id,
             json.dumps({"email": f"p{n}@example.org", "note": FILLER}).encode(), "application/json", "succeeded",
             1, "[]", "2026-11-01 00:00:00") for n in range(jobs)]
    with database.atomic():
        database.connection().executemany(
            "INSERT INTO ingestion_job (id, project_id, integration_id, body, content_type, status, attempts, "
            "person_ids, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    seed.job(project.id, integration.id, {"email": "ada@example.com"}, "succeeded", person_ids=[ada.id])
    close_database()
    return ada.id


def timed(*args: str) -> tuple[float, subprocess.CompletedProcess]:
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "svit_appliance", *args], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return time.monotonic() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=100_000)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="svit-bench-erasure-")) / "data"
    person_id = seed_data(data_dir, args.jobs)
    size = os.path.getsize(data_dir / "svit.db") / 1e6
    show, _ = timed("persons", "show", person_id, "--json", "--data-dir", str(data_dir))
    erase, result = timed("persons", "erase", person_id, "--json", "--data-dir", str(data_dir))
    print(f"{args.jobs} jobs, svit.db {size:.0f} MB: persons show {show:.2f} s, persons erase {erase:.2f} s "
          f"({json.loads(result.stdout)['jobBodiesErased']} job body emptied)")


if __name__ == "__main__":
    main()
