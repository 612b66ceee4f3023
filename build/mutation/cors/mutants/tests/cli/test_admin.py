"""``svit admin``: console admins from the shell, recorded in the audit log."""
import subprocess
import sys

import pytest

from svit_appliance.store.models import AdminUser, AuditEntry
from tests.console.seed import storage


def admin_create(data_dir, email: str, password: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "svit_appliance", "admin", "create", "--email", email, "--json",
                           "--data-dir", str(data_dir)], input=password + "\n", capture_output=True, text=True)


def test_it_creates_an_admin_with_an_argon2id_hash_and_audits_it(tmp_path):
    result = admin_create(tmp_path, " Boss@Example.COM ", "a long enough password")
    assert result.returncode == 0, result.stderr
    with storage(tmp_path):
        admin = AdminUser.get(AdminUser.email == "boss@example.com")
        assert admin.password_hash.startswith("$argon2id$")
        assert "a long enough password" not in admin.password_hash
        entry = AuditEntry.get(AuditEntry.action == "admin.create")
        assert entry.actor.startswith("cli:") and entry.target == admin.id
    listed = subprocess.run([sys.executable, "-m", "svit_appliance", "admin", "list", "--json",
                             "--data-dir", str(tmp_path)], capture_output=True, text=True)
    assert '"boss@example.com"' in listed.stdout


@pytest.mark.parametrize("email, password, message", [
    ("not-an-email", "a long enough password", "Enter an email address"),
    ("short@example.com", "short", "at least 10 characters"),
])
def test_it_refuses_bad_admin_input_with_a_reason(tmp_path, email, password, message):
    result = admin_create(tmp_path, email, password)
    assert result.returncode == 1 and message in result.stderr


def test_it_refuses_a_second_admin_with_the_same_email(tmp_path):
    assert admin_create(tmp_path, "dup@example.com", "a long enough password").returncode == 0
    again = admin_create(tmp_path, "DUP@example.com", "another long password")
    assert again.returncode == 1 and "already exists" in again.stderr
