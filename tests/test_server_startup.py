"""Start-up mistakes get one clear line and exit status 2, never a traceback after "listening";
read-only commands never create an empty database where there is none."""
import os
import shutil
import socket
import subprocess
import sys

import pytest

from tests.conftest import ServerProcess, free_port, require


def serve(data_dir, port: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "svit_appliance", "serve", "--data-dir", str(data_dir),
                           "--port", str(port)], capture_output=True, text=True, timeout=60)


def svit(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "svit_appliance", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=60)


def one_clear_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    output = (result.stdout + result.stderr).strip()
    assert "Traceback" not in output and "listening" not in output, output
    lines = [line for line in output.splitlines() if line.startswith("svit: error: ")]
    assert len(lines) == 1, output
    return lines[0]


def test_it_says_the_port_is_taken_and_exits_2(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = one_clear_line(serve(tmp_path / "data", port))
    assert f"cannot listen on 127.0.0.1:{port} (Address already in use)" in line
    assert "--port" in line


def test_it_says_the_data_dir_is_a_file_and_exits_2(tmp_path):
    (tmp_path / "data").write_text("not a directory")
    line = one_clear_line(serve(tmp_path / "data", free_port()))
    assert f"the data directory {tmp_path / 'data'} is a file, not a directory" in line
    assert "--data-dir (or SVIT_DATA_DIR)" in line


def test_it_says_the_database_is_not_one_and_exits_2(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    (data_dir / "svit.db").write_bytes(b"these are notes, not a database " * 64)
    for result in (serve(data_dir, free_port()), svit("project", "list", "--data-dir", str(data_dir))):
        assert f"cannot open the database ({data_dir / 'svit.db'}): file is not a database" in one_clear_line(result)


def without_write_access() -> list[str]:
    """A prefix that makes the command obey file permissions: root (which writes anywhere) loses the
    capabilities that bypass them, and keeps being the owner of everything else it needs."""
    if os.geteuid() != 0:
        return []
    require(shutil.which("setpriv") is not None, "setpriv (util-linux) is needed to run without root's bypass")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


@pytest.mark.parametrize("inside", ["missing/data", ""])
def test_it_says_the_data_dir_is_not_writable_and_exits_2(tmp_path, inside):
    read_only = tmp_path / "read-only"
    read_only.mkdir(mode=0o555)
    data_dir = read_only / inside if inside else read_only
    result = subprocess.run([*without_write_access(), sys.executable, "-m", "svit_appliance", "serve",
                             "--data-dir", str(data_dir), "--port", str(free_port())],
                            capture_output=True, text=True, timeout=60)
    line = one_clear_line(result)
    assert f"data directory {data_dir} (Permission denied)" in line


def test_it_says_listening_only_once_it_answers(tmp_path):
    server = ServerProcess(tmp_path / "data").start()
    try:
        log = server.log()
    finally:
        server.stop()
    assert f"svit listening on http://127.0.0.1:{server.port}" in log


@pytest.mark.parametrize("command", [
    ("project", "list"), ("token", "list", "--project", "prj_x"), ("client-token", "list", "--project", "prj_x"),
    ("integration", "list", "--project", "prj_x"), ("jobs", "list"), ("spam", "list", "--project", "prj_x"),
    ("persons", "show", "per_x"), ("persons", "export", "--project", "prj_x"), ("admin", "list"),
])
def test_it_refuses_to_read_where_there_is_no_data(tmp_path, command):
    result = svit(*command, env={"SVIT_DATA_DIR": str(tmp_path / "nothing")})
    line = one_clear_line(result)
    assert f"no svit data in {tmp_path / 'nothing'}" in line and "--data-dir (or SVIT_DATA_DIR)" in line
    assert not (tmp_path / "nothing").exists()


def test_it_still_creates_the_data_for_a_command_that_writes(tmp_path):
    result = svit("project", "create", "Acme", "--data-dir", str(tmp_path / "new"))
    assert result.returncode == 0, result.stderr
    assert "Acme" in svit("project", "list", "--data-dir", str(tmp_path / "new")).stdout
