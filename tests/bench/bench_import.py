"""CSV import of persons: `svit persons import` on a generated file, timed end to end.

    python tests/bench/bench_import.py [--rows 1000000] [--duplicates 0.05] [--refused 0.01]

Writes a CSV of `--rows` rows (name, email, phone, company, two extra columns; a share of rows
repeat an earlier person's email, so they merge, and a share have an unreadable email, so they
are refused), creates a project in a temp data directory, then runs the real command
(`python -m svit_appliance persons import`) and times it: guessing the mapping, reading,
normalising, matching, writing through the normal upsert path and the search index's triggers.
Target (DESIGN.md): 1,000,000 rows in <= 2 min on a 2-core VM. On a shared machine run it
smaller (`--rows 20000`) and read the rows/s figure.
"""
import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.bench_console_search import DOMAINS, FIRST, LAST  # noqa: E402

TARGET_ROWS, TARGET_SECONDS = 1_000_000, 120.0


AREA_CODES = (212, 415, 617, 312, 206, 303, 512, 702)


def unique_phone(n: int) -> str:
    """A valid US number of its own for each row (63 million of them)."""
    exchange, area = 201 + (n // 10_000) % 789, AREA_CODES[(n // 7_890_000) % len(AREA_CODES)]
    return f"+1 {area} {exchange} {n % 10_000:04d}"


def write_csv(path: Path, rows: int, duplicates: float, refused: float, seed: int = 3) -> None:
    rng = random.Random(seed)
    emails: list[str] = []
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["Full name", "E-mail", "Phone number", "Company", "Plan", "Signed up"])
        for n in range(rows):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            email = f"{first}.{last}{n}@{rng.choice(DOMAINS)}".lower().replace(" ", "")
            draw = rng.random()
            if draw < refused:
                email = f"{first} at nowhere"
            elif draw < refused + duplicates and emails:
                email = rng.choice(emails)
            else:
                emails.append(email)
            writer.writerow([f"{first} {last}", email, unique_phone(n),
                             f"{last} Ltd", rng.choice(["free", "pro"]), "2026-01-01"])


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=TARGET_ROWS)
    parser.add_argument("--duplicates", type=float, default=0.05)
    parser.add_argument("--refused", type=float, default=0.01)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="svit-bench-import-") as tmp:
        data_dir, csv_path = Path(tmp) / "data", Path(tmp) / "persons.csv"
        write_csv(csv_path, args.rows, args.duplicates, args.refused)
        env = {**os.environ, "SVIT_DATA_DIR": str(data_dir)}

        def svit(*command: str) -> dict:
            done = subprocess.run([sys.executable, "-m", "svit_appliance", *command, "--json"], env=env,
                                  capture_output=True, text=True, check=True, cwd=ROOT)
            return json.loads(done.stdout)

        project = svit("project", "create", "Bench", "--region", "US")
        cpu_before = _children_cpu()
        started = time.perf_counter()
        report = svit("persons", "import", str(csv_path), "--project", project["id"])
        seconds = time.perf_counter() - started
        cpu = _children_cpu() - cpu_before
    rate = args.rows / seconds
    print(f"rows {report['rows']}: imported {report['imported']}, merged {report['merged']}, "
          f"refused {report['refused']} in {seconds:.1f} s = {rate:,.0f} rows/s (CPU time {cpu:.1f} s)")
    print(f"1,000,000 rows at this rate: {TARGET_ROWS / rate:.0f} s wall, {TARGET_ROWS * cpu / args.rows:.0f} s of CPU "
          f"(target <= {TARGET_SECONDS:.0f} s; on a loaded machine the CPU figure is the steadier one)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
