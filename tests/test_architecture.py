"""The house keeps its shape: the layer contracts (pyproject.toml, [tool.importlinter]) and lint."""
import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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


# Packages and modules whose SQL and engine tests moved into store/ (issue 22); the whole package follows.
SPEAK_NO_SQL = ("access", "inspector", "upkeep", "http", "console/session.py", "console/upkeep.py",
                "console/dashboard.py", "cli/output.py", "cli/backups.py", "cli/digest.py", "cli/server.py",
                "operations/backups.py", "server.py")
# ``db.execute_sql(...)`` and ``Model.raw(...)`` are SQL; ``is_postgres`` and ``settings.database_url`` ask the engine
SQL_METHODS = {"execute_sql", "raw"}
ENGINE_NAMES = {"is_postgres", "database_url"}


def sql_and_engine_tests(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_METHODS:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} .{node.func.attr}(")
        name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None
        if name in ENGINE_NAMES or isinstance(node, ast.alias) and node.name in ENGINE_NAMES:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name or node.name}")
    return found


def test_the_modules_that_moved_their_sql_to_the_store_neither_speak_sql_nor_test_the_engine():
    package = ROOT / "svit_appliance"
    paths = [path for entry in SPEAK_NO_SQL
             for path in ((package / entry).rglob("*.py") if (package / entry).is_dir() else [package / entry])]
    assert len(paths) > len(SPEAK_NO_SQL)
    assert [finding for path in paths for finding in sql_and_engine_tests(path)] == []
