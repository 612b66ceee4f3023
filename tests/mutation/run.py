"""Mutation testing, module by module: how many mutants of each core module its own tests kill.

    .venv/bin/pip install -e '.[test]'                              # mutmut==3.8.1 comes with the test extra
    .venv/bin/python tests/mutation/run.py                          # every target below
    .venv/bin/python tests/mutation/run.py cors normalise           # some of them
    .venv/bin/python tests/mutation/run.py --fail-under 90 cors     # exit 1 below 90 %
    .venv/bin/python tests/mutation/run.py --survivors jobs         # also print each survivor's diff

Each target gets its own mutmut project under build/mutation/<name>/: symlinks to the package and
tests/, a copy of pyproject.toml with a generated [tool.mutmut] table that mutates only that module
and selects only its test files (web/ is copied in: the embed script and templates are read next to
the package). mutmut runs pytest in build/mutation/<name>/mutants/. Results are fresh on every run
(mutmut's cache does not re-test a survivor after a new test is added).

Kill rate = (killed + timeout) / (mutants - skipped), mutmut's own score, counted over the target's
functions; "no tests" counts against it (no test of the target calls that function in the pytest
process: code reached only through a server subprocess is invisible to mutmut's test mapping).
Mutants listed in tests/mutation/equivalent.txt (with why) are reported apart: they cannot be
killed because they change nothing observable.
"""
import argparse
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "build" / "mutation"
EQUIVALENT_FILE = Path(__file__).with_name("equivalent.txt")


@dataclass(frozen=True)
class Target:
    module: str
    tests: tuple[str, ...]
    functions: tuple[str, ...] = ("*",)  # mutant-name globs inside the module: the part this target checks


# The tests must call the module in-process (see the docstring).
TARGETS = {
    "writer": Target("svit_appliance/pipeline/writer.py", ("tests/pipeline/test_writer.py",)),
    "db": Target("svit_appliance/store/db.py", ("tests/store/test_db.py",)),
    "tokens": Target("svit_appliance/access/tokens.py", ("tests/access/test_tokens.py",)),
    "cache": Target("svit_appliance/access/cache.py", ("tests/access/test_tokens.py",)),
    "access-store": Target("svit_appliance/store/access.py",
                           ("tests/store/test_access.py", "tests/access/test_tokens.py", "tests/console/test_session.py")),
    "jobs": Target("svit_appliance/pipeline/jobs.py", ("tests/pipeline/test_jobs.py",)),
    "job_store": Target("svit_appliance/store/jobs.py",
                        ("tests/pipeline/test_jobs.py", "tests/pipeline/test_writer.py", "tests/pipeline/test_reprocess.py")),
    "leases": Target("svit_appliance/store/leases.py", ("tests/store/test_leases.py", "tests/pipeline/test_jobs.py")),
    "persons": Target("svit_appliance/core/persons.py", ("tests/core/test_persons.py",)),
    "batch": Target("svit_appliance/core/batch_upsert.py", ("tests/core/test_persons.py",)),
    "person_store": Target("svit_appliance/store/persons.py", ("tests/store/test_persons.py", "tests/core/test_persons.py")),
    "normalise": Target("svit_appliance/core/normalise.py", ("tests/core/test_normalise.py",)),
    "cors": Target("svit_appliance/contact_form/cors.py", ("tests/contact_form/test_cors.py",)),
    "spam": Target("svit_appliance/contact_form/spam.py",
                   ("tests/contact_form/test_spam.py", "tests/contact_form/test_store.py")),
    "submission": Target("svit_appliance/contact_form/submission.py", ("tests/contact_form/test_submission.py",)),
    "session": Target("svit_appliance/console/session.py", ("tests/console/test_session.py",)),
    "csrf": Target("svit_appliance/console/web.py", ("tests/console/test_session.py",),
                   ("*.x__same_origin__*", "*.x_check_csrf__*")),
    "signatures": Target("svit_appliance/processors/signatures.py", ("tests/processors/test_signatures.py",)),
}
LINKED = ["svit_appliance", "tests"]
# Log lines are for operators; their wording is not worth a test per mutant.
DO_NOT_MUTATE_PATTERNS = [r"\blog\.(debug|info|warning|error|exception)\("]
RESULT_LINE = re.compile(r"^\s*(\S+__mutmut_\d+): (.+)$")
KILLED = ("killed", "timeout")


def toml_list(values) -> str:
    return "[" + ", ".join('"' + v.replace("\\", "\\\\") + '"' for v in values) + "]"


def prepare(name: str, target: Target) -> Path:
    project = WORK / name
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    for entry in LINKED:
        (project / entry).symlink_to(ROOT / entry, target_is_directory=True)
    shutil.copytree(ROOT / "web", project / "web")
    base = (ROOT / "pyproject.toml").read_text()
    if "mutmut" in tomllib.loads(base).get("tool", {}):
        sys.exit("pyproject.toml has a [tool.mutmut] table: tests/mutation/run.py writes its own")
    (project / "pyproject.toml").write_text("\n".join([
        base, "[tool.mutmut]",
        'source_paths = ["svit_appliance"]',
        f"only_mutate = {toml_list([target.module])}",
        f"pytest_add_cli_args_test_selection = {toml_list(target.tests)}",
        'also_copy = ["web"]',
        f"do_not_mutate_patterns = {toml_list(DO_NOT_MUTATE_PATTERNS)}",
        "use_git_change_detection = false", ""]))
    return project


