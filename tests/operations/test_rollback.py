"""Every operation's change and its audit entry commit together or not at all.

Each operation of ``OPERATIONS`` has a scenario here (a table: what to set up, the call, the tables
the change writes). It runs once with the audit insert made to fail: every table is as it was and
nothing is audited. Then it runs as it is: those tables changed and exactly one entry was written.
An operation added without a scenario fails ``test_every_operation_has_a_scenario``.
"""
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from svit_appliance.access import admins as admin_accounts
from svit_appliance.access.tokens import CLIENT, SERVER
from svit_appliance.core.audit import Actor
from svit_appliance.core.ids import new_id
from svit_appliance.operations import (
    OPERATIONS,
    admins,
    backups,
    destinations,
    imports,
    integrations,
    jobs,
    merges,
    persons,
    projects,
    spam,
    tokens,
)
from svit_appliance.settings import Settings
from svit_appliance.store import audit as audit_store
from svit_appliance.store.backup import make_backup
from svit_appliance.store.connect import close_database, open_database
from svit_appliance.store.db import database
from svit_appliance.store.models import (
    AdminUser,
    AuditEntry,
    Delivery,
    FormSpam,
    IngestionJob,
    Project,
    utcnow,
)
from tests.core.helpers import person

CLI = Actor.cli()
PASSWORD = "correct horse battery"
PUBLIC_HOOK = "http://93.184.216.34/hooks/svit"  # a public address: no DNS needed, never contacted


class InjectedFault(Exception):
    """The audit insert failing on purpose."""


def failing_insert(*args, **kwargs):
    raise InjectedFault("the audit entry could not be written")


@dataclass
class World:
    """A migrated database with one project, and where the scenario may put files."""

    settings: Settings
    project: Project
    folder: Path


def snapshot() -> dict[str, list[str]]:
    """Every row of every table (search index included), as text, table by table."""
    db = database.obj
    return {table: sorted(repr(_plain(row)) for row in db.execute_sql(f'SELECT * FROM "{table}"').fetchall())
            for table in db.get_tables()}


def _plain(row: tuple) -> tuple:
    return tuple(bytes(value) if isinstance(value, memoryview) else value for value in row)  # PostgreSQL's bytea


def audit_entries() -> list[tuple]:
    return [(e.id, e.actor, e.action, e.target) for e in AuditEntry.select().order_by(AuditEntry.id)]


# --- what the scenarios set up ---

def integration(world: World, type_name: str = "WEBHOOK"):
    return integrations.create_integration(CLI, world.project.id, type_name, "site")


def job(world: World, body: dict, status: str, **fields) -> IngestionJob:
    return IngestionJob.create(id=new_id("job"), project=world.project.id, integration=fields.pop("integration"),
                               body=json.dumps(body).encode(), content_type="application/json", status=status,
                               attempts=5 if status == "failed" else 0, **fields)


def admin(email: str = "ann@example.com", **fields) -> AdminUser:
    account = admin_accounts.add_admin(email, admin_accounts.hash_password(PASSWORD))
    if fields:
        AdminUser.update(**fields).where(AdminUser.id == account.id).execute()
    return account


def slack(world: World):
    destination, _ = destinations.create_destination(CLI, world.project.id, "slack", "team", {"url": PUBLIC_HOOK})
    return destination


def csv_file(world: World, lines: list[str]) -> Path:
    path = world.folder / "people.csv"
    path.write_text("\n".join(["Name,Email", *lines]) + "\n", encoding="utf-8")
    return path


def import_csv(world: World, path: Path):
    with open(path, "rb") as stream:
        return imports.import_persons(CLI, world.project.id, stream, path.name, path.stat().st_size)


def quarantined(world: World) -> FormSpam:
    token = tokens.create_client_token(CLI, world.project.id, "site", ["https://shop.example"]).record
    return FormSpam.create(id=new_id("spm"), project=world.project.id, client_token=token.id, ip="203.0.113.9",
                           reason="honeypot", fields={"name": "Rel Eased", "email": "released@example.com",
                                                      "phone": "+1 415 555 0101"}, answer_id=new_id("per"))


