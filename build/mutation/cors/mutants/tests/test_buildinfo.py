"""`svit version` and the resource lookup that works the same in a checkout and in the binary."""
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from svit_appliance import __version__
from svit_appliance.buildinfo import checkout_commit
from svit_appliance.resources import resource_path

ROOT = Path(__file__).resolve().parents[1]


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True).stdout.strip()


def test_it_reports_the_version_and_the_checkout_commit():
    result = subprocess.run([sys.executable, "-m", "svit_appliance", "version", "--json"],
                            capture_output=True, text=True, check=True)
    info = json.loads(result.stdout)
    assert info == {"version": __version__, "commit": checkout_commit(), "builtAt": None, "frozen": False}
    assert info["commit"].removesuffix("-dirty") == git("rev-parse", "HEAD")


def test_it_marks_a_checkout_with_changed_tracked_files_as_dirty():
    assert checkout_commit().endswith("-dirty") == bool(git("status", "--porcelain", "--untracked-files=no"))


def test_it_knows_no_commit_outside_a_checkout(tmp_path):
    assert checkout_commit(tmp_path) is None


def test_it_finds_resources_in_the_checkout():
    assert resource_path("svit.spec") == ROOT / "svit.spec"
    assert resource_path("web/templates") == ROOT / "web" / "templates"


def test_it_finds_resources_in_the_unpack_folder_when_frozen(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_path("web/static/app.css") == tmp_path / "web" / "static" / "app.css"


def copy_checkout(target: Path) -> None:
    listed = git("ls-files", "--cached", "--others", "--exclude-standard").splitlines()
    for name in listed:
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)


def test_it_ships_web_inside_a_wheel_and_finds_it_there(tmp_path):
    source, site = tmp_path / "src", tmp_path / "site"
    copy_checkout(source)
    probe = source / "web" / "static" / "probe.css"
    probe.parent.mkdir(parents=True, exist_ok=True)
    probe.write_text("body { color: teal }")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", str(tmp_path / "wheels"), str(source)], check=True, capture_output=True)
    [wheel] = (tmp_path / "wheels").glob("svit_appliance-*.whl")
    zipfile.ZipFile(wheel).extractall(site)  # what pip install puts in site-packages
    found = subprocess.run(
        [sys.executable, "-c", "import svit_appliance.resources as r; print(r.__file__); "
                               "print(r.resource_path('web/static/probe.css').read_text())"],
        capture_output=True, text=True, check=True, cwd=tmp_path, env={"PYTHONPATH": str(site), "PATH": "/usr/bin"})
    module_file, content = found.stdout.splitlines()
    assert module_file.startswith(str(site)) and content == "body { color: teal }"
