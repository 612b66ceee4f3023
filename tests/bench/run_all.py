"""Every benchmark in one go, and one table of their verdicts against their targets.

    .venv/bin/python tests/bench/run_all.py             # full sizes (minutes; use a quiet machine)
    .venv/bin/python tests/bench/run_all.py --check     # exit 1 when any target is missed
    .venv/bin/python tests/bench/run_all.py --smoke     # seconds: only the "every 2xx stored" checks count

Each benchmark prints its own table, then ``VERDICT {...}`` lines (tests/bench/harness.py): a
figure, the target and PASS/FAIL. "correct" verdicts (every accepted request was stored) must
pass at any size; "speed" verdicts only mean something at full size on a quiet machine, so a
smoke run reports them without failing on them. The binary benchmark needs a built binary and
runs on its own (bench_binary.py).
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SCRIPTS = {  # script -> (full-size arguments, smoke arguments)
    "bench_ingest.py": ([], ["--seconds", "1", "--rounds", "1"]),
    "bench_form.py": ([], ["--seconds", "1", "--rounds", "1"]),
    "bench_pipeline.py": ([], ["--seconds", "1", "--rounds", "1", "--backlog", "200", "--batch-jobs", "20",
                                 "--paced-seconds", "2"]),
    "bench_console_search.py": ([], ["--persons", "3000", "--requests", "20"]),
    "bench_flood.py": ([], ["--seconds", "2", "--rounds", "1", "--flood", "1000"]),
    "bench_delivery.py": ([], ["--seconds", "1", "--rounds", "1", "--connections", "16", "--drain-timeout", "60"]),
    "bench_memory.py": ([], ["--persons", "5000", "--seconds", "2"]),
    "bench_isolation.py": ([], ["--smoke"]),
}


def run(script: str, args: list[str]) -> tuple[list[dict], int, str]:
    result = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True)
    verdicts = [json.loads(line[len("VERDICT "):]) for line in result.stdout.splitlines() if line.startswith("VERDICT ")]
    return verdicts, result.returncode, result.stdout + result.stderr


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes; only correctness verdicts can fail")
    parser.add_argument("scripts", nargs="*", metavar="SCRIPT", help=f"default: {', '.join(SCRIPTS)}")
    args = parser.parse_args(argv)
    rows, failed = [], False
    for script in args.scripts or SCRIPTS:
        verdicts, code, output = run(script, SCRIPTS[script][1 if args.smoke else 0])
        print(output.rstrip() + "\n")
        if code != 0 or not verdicts:
            rows.append((script, "did not finish", "", "FAIL"))
            failed = True
        for v in verdicts:
            judged = v["kind"] == "correct" or not args.smoke
            mark = ("PASS" if v["passed"] else "FAIL") if judged else ("pass" if v["passed"] else "miss") + " (smoke)"
            failed |= judged and not v["passed"]
            rows.append((v["what"], v["figure"], v["target"], mark))
    widths = [max(len(str(row[i])) for row in rows + [("what", "figure", "target", "verdict")]) for i in range(4)]
    print("  ".join(h.ljust(w) for h, w in zip(("what", "figure", "target", "verdict"), widths)))
    for row in rows:
        print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths)))
    return 1 if failed and (args.check or args.smoke) else 0


if __name__ == "__main__":
    sys.exit(main())