def backup_with_a_leased_job(world: World) -> Path:
    """A backup made while a worker held a job (the restore hands its lease back): the database is
    then as the backup holds it, so a failed restore leaves it as it was."""
    job(world, {"email": "held@example.com"}, "processing", integration=integration(world).id,
        lease_owner="worker-gone", lease_expires_at=utcnow())
    return Path(make_backup(world.settings.data_path, world.folder / "backups").file)


# --- the scenarios: (set-up) -> the call ---

def create_project(w):
    return lambda: projects.create_project(CLI, "Beta", "GB")


def update_project(w):
    return lambda: projects.update_project(CLI, w.project.id, "Renamed", "DE")


def create_server_token(w):
    return lambda: tokens.create_server_token(CLI, w.project.id, "ci", 30)


def revoke_server_token(w):
    token = tokens.create_server_token(CLI, w.project.id, "ci").record
    return lambda: tokens.revoke_token(CLI, SERVER, token.id)


def revoke_client_token(w):
    token = tokens.create_client_token(CLI, w.project.id, "site", []).record
    return lambda: tokens.revoke_token(CLI, CLIENT, token.id)


def create_client_token(w):
    return lambda: tokens.create_client_token(CLI, w.project.id, "site", ["https://shop.example"], ["email"])


def configure_client_token(w):
    token = tokens.create_client_token(CLI, w.project.id, "site", ["https://shop.example"]).record
    return lambda: tokens.configure_client_token(CLI, token.id, ["https://a.example"], ["name", "email"], False, "off")


def create_integration(w):
    return lambda: integrations.create_integration(CLI, w.project.id, "TYPEFORM", "survey")


def disable_integration(w):
    made = integration(w)
    return lambda: integrations.set_integration_enabled(CLI, made.id, False)


def change_integration_type(w):
    made = integration(w, "OTHER")
    return lambda: integrations.change_integration_type(CLI, made.id, "TALLY")


def configure_integration(w):
    made = integration(w)
    return lambda: integrations.configure_integration(CLI, made.id, mapping={"email": "contact.email"})


def retry_job(w):
    failed = job(w, {"email": "retry@example.com"}, "failed", integration=integration(w).id)
    return lambda: jobs.retry_job(CLI, failed.id)


def retry_failed_jobs(w):
    made = integration(w)
    for n in range(3):
        job(w, {"email": f"retry{n}@example.com"}, "failed", integration=made.id)
    return lambda: jobs.retry_failed_jobs(CLI, None, w.project.id)


def reprocess(w):
    made = integration(w)
    for n in range(3):
        job(w, {"email": f"again{n}@example.com"}, "succeeded", integration=made.id)
    return lambda: jobs.reprocess_jobs(CLI, made.id)


def edit_person(w):
    someone = person(w.project, "a", name="Old Name")
    return lambda: persons.edit_person(CLI, someone.id, {"name": "New Name", "email": "New@Example.com"})


def erase_person(w):
    someone = person(w.project, "a", name="Ann", email="ann.erased@example.com")
    job(w, {"email": "ann.erased@example.com"}, "succeeded", integration=integration(w).id, person_ids=[someone.id])
    return lambda: persons.erase_person(CLI, someone.id)


def record_export(w):
    return lambda: persons.record_export(CLI, w.project.id, {"searched": False, "format": "csv"})


def merge_persons(w):
    keep = person(w.project, "a", name="Ann", email="ann@example.com")
    other = person(w.project, "b", name="Ann B", phone="+1 202 555 0143")
    return lambda: merges.merge_persons(CLI, keep.id, other.id, ["phone"])


