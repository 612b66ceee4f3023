"""The binary is built once per test session (the build is most of this suite's time)."""
import pytest

from tests.binary.frozen import ensure_binary


@pytest.fixture(scope="session")
def svit_binary():
    return ensure_binary()
