"""The house keeps its shape: the layer contracts (pyproject.toml, [tool.importlinter]), lint, and
the suite's own: tests share helpers and fixtures, never each other."""
import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    assert found, f"{name} is not installed: pip install -e '.[test]'"
    return found


def test_it_keeps_every_import_contract():
    result = subprocess.run([tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_it_passes_ruff():
    result = subprocess.run([tool("ruff"), "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


# Only store/ speaks SQL or knows which engine runs (issue 22); settings.py defines the setting
# that names the engine and is read by store/db.py alone.
STORE = ROOT / "svit_appliance" / "store"
DEFINES_THE_ENGINE_SETTING = ROOT / "svit_appliance" / "settings.py"
# ``db.execute_sql(...)``, ``Model.raw(...)``, ``db.atomic()`` speak SQL; ``is_postgres`` and ``database_url`` ask the engine
SQL_METHODS = {"execute_sql", "raw", "atomic"}
ENGINE_NAMES = {"is_postgres", "database_url"}
QUERY_METHODS = {"select", "get", "get_or_none", "get_by_id", "update", "delete", "create", "insert", "insert_many",
                 "save", "delete_instance"}


def outside_the_store() -> list[Path]:
    return [path for path in sorted((ROOT / "svit_appliance").rglob("*.py"))
            if STORE not in path.parents and path != DEFINES_THE_ENGINE_SETTING]


def sql_and_engine_tests(source: str, where: str, model_names: set[str] = frozenset()) -> list[str]:
    """Where ``source`` speaks SQL, asks which engine runs, or (given the model names) queries a model."""
    found = []
    for node in ast.walk(ast.parse(source, where)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_METHODS:
            found.append(f"{where}:{node.lineno} .{node.func.attr}(")
        name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None
        if name in ENGINE_NAMES or isinstance(node, ast.alias) and node.name in ENGINE_NAMES:
            found.append(f"{where}:{node.lineno} {name or node.name}")
        if (isinstance(node, ast.Attribute) and node.attr in QUERY_METHODS and isinstance(node.value, ast.Name)
                and node.value.id in model_names):
            found.append(f"{where}:{node.lineno} {node.value.id}.{node.attr}")
    return found


def test_only_the_store_speaks_sql_or_asks_which_engine_runs():
    from svit_appliance.store import models

    model_names = {name for name, value in vars(models).items()
                   if isinstance(value, type) and issubclass(value, models.BaseModel)}
    paths = outside_the_store()
    assert len(paths) > 100
    assert [finding for path in paths
            for finding in sql_and_engine_tests(path.read_text(), str(path.relative_to(ROOT)), model_names)] == []


def test_the_sql_check_finds_a_query_a_statement_and_an_engine_test():
    planted = ("def f(db, settings):\n    Person.select().where(Person.id == 1)\n"
               "    db.execute_sql('SELECT 1')\n    return settings.database_url\n")
    found = sql_and_engine_tests(planted, "planted.py", {"Person"})
    assert sorted(finding.split(" ", 1)[1] for finding in found) == [".execute_sql(", "Person.select", "database_url"]


def imported_modules(path: Path) -> set[str]:
    """The dotted name of every module ``path`` imports; ``from a import b`` counts as ``a`` and ``a.b``."""
    package = path.relative_to(ROOT).parent.parts
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ".".join([*package[:len(package) - node.level + 1], node.module or ""] if node.level
                            else [node.module]).strip(".")
            names.update([base, *(f"{base}.{alias.name}" for alias in node.names)])
    return names


def run_not_imported(module: str) -> str | None:
    """The test module (pytest runs it) or benchmark script (run_all.py runs it) ``module`` names or lies in."""
    parts = module.split(".")
    for depth, part in enumerate(parts[1:], start=2):
        if parts[0] == "tests" and (part.startswith("test_") or parts[1] == "bench" and part.startswith("bench_")):
            return ".".join(parts[:depth])
    return None


def test_it_keeps_test_modules_and_benchmarks_from_importing_each_other():
    found = sorted({f"{path.relative_to(ROOT)} imports {run_not_imported(module)}"
                    for path in TESTS.rglob("*.py") for module in imported_modules(path) if run_not_imported(module)})
    assert found == [], "what two of them share belongs in a helper module or tests/conftest.py: " + "; ".join(found)


# Audit entries are written by operations only, in the change's transaction (issue 22): the store
# function that inserts them, and the one module that calls it.
AUDIT_STORE, AUDIT_WRITER = "store/audit.py", "operations/op.py"
AUDIT_WRITES = {"create", "insert", "insert_many", "replace", "update", "save"}
INSERTS_AUDIT = re.compile(r"\bINSERT\s+INTO\s+audit_entry\b", re.IGNORECASE)
FACES = ("api", "console", "cli")


def audit_writes(path: Path) -> list[str]:
    """Where ``path`` writes an audit entry: ``AuditEntry.create(...)`` and the like, or SQL inserting one."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in AUDIT_WRITES
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "AuditEntry"):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} AuditEntry.{node.func.attr}(")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and INSERTS_AUDIT.search(node.value):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} INSERT INTO audit_entry")
    return found


def package_modules() -> list[Path]:
    return sorted((ROOT / "svit_appliance").rglob("*.py"))


def test_only_the_audit_store_writes_audit_entries():
    found = [finding for path in package_modules() for finding in audit_writes(path)]
    assert found and all(finding.startswith(f"svit_appliance/{AUDIT_STORE}:") for finding in found), found


def test_only_op_audit_calls_the_audit_store_and_no_face_makes_an_operation_of_its_own():
    package = ROOT / "svit_appliance"
    callers = sorted(str(path.relative_to(package)) for path in package_modules()
                     if "svit_appliance.store.audit" in imported_modules(path))
    assert callers == [AUDIT_WRITER], "audit entries are written through Op.audit, in the operation's transaction"
    faces = [f"{path.relative_to(ROOT)} imports {name}" for face in FACES for path in (package / face).rglob("*.py")
             for name in imported_modules(path)
             if name.split(".")[:3] in (["svit_appliance", "operations", "op"], ["svit_appliance", "store", "audit"])
             or name in ("svit_appliance.operations.Op", "svit_appliance.operations.operation")]
    assert faces == [], "faces call operations; they never write audit entries themselves"


LAUNCHES_CHROMIUM = re.compile(r"\bchromium\.launch|sync_playwright\(\)")
CREATES_DATABASE = re.compile(r"\b(CREATE|DROP)\s+DATABASE\b", re.IGNORECASE)


def test_it_launches_chromium_and_creates_postgresql_databases_only_in_the_shared_fixtures():
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        if path in (TESTS / "conftest.py", Path(__file__).resolve()):
            continue
        text = path.read_text()
        if LAUNCHES_CHROMIUM.search(text):
            found.append(f"{path.relative_to(ROOT)} launches Chromium: take the browser fixture")
        if CREATES_DATABASE.search(text):
            found.append(f"{path.relative_to(ROOT)} creates a database: take postgres_url or pg_db")
    assert found == [], "; ".join(found)