def unmerge_persons(w):
    keep = person(w.project, "a", name="Ann", email="ann@example.com")
    other = person(w.project, "b", name="Ann B", phone="+1 202 555 0143")
    merge = merges.merge_persons(CLI, keep.id, other.id, ["phone"])
    return lambda: merges.unmerge_persons(CLI, merge.id)


def release_spam(w):
    post = quarantined(w)
    return lambda: spam.release_spam(CLI, post.id)


def create_destination(w):
    return lambda: destinations.create_destination(CLI, w.project.id, "webhook", "hooks", {"url": PUBLIC_HOOK})


def disable_destination(w):
    made = slack(w)
    return lambda: destinations.set_destination_enabled(CLI, made.id, False)


def delete_destination(w):
    made = slack(w)
    destinations.send_test_event(CLI, made.id)
    return lambda: destinations.delete_destination(CLI, made.id)


def send_test_event(w):
    made = slack(w)
    return lambda: destinations.send_test_event(CLI, made.id)


def redeliver(w):
    delivery_id = destinations.send_test_event(CLI, slack(w).id)
    Delivery.update(status="failed", attempts=1).where(Delivery.id == delivery_id).execute()
    return lambda: destinations.redeliver(CLI, delivery_id)


def send_digest(w):
    destinations.create_destination(CLI, w.project.id, "email", "team", {
        "host": "93.184.216.34", "from": "svit@example.com", "to": ["team@example.com"], "digest": True})
    return lambda: destinations.send_digest(CLI, w.project.id)


def import_persons(w):
    path = csv_file(w, ["Ann,ann@example.com", "Bob,bob@example.com", "Cy,cy@example.com"])
    return lambda: import_csv(w, path)


def create_admin(w):
    return lambda: admins.create_admin(CLI, "new@example.com", PASSWORD)


def complete_setup(w):
    secret = admin_accounts.issue_setup_token()
    return lambda: admins.complete_setup(secret, "first@example.com", PASSWORD)


def sign_in(w):
    admin()
    return lambda: admins.sign_in(Actor.address("203.0.113.7"), "ann@example.com", PASSWORD)


def sign_in_that_locks(w):
    admin(failed_logins=admin_accounts.MAX_FAILED_LOGINS - 1)
    return lambda: admins.sign_in(Actor.address("203.0.113.7"), "ann@example.com", "a wrong guess")


def sign_out(w):
    account = admin()
    return lambda: admins.sign_out(Actor.admin(account), account.id)


def create_backup(w):
    return lambda: backups.create_backup(CLI, w.settings, w.folder / "backups")


def restore(w):
    backup = backup_with_a_leased_job(w)
    return lambda: backups.restore(CLI, w.settings, backup)


@dataclass
class Case:
    """One operation run with and without a failing audit insert."""

    action: str  # its name in OPERATIONS
    prepare: Callable[[World], Callable[[], object]]
    writes: tuple[str, ...]  # the tables its change writes, besides audit_entry
    audited_as: str | None = None  # the entry's action when the operation names a variant
    scenario: str = ""
    actor: str = CLI.label  # who the entry names
    closes_database: bool = False  # a restore leaves the database closed, as the CLI wants it

    @property
    def name(self) -> str:
        return f"{self.action} ({self.scenario})" if self.scenario else self.action


