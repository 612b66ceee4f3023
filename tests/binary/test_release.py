"""The build names its release file after the version and writes a checksum a user can verify."""
import os
import platform
import subprocess

import pytest

from svit_appliance import __version__
from tests.binary.frozen import ensure_binary, release_file


def test_it_writes_a_versioned_release_file_and_its_checksum():
    binary = ensure_binary()
    if os.environ.get("SVIT_BINARY"):
        pytest.skip("SVIT_BINARY points at a binary built elsewhere: no release files beside it")
    release = release_file()
    assert release.name == f"svit-{__version__}-linux-{platform.machine()}"
    checksum = release.with_name(release.name + ".sha256")
    assert release.read_bytes() == binary.read_bytes()
    assert checksum.read_text().split() == [checksum.read_text().split()[0], release.name]
    verified = subprocess.run(["sha256sum", "--check", checksum.name], cwd=release.parent, capture_output=True, text=True)
    assert verified.returncode == 0 and f"{release.name}: OK" in verified.stdout
