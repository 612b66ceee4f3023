"""Sign-in under attack, against the real server: parallel guessing locks the account, one
address is throttled before it can guess much or lock anyone out, lockouts are audited."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from svit_appliance.store.models import AdminUser, AuditEntry
from tests.conftest import ServerProcess, provision
from tests.console.helpers import ConsoleClient, create_admin
from tests.console.seed import storage

THROTTLED = "Too many failed sign-ins from your address"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("signin") / "data"
    provision(data_dir)
    for email in ("guessed@example.com", "throttled@example.com", "forgiven@example.com"):
        create_admin(data_dir, email, "the right password")
    server = ServerProcess(data_dir).start()
    yield server
    server.stop()


def sign_in(server, address: str, email: str, password: str):
    client = ConsoleClient(server.base_url, address=address)
    try:
        return client.login(email, password)
    finally:
        client.close()


def admin_row(server, email: str) -> AdminUser:
    with storage(server.data_dir):
        return AdminUser.get(AdminUser.email == email)


def test_it_locks_the_account_under_parallel_guessing_and_audits_the_lockout(server):
    # 24 wrong passwords, 8 at a time, each from its own address (so no address is throttled)
    addresses = [f"127.0.1.{n}" for n in range(1, 25)]
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda a: sign_in(server, a, "guessed@example.com", "a wrong password"), addresses))
    assert {a.status_code for a in answers} == {200}
    assert admin_row(server, "guessed@example.com").locked_until is not None
    refused = sign_in(server, "127.0.1.99", "guessed@example.com", "the right password")
    assert refused.status_code == 200 and "Email or password is incorrect" in refused.text
    with storage(server.data_dir):
        guessed = admin_row(server, "guessed@example.com")
        locks = list(AuditEntry.select().where(AuditEntry.action == "admin.lock", AuditEntry.target == guessed.id))
    assert locks and all(e.actor.startswith("address:127.0.1.") for e in locks)
    assert locks[0].details["email"] == "guessed@example.com" and "password" not in str(locks[0].details)


def test_it_throttles_one_address_before_it_can_lock_an_admin_out(server):
    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda _: sign_in(server, "127.0.2.1", "throttled@example.com", "a wrong password"),
                                range(12)))
    checked = [a for a in answers if a.status_code == 200]
    throttled = [a for a in answers if a.status_code == 429]
    assert len(checked) == 4 and len(throttled) == 8
    assert all("Email or password is incorrect" in a.text for a in checked)
    assert all(THROTTLED in a.text for a in throttled)
    row = admin_row(server, "throttled@example.com")
    assert row.locked_until is None and row.failed_logins == 4
    # the right password from the throttled address is refused too; from another one the admin gets in
    assert sign_in(server, "127.0.2.1", "throttled@example.com", "the right password").status_code == 429
    assert sign_in(server, "127.0.2.2", "throttled@example.com", "the right password").status_code == 303


def test_it_forgives_an_address_its_failures_once_it_signs_in(server):
    for _ in range(3):
        assert sign_in(server, "127.0.3.1", "forgiven@example.com", "a wrong password").status_code == 200
    assert sign_in(server, "127.0.3.1", "forgiven@example.com", "the right password").status_code == 303
    for _ in range(3):
        assert sign_in(server, "127.0.3.1", "forgiven@example.com", "a wrong password").status_code == 200