CASES = [
    Case("project.create", create_project, ("project",)),
    Case("project.update", update_project, ("project",)),
    Case("server_token.create", create_server_token, ("server_token",)),
    Case("token.revoke", revoke_server_token, ("server_token",), "server_token.revoke", "server token"),
    Case("token.revoke", revoke_client_token, ("client_token",), "client_token.revoke", "client token"),
    Case("client_token.create", create_client_token, ("client_token",)),
    Case("client_token.configure", configure_client_token, ("client_token",)),
    Case("integration.create", create_integration, ("integration",)),
    Case("integration.set_enabled", disable_integration, ("integration",), "integration.disable"),
    Case("integration.change_type", change_integration_type, ("integration",)),
    Case("integration.configure", configure_integration, ("integration",)),
    Case("job.retry", retry_job, ("ingestion_job",)),
    Case("job.retry_failed", retry_failed_jobs, ("ingestion_job",)),
    Case("integration.reprocess", reprocess, ("ingestion_job", "person", "person_event")),
    Case("person.edit", edit_person, ("person", "person_event")),
    Case("person.erase", erase_person, ("person", "person_event", "ingestion_job")),
    Case("person.export", record_export, ()),
    Case("person.merge", merge_persons, ("person", "person_event", "person_merge")),
    Case("person.unmerge", unmerge_persons, ("person", "person_event", "person_merge")),
    Case("spam.release", release_spam, ("form_spam", "person", "person_event")),
    Case("destination.create", create_destination, ("destination",)),
    Case("destination.set_enabled", disable_destination, ("destination",), "destination.disable"),
    Case("destination.delete", delete_destination, ("destination", "delivery")),
    Case("destination.test", send_test_event, ("delivery",)),
    Case("destination.redeliver", redeliver, ("delivery",)),
    Case("digest.send", send_digest, ("delivery",)),
    Case("persons.import", import_persons, ("person", "person_event")),
    Case("admin.create", create_admin, ("admin_user",)),
    Case("admin.setup", complete_setup, ("admin_user", "setup_token"), "admin.create",
         actor="admin:first@example.com"),
    Case("admin.login", sign_in, ("admin_user",), actor="admin:ann@example.com"),
    Case("admin.login", sign_in_that_locks, ("admin_user",), "admin.lock", "the guess that locks",
         actor="address:203.0.113.7"),
    Case("admin.logout", sign_out, (), actor="admin:ann@example.com"),
    Case("backup.create", create_backup, ()),
    Case("backup.restore", restore, ("ingestion_job",), closes_database=True),
]


def opened(settings: Settings, folder: Path):
    open_database(settings)
    yield World(settings, projects.create_project(CLI, "Acme", "US"), folder)
    close_database()


@pytest.fixture
def world(tmp_path):
    yield from opened(Settings.load({}, data_dir=str(tmp_path / "data")), tmp_path)


@pytest.fixture
def postgres_world(postgres_url, tmp_path):
    yield from opened(Settings.load({}, data_dir=str(tmp_path / "data"), database_url=postgres_url), tmp_path)


def test_every_operation_has_a_scenario():
    assert {case.action for case in CASES} == set(OPERATIONS)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_it_rolls_the_change_back_when_its_audit_entry_fails_and_audits_it_once_when_not(world, case, monkeypatch):
    run_both_ways(world, case, monkeypatch)


# backups are SQLite's (PostgreSQL: pg_dump); the rest runs on PostgreSQL's transactions too
ON_POSTGRES = [case for case in CASES if not case.action.startswith("backup.")]


@pytest.mark.parametrize("case", ON_POSTGRES, ids=[case.name for case in ON_POSTGRES])
def test_it_rolls_the_change_back_on_postgres_too(postgres_world, case, monkeypatch):
    run_both_ways(postgres_world, case, monkeypatch)


def run_both_ways(world: World, case: Case, monkeypatch) -> None:
    call = case.prepare(world)
    before, entries_before = snapshot(), audit_entries()
    with monkeypatch.context() as patched:
        patched.setattr(audit_store, "insert_entry", failing_insert)
        with pytest.raises(InjectedFault):
            call()
    if case.closes_database:
        open_database(world.settings)
    assert snapshot() == before
    assert audit_entries() == entries_before

    call()
    if case.closes_database:
        open_database(world.settings)
    after = snapshot()
    changed = {table for table in after if after[table] != before[table]}
    assert {*case.writes, "audit_entry"} <= changed
    new = [entry for entry in audit_entries() if entry not in entries_before]
    assert [(actor, action) for _, actor, action, _ in new] == [(case.actor, case.audited_as or case.action)]
