"""CSV import of persons: `svit persons import` on a generated file, timed end to end.

    python tests/bench/bench_import.py [--rows 1000000] [--duplicates 0.05] [--refused 0.01]

Writes a CSV of `--rows` rows (name, email, phone, company, two extra columns; a share of rows
repeat an earlier person's email, so they merge, and a share have an unreadable email, so they
are refused), creates a project in a temp data directory, then runs the real command
(`python -m svit_appliance persons import`) and times it: guessing the mapping, reading,
normalising (on a second process), matching, writing through the normal upsert path and the
search index. Then it checks that search finds the last person written, and times normalising
alone on a sample, to split the CPU time between the two processes (on a 2-core VM the import
takes about as long as the busier of them). Target: 1,000,000 rows in <= 2 min on
a 2-core VM. On a shared machine run it smaller (`--rows 20000`) and read the CPU figures.
"""
import argparse
import csv
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from svit_appliance.core.import_normalise import PROCESS_FROM_BYTES, normalise_rows  # noqa: E402
from svit_appliance.processors.csv_columns import RowReader, choose_mapping  # noqa: E402
from tests.bench.workload import DOMAINS, FIRST, LAST  # noqa: E402

TARGET_ROWS, TARGET_SECONDS = 1_000_000, 120.0
NORMALISE_SAMPLE = 20_000


# `python -m svit_appliance` that prints its own CPU time (not its children's) on stderr at exit
OWN_CPU_AT_EXIT = """import atexit, resource, runpy, sys
def own_cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    sys.stderr.write(f"importing-process-cpu {usage.ru_utime + usage.ru_stime}\\n")
atexit.register(own_cpu)
runpy.run_module("svit_appliance", run_name="__main__", alter_sys=True)
"""

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


def last_email(csv_path: Path) -> str:
    """The email of the file's last row that is not refused."""
    with open(csv_path, encoding="utf-8", newline="") as lines:
        return [cells[1] for cells in csv.reader(lines) if "@" in cells[1]][-1]


def search_finds(data_dir: Path, email: str) -> int:
    """Persons the console's search index (FTS5 trigram) finds for ``email``, right after the import."""
    with sqlite3.connect(data_dir / "svit.db") as db:
        phrase = '"' + email.replace('"', '""') + '"'
        return db.execute("SELECT count(*) FROM person_fts WHERE person_fts MATCH ?", (phrase,)).fetchone()[0]


def normalising_cpu_per_row(csv_path: Path, rows: int = NORMALISE_SAMPLE) -> float:
    """CPU seconds per row of what the second process does (read the row, normalise it), on a sample."""
    with open(csv_path, encoding="utf-8", newline="") as lines:
        reader = csv.reader(lines)
        headers = next(reader)
        sample = [(n, cells) for n, cells in zip(range(rows), reader)]
    started = time.process_time()
    normalise_rows(RowReader(headers, choose_mapping(headers, None)), "US", sample)
    return (time.process_time() - started) / len(sample)


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
        done = subprocess.run([sys.executable, "-c", OWN_CPU_AT_EXIT, "persons", "import", str(csv_path),
                               "--project", project["id"], "--json"], env=env, capture_output=True, text=True,
                              check=True, cwd=ROOT)
        seconds = time.perf_counter() - started
        report = json.loads(done.stdout)
        importing = float(done.stderr.rsplit("importing-process-cpu ", 1)[1].split()[0])
        cpu = _children_cpu() - cpu_before
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        found = search_finds(data_dir, last_email(csv_path))
        normalising = normalising_cpu_per_row(csv_path) * args.rows
        on_a_process = csv_path.stat().st_size >= PROCESS_FROM_BYTES
    rate = args.rows / seconds
    print(f"rows {report['rows']}: imported {report['imported']}, merged {report['merged']}, "
          f"refused {report['refused']} in {seconds:.1f} s = {rate:,.0f} rows/s (CPU time {cpu:.1f} s, "
          f"{cpu / args.rows * 1e6:.0f} us/row; peak memory of a process {peak_mb:.0f} MB)")
    if not on_a_process:
        normalising = 0.0  # a file this small is normalised by the importing process itself
    print(f"CPU split: importing process {importing:.1f} s ({importing / args.rows * 1e6:.0f} us/row, its own "
          f"rusage), second process about {cpu - importing:.1f} s (normalising timed alone on a "
          f"{NORMALISE_SAMPLE:,}-row sample: {normalising:.1f} s)")
    print(f"search finds the last row's person right after the import: {'yes' if found else 'NO'}")
    print(f"1,000,000 rows at this rate: {TARGET_ROWS / rate:.0f} s wall, {TARGET_ROWS * cpu / args.rows:.0f} s of CPU, "
          f"of which the busier process {TARGET_ROWS * max(cpu - importing, importing) / args.rows:.0f} s "
          f"(target <= {TARGET_SECONDS:.0f} s; on a loaded machine the CPU figures are the steadier ones)")
    return 0 if found else 1


if __name__ == "__main__":
    sys.exit(main())