def mutmut(project: Path, *args: str, log=None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "mutmut"
    if not exe.exists():
        sys.exit(f"{exe} not found: .venv/bin/pip install -e '.[test]' (it pins mutmut==3.8.1)")
    env = dict(os.environ)
    # tests/conftest.py turns any skipped test into exit status 1 under CI=true; inside mutmut
    # that would fail the stats and clean runs, or count a survivor as killed.
    env.pop("CI", None)
    return subprocess.run([str(exe), *args], cwd=project, env=env, text=True,
                          stdout=log or subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def equivalent_mutants() -> set[str]:
    if not EQUIVALENT_FILE.exists():
        return set()
    lines = (line.split("#", 1)[0].strip() for line in EQUIVALENT_FILE.read_text().splitlines())
    return {line.split()[0] for line in lines if line}


def run_target(name: str, max_children: int | None, survivors: bool) -> dict:
    target = TARGETS[name]
    project = prepare(name, target)
    started = time.monotonic()
    globs = [] if target.functions == ("*",) else [f"svit_appliance*{g.lstrip('*')}" for g in target.functions]
    args = ["run", *(["--max-children", str(max_children)] if max_children else []), *globs]
    with open(project / "mutmut.log", "w") as log:
        code = mutmut(project, *args, log=log).returncode
    seconds = time.monotonic() - started
    results = {}
    for line in mutmut(project, "results", "--all", "true").stdout.splitlines():
        match = RESULT_LINE.match(line)
        if match and any(fnmatch.fnmatch(match[1], glob) for glob in target.functions):
            results[match[1]] = match[2].strip()
    if code != 0 or not results:
        tail = (project / "mutmut.log").read_text(errors="replace").replace("\r", "\n")[-3000:]
        print(f"mutmut failed for {name} (exit {code}); end of {project / 'mutmut.log'}:\n{tail}")
        return {"name": name, "error": True, "seconds": seconds}
    known = equivalent_mutants()
    counted = {k: v for k, v in results.items() if v != "skipped"}
    left = sorted(k for k, v in counted.items() if v not in KILLED)
    if survivors:
        for key in left:
            diff = mutmut(project, "show", key).stdout
            print("\n".join(line for line in diff.splitlines() if line.startswith(("# ", "-", "+"))
                            and not line.startswith(("---", "+++"))))
    return {"name": name, "seconds": seconds, "total": len(counted), "statuses": counted, "left": left,
            "equivalent": [k for k in left if k in known]}


def rate(result: dict, without_equivalent: bool = False) -> float:
    total = result["total"] - (len(result["equivalent"]) if without_equivalent else 0)
    killed = sum(status in KILLED for status in result["statuses"].values())
    return 100.0 * killed / total if total else 100.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="*", metavar="TARGET", help=f"default: all of {', '.join(TARGETS)}")
    parser.add_argument("--fail-under", type=float, metavar="PERCENT",
                        help="exit 1 when a target's kill rate is below this")
    parser.add_argument("--survivors", action="store_true", help="print the diff of every mutant not killed")
    parser.add_argument("--max-children", type=int, help="parallel test processes (mutmut's default: CPU count)")
    args = parser.parse_args(argv)
    unknown = [t for t in args.targets if t not in TARGETS]
    if unknown:
        parser.error(f"unknown target(s) {', '.join(unknown)}; known: {', '.join(TARGETS)}")
    results = [run_target(name, args.max_children, args.survivors) for name in args.targets or TARGETS]

    header = (f"{'target':<11} {'module':<42} {'mutants':>7} {'killed':>6} {'left':>5} {'equiv.':>6} "
              f"{'kill rate':>9} {'w/o equiv.':>10} {'time':>6}")
    print("\n" + header + "\n" + "-" * len(header))
    failed = False
    for r in results:
        module = TARGETS[r["name"]].module
        if r.get("error"):
            print(f"{r['name']:<11} {module:<42} {'mutmut failed':>40} {r['seconds']:>5.0f}s")
            failed = True
            continue
        score = rate(r)
        below = args.fail_under is not None and score < args.fail_under
        failed |= below
        print(f"{r['name']:<11} {module:<42} {r['total']:>7} {r['total'] - len(r['left']):>6} {len(r['left']):>5} "
              f"{len(r['equivalent']):>6} {score:>8.1f}% {rate(r, True):>9.1f}% {r['seconds']:>5.0f}s"
              + (f"  < {args.fail_under:g}%" if below else ""))
    left = [(key, r["statuses"][key], key in r["equivalent"]) for r in results for key in r.get("left", [])]
    if left and not args.survivors:
        print(f"\n{len(left)} mutant(s) not killed (see one: cd build/mutation/<target> && "
              f"{Path(sys.executable).parent / 'mutmut'} show <name>):")
        for key, status, equivalent in left:
            print(f"    {key}: {status}" + ("  (equivalent, see tests/mutation/equivalent.txt)" if equivalent else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
