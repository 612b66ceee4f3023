"""The one-file binary under test: built once from this checkout (or taken from ``SVIT_BINARY``)."""
import json
import os
import platform
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from svit_appliance import __version__
from svit_appliance.buildinfo import checkout_commit

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / "dist" / "svit"
BUILD_INPUTS = ("svit_appliance", "web", "svit.spec", "build/build.sh", "build/entry.py", "pyproject.toml")


def newest_input_mtime() -> float:
    newest = 0.0
    for name in BUILD_INPUTS:
        path = ROOT / name
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        newest = max([newest, *(p.stat().st_mtime for p in files)])
    return newest


def release_file() -> Path:
    """The versioned copy build/build.sh writes next to dist/svit (with its .sha256)."""
    return BINARY.parent / f"svit-{__version__}-linux-{platform.machine()}"


def is_stale(binary: Path = BINARY) -> bool:
    """Missing, older than a source file, or built from another commit than the checkout's."""
    if not binary.exists() or binary.stat().st_mtime < newest_input_mtime() or not release_file().exists():
        return True
    result = subprocess.run([str(binary), "version", "--json"], capture_output=True, text=True, timeout=60)
    return result.returncode != 0 or json.loads(result.stdout)["commit"] != checkout_commit()


def ensure_binary() -> Path:
    """``SVIT_BINARY`` if set, else ``dist/svit``, rebuilt with ``build/build.sh`` when missing or older than its sources."""
    if os.environ.get("SVIT_BINARY"):
        return Path(os.environ["SVIT_BINARY"]).resolve()
    if is_stale():
        result = subprocess.run([str(ROOT / "build" / "build.sh")], capture_output=True, text=True, cwd=ROOT)
        if result.returncode != 0:
            raise RuntimeError(f"build/build.sh failed ({result.returncode}):\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return BINARY


@dataclass
class FrozenCli:
    """Runs ``svit ARGS`` through the binary, unpacking into ``unpack_dir`` (its TMPDIR)."""

    binary: Path
    unpack_dir: Path
    env: dict = field(default_factory=dict)

    def environ(self) -> dict:
        return {**os.environ, "TMPDIR": str(self.unpack_dir), **self.env}

    def run(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.binary), *args], capture_output=True, text=True, cwd=cwd,
                              env=self.environ(), timeout=60)

    def json(self, *args: str) -> dict | list:
        result = self.run(*args, "--json")
        assert result.returncode == 0, f"svit {' '.join(args)} exited {result.returncode}: {result.stderr}"
        return json.loads(result.stdout)


def unpack_folders(unpack_dir: Path) -> list[Path]:
    """PyInstaller's temporary ``_MEI*`` folders currently in ``unpack_dir``."""
    return sorted(unpack_dir.glob("_MEI*"))


def tree_state(folder: Path) -> dict:
    """Every file under ``folder`` with its size and modification time: equal states mean nothing was written."""
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


BUILD_PYTHON = ROOT / "build" / "venv" / "bin" / "python"
_LIST_ARCHIVE = """
import json, sys
from PyInstaller.archive.readers import CArchiveReader
archive = CArchiveReader(sys.argv[1])
print(json.dumps({"files": list(archive.toc), "modules": list(archive.open_embedded_archive("PYZ.pyz").toc)}))
"""


def archive_contents(binary: Path) -> dict:
    """The binary's bundled files and the modules in its PYZ, read with the build venv's PyInstaller."""
    result = subprocess.run([str(BUILD_PYTHON), "-c", _LIST_ARCHIVE, str(binary)], capture_output=True, text=True,
                            check=True, timeout=120)
    contents = json.loads(result.stdout)
    return {"files": set(contents["files"]), "modules": set(contents["modules"])}
