"""``svit backup`` and ``svit restore`` from the shell: refusals that keep the database as it was."""
import contextlib
import gzip
import io
import sqlite3

from svit_appliance.cli import main as cli_main
from tests.conftest import ServerProcess, provision, run_cli


def svit(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(list(args))
    return code, out.getvalue(), err.getvalue()


def projects(data_dir) -> list[str]:
    with sqlite3.connect(data_dir / "svit.db") as connection:
        return sorted(row[0] for row in connection.execute("SELECT name FROM project"))


def test_it_refuses_a_corrupted_backup_and_leaves_the_database_alone(tmp_path):
    data_dir = tmp_path / "data"
    provision(data_dir)
    made = run_cli(data_dir, "backup", "--json")
    run_cli(data_dir, "project", "create", "After the backup", "--json")
    raw = bytearray(open(made["file"], "rb").read())
    raw[len(raw) // 2] ^= 0xFF
    open(made["file"], "wb").write(bytes(raw))
    code, _, err = svit("restore", made["file"], "--data-dir", str(data_dir))
    assert code == 1
    assert "is corrupted: its SHA-256 differs from the one recorded" in err and "not changed" in err
    assert projects(data_dir) == ["Acme", "After the backup"]


def test_it_refuses_files_that_are_not_svit_backups(tmp_path):
    data_dir = tmp_path / "data"
    provision(data_dir)
    truncated = tmp_path / "truncated.db.gz"
    truncated.write_bytes(gzip.compress(b"SQLite format 3\x00" + b"\x00" * 5000)[:40])
    not_a_database = tmp_path / "notes.db.gz"
    not_a_database.write_bytes(gzip.compress(b"hello, this is not SQLite" * 100))
    other_sqlite = tmp_path / "other.db"
    sqlite3.connect(other_sqlite).execute("CREATE TABLE t (x)").connection.commit()
    foreign = tmp_path / "foreign.db.gz"
    foreign.write_bytes(gzip.compress(other_sqlite.read_bytes()))
    for path, reason in ((truncated, "is not a readable svit backup (gzip"),
                         (not_a_database, "is not a usable svit database: not a readable SQLite database"),
                         (foreign, "is not a usable svit database: it holds no svit schema"),
                         (tmp_path / "missing.db.gz", "does not exist")):
        code, _, err = svit("restore", str(path), "--data-dir", str(data_dir))
        assert code == 1 and reason in err, err
    assert projects(data_dir) == ["Acme"]
    assert not (data_dir / "svit.db.restoring").exists()


def test_it_restores_and_keeps_the_replaced_database_aside(tmp_path):
    data_dir = tmp_path / "data"
    provision(data_dir)
    made = run_cli(data_dir, "backup", "--json")
    run_cli(data_dir, "project", "create", "Later", "--json")
    result = run_cli(data_dir, "restore", made["file"], "--json")
    assert projects(data_dir) == ["Acme"]
    kept = sqlite3.connect(result["replacedKeptAt"])
    assert sorted(row[0] for row in kept.execute("SELECT name FROM project")) == ["Acme", "Later"]
    audit = run_cli(data_dir, "backup", "list", "--json")
    assert [b["file"] for b in audit] == [made["file"]]
    with sqlite3.connect(data_dir / "svit.db") as connection:
        actions = [row[0] for row in connection.execute("SELECT action FROM audit_entry ORDER BY created_at")]
    assert actions[-1] == "backup.restore"


def test_it_refuses_to_restore_while_a_server_runs_on_the_data_dir(tmp_path):
    data_dir = tmp_path / "data"
    provision(data_dir)
    made = run_cli(data_dir, "backup", "--json")
    server = ServerProcess(data_dir).start()
    try:
        code, _, err = svit("restore", made["file"], "--data-dir", str(data_dir))
        assert code == 1 and "a svit server or worker is running on" in err and "stop it first" in err
    finally:
        server.stop()
    assert run_cli(data_dir, "restore", made["file"], "--json")["restored"]


def test_it_keeps_only_the_newest_backups(tmp_path, monkeypatch):
    data_dir = tmp_path / "data"
    provision(data_dir)
    monkeypatch.setenv("SVIT_BACKUP_KEEP", "2")
    made = [run_cli(data_dir, "backup", "--json")["file"] for _ in range(4)]
    listed = [b["file"] for b in run_cli(data_dir, "backup", "list", "--json")]
    assert listed == made[:1:-1]
    assert sorted(p.name for p in (data_dir / "backups").iterdir()) == sorted(
        [f.rsplit("/", 1)[1] for f in made[2:]] + [f.rsplit("/", 1)[1] + ".json" for f in made[2:]])


def test_it_points_to_pg_dump_on_postgresql(tmp_path, monkeypatch):
    monkeypatch.setenv("SVIT_DATABASE_URL", "postgresql://postgres@127.0.0.1/test")
    for args in (("backup",), ("backup", "list"), ("restore", "x.db.gz")):
        code, out, err = svit(*args, "--data-dir", str(tmp_path))
        assert code == 2 and "pg_dump" in err and not out
