"""Both faces, one write path: every operation run once with the ``svit`` command and once from
the console (a real server, over HTTP) leaves the same record and the same audit entry (only the
actor differs), and the same bad input gets the same message from both. The digest and backups
have one face, the ``svit`` command: it leaves the record and the entry the operation writes."""
import html
import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import httpx
import pytest
from aiosmtpd.controller import Controller

from svit_appliance.store.models import (
    AuditEntry,
    ClientToken,
    Delivery,
    Destination,
    IngestionJob,
    Integration,
    Person,
    PersonEvent,
    PersonMerge,
    Project,
    ServerToken,
)
from tests.conftest import ServerProcess, free_port, provision, run_cli
from tests.console import seed
from tests.console.conftest import admin, console_server  # noqa: F401 (fixtures)
from tests.console.helpers import ConsoleClient, create_admin
from tests.console.seed import storage
from tests.destinations.receiver import Receiver


@dataclass
class Faces:
    server: object
    admin: object
    # what a scenario made beside the record it names (the other person of a merge)
    beside: dict = field(default_factory=dict)

    @property
    def project_id(self) -> str:
        return self.server.project["id"]

    def cli(self, *args: str):
        return run_cli(self.server.data_dir, *args, "--json")

    def cli_error(self, *args: str) -> str:
        result = subprocess.run([sys.executable, "-m", "svit_appliance", *args, "--data-dir", str(self.server.data_dir)],
                                capture_output=True, text=True)
        assert result.returncode == 1, result.stdout + result.stderr
        return result.stderr.strip().removeprefix("svit: error: ")

    def post(self, path: str, form: dict | None = None, form_page: str = "/console/"):
        response = self.admin.post(path, form or {}, form_page=form_page)
        assert response.status_code in (200, 303), response.text[:500]
        return response


@pytest.fixture
def faces(console_server, admin):  # noqa: F811
    return Faces(console_server, admin)


def audit_since(data_dir, mark: str) -> list[AuditEntry]:
    with storage(data_dir):
        return list(AuditEntry.select().where(AuditEntry.id > mark).order_by(AuditEntry.id))


def last_audit_id(data_dir) -> str:
    with storage(data_dir):
        newest = AuditEntry.select(AuditEntry.id).order_by(AuditEntry.id.desc()).first()
        return newest.id if newest else ""


def run_face(faces: Faces, action: Callable, made: str | None,
             settle: Callable | None = None) -> tuple[list[AuditEntry], str | None]:
    mark = last_audit_id(faces.server.data_dir)
    action(faces, made)
    if settle:
        settle(faces, made)
    entries = [e for e in audit_since(faces.server.data_dir, mark) if e.action != "admin.login"]
    return entries, made or (entries[0].target if entries else None)


ANY_ID = re.compile(r"\b([a-z]{3})_[0-9a-f]{32}\b")


def ids_numbered(text: str) -> str:
    """Every id in ``text`` as its kind and its place among them (each face makes its own ids)."""
    numbered: dict[str, str] = {}
    return ANY_ID.sub(lambda m: numbered.setdefault(m.group(0), f"<{m.group(1)} {len(numbered) + 1}>"), text)


def shape(entries, target):
    """Each entry's action, whether it names the record, and its details with the record's id as
    ``<target>`` and every other id numbered."""
    return [(e.action, e.target == target, json.loads(ids_numbered(json.dumps(e.details).replace(target, "<target>"))))
            for e in entries]


def same_entries(cli_entries, console_entries, cli_target, console_target):
    assert cli_entries and console_entries, "each face records an audit entry"
    assert shape(cli_entries, cli_target) == shape(console_entries, console_target)
    assert {e.actor.split(":")[0] for e in cli_entries} == {"cli"}
    assert {e.actor for e in console_entries} == {"admin:admin@example.com"}


def state(data_dir, model, record_id, columns):
    with storage(data_dir):
        record = model.get_by_id(record_id)
        return {column: getattr(record, column) for column in columns}


@dataclass
class Case:
    """One operation: what to make first (per face), how each face runs it, what to compare."""

    name: str
    cli: Callable
    console: Callable
    model: type | None = None
    columns: tuple = ()
    setup: Callable | None = None
    settle: Callable | None = None
    record: Callable | None = None  # (faces, made) -> what to compare, where a model's columns do not say it


def make_project(f: Faces) -> str:
    return f.cli("project", "create", "To Rename", "--region", "US")["id"]


def make_server_token(f: Faces) -> str:
    return f.cli("token", "create", "--project", f.project_id, "--name", "to-revoke")["id"]


def make_client_token(f: Faces) -> str:
    return f.cli("client-token", "create", "--project", f.project_id, "--name", "site",
                 "--origin", "https://old.example")["id"]


def make_integration(type_name: str) -> Callable:
    return lambda f: f.cli("integration", "create", "--project", f.project_id, "--type", type_name,
                           "--name", "parity")["id"]


def make_person(f: Faces) -> str:
    """A person in a project of its own, so the same edit from both faces meets no unique email."""
    project_id = f.cli("project", "create", "People", "--region", "US")["id"]
    with storage(f.server.data_dir):
        return seed.person(project_id, "Old Name", None, None).id


def make_person_with_job(f: Faces) -> str:
    """A person (in a project of their own) and the job body that carried them."""
    person_id = make_person(f)
    with storage(f.server.data_dir):
        person = Person.get_by_id(person_id)
        job = seed.job(person.project_id, f.server.integrations["webhook"]["id"], {"name": "Old Name"},
                       status="succeeded", person_ids=[person_id])
        seed.event(person, "ingested", job.id)
    return person_id


def in_its_project(f: Faces, person_id: str, path: str) -> str:
    """The console path, with the person's project chosen (the console acts in the project it shows)."""
    with storage(f.server.data_dir):
        return f"{path}?project={Person.get_by_id(person_id).project_id}"


def make_failed_job(f: Faces) -> str:
    with storage(f.server.data_dir):
        return seed.job(f.project_id, f.server.integrations["webhook"]["id"], {"email": "retry.me@example.com"},
                        "failed", error="boom").id


def wait_for_job(f: Faces, job_id: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with storage(f.server.data_dir):
            if IngestionJob.get_by_id(job_id).status in ("succeeded", "failed"):
                return
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


_spam_posts = iter(range(1, 1000))


def make_spam(f: Faces) -> str:
    """A contact form post caught by the honeypot; its id in the spam inbox."""
    token = f.cli("client-token", "create", "--project", f.project_id, "--name", "spam", "--origin", "https://p.example")
    n = next(_spam_posts)
    fields = {"name": "Released", "email": f"released{n}@parity.example", "phone": f"+1 415 555 {n:04d}",
              "_svit_hp": "filled"}
    answer = httpx.post(f.server.base_url + "/api/v1/external/client/form", json=fields,
                        headers={"x-client-token": token["token"]})
    assert answer.status_code == 201, answer.text
    inbox = f.cli("spam", "list", "--project", f.project_id)["spam"]
    return next(s["id"] for s in inbox if s["fields"]["email"] == fields["email"])


PUBLIC_HOOK = "http://93.184.216.34/hooks/svit"  # a public address: no DNS needed, never contacted


def make_destination(f: Faces) -> str:
    return f.cli("destination", "create", "--project", f.project_id, "--kind", "slack", "--name", "team",
                 "--url", PUBLIC_HOOK)["id"]


def make_disabled_destination(f: Faces) -> str:
    destination_id = make_destination(f)
    f.cli("destination", "disable", destination_id)
    return destination_id


def make_pair(f: Faces) -> str:
    """Two persons to merge, in a project of their own; the one to keep (the other is beside it)."""
    project_id = f.cli("project", "create", "Pairs", "--region", "US")["id"]
    with storage(f.server.data_dir):
        keep = seed.person(project_id, "Ann", "ann@pair.example", None, attributes={"plan": "pro"})
        other = seed.person(project_id, "Ann B", "ann.b@pair.example", "+14155550143")
    f.beside[keep.id] = other.id
    return keep.id


def make_merge(f: Faces) -> str:
    keep_id = make_pair(f)
    merge = f.cli("persons", "merge", keep_id, f.beside[keep_id], "--from-other", "phone")
    f.beside[merge["mergeId"]] = (keep_id, f.beside[keep_id])
    return merge["mergeId"]


def merge_form(f: Faces, keep_id: str) -> dict:
    return {"keep": keep_id, "other": f.beside[keep_id], "take_phone": "other"}


def pair_after_unmerge(f: Faces, merge_id: str):
    with storage(f.server.data_dir):
        persons = [Person.get_or_none(Person.id == person_id) for person_id in f.beside[merge_id]]
        return (PersonMerge.get_by_id(merge_id).undone_at is not None,
                [(p.name, p.email, p.phone, p.attributes) for p in persons if p])


IMPORT_CSV = "Name,Email\nAda Import,ada@import.example\nGrace Import,grace@import.example\nNobody,not-an-address\n"


def make_import_project(f: Faces) -> str:
    return f.cli("project", "create", "Imports", "--region", "GB")["id"]


def cli_import(f: Faces, project_id: str):
    path = f.server.data_dir.parent / "people.csv"
    path.write_text(IMPORT_CSV, encoding="utf-8")
    return f.cli("persons", "import", str(path), "--project", project_id)


def console_import(f: Faces, project_id: str):
    form_page = f"/console/persons/import?project={project_id}"
    uploaded = f.admin.http.post(form_page, data={"csrf_token": f.admin.csrf(form_page)},
                                 files={"file": ("people.csv", IMPORT_CSV.encode(), "text/csv")},
                                 headers={"Origin": f.admin.base_url})
    assert uploaded.status_code == 200, uploaded.text[:500]
    run_id = re.search(r'action="/console/persons/import/(imp_[0-9a-f]+)', uploaded.text).group(1)
    f.post(f"/console/persons/import/{run_id}?project={project_id}", {"column_0": "name", "column_1": "email"},
           form_page)


def import_finished(f: Faces, project_id: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with storage(f.server.data_dir):
            entry = AuditEntry.get_or_none(AuditEntry.action == "persons.import", AuditEntry.target == project_id)
            if entry is not None and "status" not in entry.details:
                return
        time.sleep(0.05)
    raise AssertionError(f"the import into {project_id} did not finish")


def persons_of(f: Faces, project_id: str) -> list[tuple]:
    with storage(f.server.data_dir):
        return sorted((p.name, p.email) for p in Person.select().where(Person.project == project_id))


EDIT = {"name": "New Name", "email": " New@Example.COM ", "phone": "(415) 555-0142"}

CASES = [
    Case("project.create",
         cli=lambda f, _: f.cli("project", "create", "Parity Project", "--region", "GB"),
         console=lambda f, _: f.post("/console/projects", {"name": "Parity Project", "region": "GB"}, "/console/projects"),
         model=Project, columns=("name", "default_region")),
    Case("project.update", setup=make_project,
         cli=lambda f, made: f.cli("project", "update", made, "--name", "Renamed", "--region", "DE"),
         console=lambda f, made: f.post(f"/console/projects/{made}", {"name": "Renamed", "region": "DE"},
                                        "/console/projects"),
         model=Project, columns=("name", "default_region")),
    Case("server_token.create",
         cli=lambda f, _: f.cli("token", "create", "--project", f.project_id, "--name", "parity"),
         console=lambda f, _: f.post("/console/tokens/server", {"name": "parity"}, "/console/tokens"),
         model=ServerToken, columns=("name", "project_id", "expires_at", "revoked_at")),
    Case("server_token.revoke", setup=make_server_token,
         cli=lambda f, made: f.cli("token", "revoke", made),
         console=lambda f, made: f.post(f"/console/tokens/{made}/revoke", form_page="/console/tokens"),
         model=ServerToken, columns=("name",)),
    Case("client_token.create",
         cli=lambda f, _: f.cli("client-token", "create", "--project", f.project_id, "--name", "site",
                                "--origin", "https://Shop.Example/", "--require", "email"),
         console=lambda f, _: f.post("/console/tokens/client", {"name": "site", "origins": "https://Shop.Example/",
                                                                "required": ["email"]}, "/console/tokens"),
         model=ClientToken, columns=("name", "allowed_origins", "required_fields", "allow_no_origin", "rate_limit")),
    Case("client_token.configure", setup=make_client_token,
         cli=lambda f, made: f.cli("client-token", "configure", made, "--origin", "https://a.example",
                                   "--origin", "https://*.b.example", "--require", "name,email"),
         console=lambda f, made: f.post(f"/console/tokens/client/{made}",
                                        {"origins": "https://a.example\nhttps://*.b.example",
                                         "required": ["name", "email"]}, f"/console/tokens/client/{made}"),
         model=ClientToken, columns=("allowed_origins", "required_fields", "allow_no_origin", "rate_limit")),
    Case("client_token.revoke", setup=make_client_token,
         cli=lambda f, made: f.cli("client-token", "revoke", made),
         console=lambda f, made: f.post(f"/console/tokens/{made}/revoke", form_page="/console/tokens"),
         model=ClientToken, columns=("name",)),
    Case("integration.create",
         cli=lambda f, _: f.cli("integration", "create", "--project", f.project_id, "--type", "WEBHOOK",
                                "--name", "hooks"),
         console=lambda f, _: f.post("/console/integrations", {"type": "WEBHOOK", "name": "hooks"},
                                     "/console/integrations/new"),
         model=Integration, columns=("name", "type", "config", "enabled")),
    Case("integration.configure (mapping)", setup=make_integration("WEBHOOK"),
         cli=lambda f, made: f.cli("integration", "configure", made, "--mapping", '{"email": "contact.email"}'),
         console=lambda f, made: f.post(f"/console/integrations/{made}/settings",
                                        {"mapping": '{"email": "contact.email"}'}, f"/console/integrations/{made}"),
         model=Integration, columns=("config",)),
    Case("integration.configure (signing secret)", setup=make_integration("TYPEFORM"),
         cli=lambda f, made: f.cli("integration", "configure", made, "--signing-secret", "tf-secret"),
         console=lambda f, made: f.post(f"/console/integrations/{made}/settings", {"signing_secret": "tf-secret"},
                                        f"/console/integrations/{made}"),
         model=Integration, columns=("config",)),
    Case("integration.disable", setup=make_integration("WEBHOOK"),
         cli=lambda f, made: f.cli("integration", "disable", made),
         console=lambda f, made: f.post(f"/console/integrations/{made}/toggle", form_page=f"/console/integrations/{made}"),
         model=Integration, columns=("enabled",)),
    Case("person.edit", setup=make_person,
         cli=lambda f, made: f.cli("persons", "edit", made, *[a for k, v in EDIT.items() for a in (f"--{k}", v)]),
         console=lambda f, made: f.post(in_its_project(f, made, f"/console/persons/{made}/edit"),
                                        {"first_name": "", "last_name": "", "company": "", **EDIT},
                                        in_its_project(f, made, f"/console/persons/{made}/edit")),
         model=Person, columns=("name", "email", "email_raw", "phone", "phone_raw", "first_name", "company")),
    Case("person.erase", setup=make_person_with_job,
         cli=lambda f, made: f.cli("persons", "erase", made),
         console=lambda f, made: f.post(in_its_project(f, made, f"/console/persons/{made}/delete"),
                                        form_page=in_its_project(f, made, f"/console/persons/{made}"))),
    Case("spam.release", setup=make_spam,
         cli=lambda f, made: f.cli("spam", "release", made),
         console=lambda f, made: f.post(f"/console/spam/{made}/release", form_page="/console/spam")),
    Case("job.retry", setup=make_failed_job, settle=wait_for_job,
         cli=lambda f, made: f.cli("jobs", "retry", made),
         console=lambda f, made: f.post(f"/console/jobs/{made}/retry", form_page=f"/console/jobs/{made}"),
         model=IngestionJob, columns=("status", "attempts", "last_error")),
    Case("job.retry_failed", setup=make_failed_job, settle=wait_for_job,
         cli=lambda f, made: f.cli("jobs", "retry", "--all-failed", "--project", f.project_id),
         console=lambda f, made: f.post("/console/jobs/retry-failed", form_page="/console/jobs"),
         model=IngestionJob, columns=("status", "attempts", "last_error")),
    Case("destination.create",
         cli=lambda f, _: f.cli("destination", "create", "--project", f.project_id, "--kind", "slack",
                                "--name", "team", "--url", PUBLIC_HOOK, "--events", "person.created,job.failed"),
         console=lambda f, _: f.post("/console/destinations", {"kind": "slack", "name": "team", "url": PUBLIC_HOOK,
                                                               "events": ["person.created", "job.failed"]},
                                     "/console/destinations/new"),
         model=Destination, columns=("name", "kind", "config", "events", "enabled")),
    Case("destination.disable", setup=make_destination,
         cli=lambda f, made: f.cli("destination", "disable", made),
         console=lambda f, made: f.post(f"/console/destinations/{made}/toggle",
                                        form_page=f"/console/destinations/{made}"),
         model=Destination, columns=("enabled",)),
    Case("destination.delete", setup=make_destination,
         cli=lambda f, made: f.cli("destination", "delete", made),
         console=lambda f, made: f.post(f"/console/destinations/{made}/delete",
                                        form_page=f"/console/destinations/{made}")),
    Case("destination.enable", setup=make_disabled_destination,
         cli=lambda f, made: f.cli("destination", "enable", made),
         console=lambda f, made: f.post(f"/console/destinations/{made}/toggle",
                                        form_page=f"/console/destinations/{made}"),
         model=Destination, columns=("enabled", "failing_since", "disabled_reason")),
    Case("person.merge", setup=make_pair,
         cli=lambda f, made: f.cli("persons", "merge", made, f.beside[made], "--from-other", "phone"),
         console=lambda f, made: f.post(in_its_project(f, made, "/console/persons/merge"), merge_form(f, made),
                                        in_its_project(f, made, f"/console/persons/{made}")),
         model=Person, columns=("name", "email", "phone", "phone_raw", "attributes")),
    Case("person.unmerge", setup=make_merge,
         cli=lambda f, made: f.cli("persons", "unmerge", made),
         console=lambda f, made: f.post(in_its_project(f, f.beside[made][0], f"/console/persons/merges/{made}/undo"),
                                        form_page=in_its_project(f, f.beside[made][0], "/console/persons/duplicates")),
         record=pair_after_unmerge),
    Case("persons.import", setup=make_import_project, settle=import_finished,
         cli=cli_import, console=console_import, record=persons_of),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_it_runs_the_same_operation_from_both_faces(faces, case):
    run_from_both_faces(faces, case)


def run_from_both_faces(faces: Faces, case: Case) -> None:
    results = {}
    for face in ("cli", "console"):
        made = case.setup(faces) if case.setup else None
        entries, target = run_face(faces, getattr(case, face), made, case.settle)
        record = (case.record(faces, target) if case.record
                  else state(faces.server.data_dir, case.model, target, case.columns) if case.model else None)
        results[face] = (entries, target, record)
    (cli_entries, cli_target, cli_record), (console_entries, console_target, console_record) = results.values()
    assert cli_target != console_target, "each face acted on its own record"
    same_entries(cli_entries, console_entries, cli_target, console_target)
    assert cli_record == console_record


# --- the operations that reach a receiver: a server and the CLI allowed to send to 127.0.0.1 ---

OUTBOUND = {"SVIT_OUTBOUND_ALLOW_HOSTS": "127.0.0.1", "SVIT_DELIVERY_POLL_SECONDS": "0.1",
            "SVIT_DELIVERY_RETRY_DELAYS": "60", "SVIT_OUTBOUND_TIMEOUT_SECONDS": "3"}


@pytest.fixture(scope="module")
def receiver():
    receiver = Receiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture(scope="module")
def outbound_server(tmp_path_factory, receiver):
    data_dir = tmp_path_factory.mktemp("outbound") / "data"
    server = ServerProcess(data_dir, env=OUTBOUND)
    server.project, server.token, server.integrations = provision(data_dir)
    create_admin(data_dir)
    server.receiver = receiver
    yield server.start()
    server.stop()


@pytest.fixture
def outbound_faces(outbound_server, monkeypatch):
    for name, value in OUTBOUND.items():
        monkeypatch.setenv(name, value)  # the CLI runs in this process
    client = ConsoleClient(outbound_server.base_url)
    assert client.login().status_code == 303
    yield Faces(outbound_server, client)
    client.close()


def make_webhook(f: Faces) -> str:
    return f.cli("destination", "create", "--project", f.project_id, "--kind", "webhook", "--name", "crm",
                 "--url", f.server.receiver.url)["id"]


def make_delivered_test_event(f: Faces) -> str:
    destination_id = make_webhook(f)
    delivery = f.cli("destination", "test", destination_id)
    assert delivery["status"] == "delivered", delivery
    return delivery["id"]


def delivered_again(f: Faces, delivery_id: str) -> None:
    """Until the second attempt was recorded: a claim counts the attempt before the send ends."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with storage(f.server.data_dir):
            delivery = Delivery.get_by_id(delivery_id)
            if delivery.attempts == 2 and delivery.status not in ("pending", "sending"):
                return
        time.sleep(0.05)
    raise AssertionError(f"delivery {delivery_id} was not sent again")


def events_sent(f: Faces, destination_id: str):
    with storage(f.server.data_dir):
        return [(d.event, d.status, d.attempts) for d in Delivery.select().where(Delivery.destination == destination_id)]


OUTBOUND_CASES = [
    Case("destination.test", setup=make_webhook, record=events_sent,
         cli=lambda f, made: f.cli("destination", "test", made),
         console=lambda f, made: f.post(f"/console/destinations/{made}/test",
                                        form_page=f"/console/destinations/{made}")),
    Case("destination.redeliver", setup=make_delivered_test_event, settle=delivered_again,
         cli=lambda f, made: f.cli("destination", "redeliver", made),
         console=lambda f, made: f.post(f"/console/deliveries/{made}/redeliver", form_page="/console/destinations"),
         model=Delivery, columns=("event", "status", "attempts", "last_error")),
]


@pytest.mark.parametrize("case", OUTBOUND_CASES, ids=[c.name for c in OUTBOUND_CASES])
def test_it_sends_the_same_deliveries_from_both_faces(outbound_faces, case):
    run_from_both_faces(outbound_faces, case)


# --- one face: the digest and backups are the ``svit`` command's alone ---

class SmtpSink:
    async def handle_DATA(self, server, session, envelope):
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_port():
    controller = Controller(SmtpSink(), hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port
    controller.stop()


@pytest.fixture
def shell(tmp_path, monkeypatch):
    """A data directory the ``svit`` command alone works on (no server beside it)."""
    monkeypatch.setenv("SVIT_OUTBOUND_ALLOW_HOSTS", "127.0.0.1")
    data_dir = tmp_path / "data"
    return data_dir, run_cli(data_dir, "project", "create", "Acme", "--json")["id"]


def only_entry(data_dir: Path, mark: str) -> AuditEntry:
    [entry] = audit_since(data_dir, mark)
    assert entry.actor.startswith("cli:")
    return entry


def test_the_shell_sends_the_digest_and_audits_it(shell, smtp_port):
    data_dir, project_id = shell
    run_cli(data_dir, "destination", "create", "--project", project_id, "--kind", "email", "--name", "team",
            "--smtp-host", "127.0.0.1", "--smtp-port", str(smtp_port), "--security", "none",
            "--from", "svit@acme.example", "--to", "team@acme.example", "--digest", "--json")
    mark = last_audit_id(data_dir)
    [sent] = run_cli(data_dir, "digest", "send", "--project", project_id, "--json")
    entry = only_entry(data_dir, mark)
    assert (entry.action, entry.target, entry.details) == ("digest.send", project_id, {"deliveries": 1})
    with storage(data_dir):
        assert (Delivery.get_by_id(sent["deliveryId"]).event, sent["delivered"]) == ("digest", True)


def test_the_shell_backs_up_and_audits_the_file(shell, tmp_path):
    data_dir, _ = shell
    mark = last_audit_id(data_dir)
    made = run_cli(data_dir, "backup", "--to", str(tmp_path / "copies"), "--json")
    entry = only_entry(data_dir, mark)
    assert (tmp_path / "copies" / Path(made["file"]).name).is_file()
    assert (entry.action, entry.target) == ("backup.create", Path(made["file"]).name)
    assert entry.details == {"sizeBytes": made["sizeBytes"], "sha256": made["sha256"], "verified": True}


def test_it_records_the_same_timeline_event_for_an_edit_from_either_face(faces):
    events = {}
    for face in ("cli", "console"):
        person_id = make_person(faces)
        getattr(CASES[[c.name for c in CASES].index("person.edit")], face)(faces, person_id)
        with storage(faces.server.data_dir):
            event = PersonEvent.get(PersonEvent.person == person_id, PersonEvent.kind == "edited")
            events[face] = (event.source_type, event.data)
    assert events["cli"][0] == "cli" and events["console"][0] == "admin"
    assert events["cli"][1] == events["console"][1]
    assert events["cli"][1]["changes"]["email"] == {"from": None, "to": "new@example.com"}


def test_it_erases_the_person_their_timeline_and_job_bodies_from_either_face(faces):
    for face in ("cli", "console"):
        person_id = make_person_with_job(faces)
        with storage(faces.server.data_dir):
            job_id = PersonEvent.get(PersonEvent.person == person_id, PersonEvent.kind == "ingested").job_id
        getattr(CASES[[c.name for c in CASES].index("person.erase")], face)(faces, person_id)
        with storage(faces.server.data_dir):
            assert Person.get_or_none(Person.id == person_id) is None
            assert not PersonEvent.select().where(PersonEvent.person == person_id).exists()
            job = IngestionJob.get_by_id(job_id)
            assert (bytes(job.body), job.status, job.person_ids) == (b"", "succeeded", [person_id])
            assert job.body_erased_at is not None


def console_message(response) -> str:
    return html.unescape(response.text)


@pytest.mark.parametrize("name, cli_args, console_path, form, form_page", [
    ("project without a name", ("project", "create", " "), "/console/projects", {"name": " ", "region": "US"},
     "/console/projects"),
    ("project with a bad region", ("project", "create", "X", "--region", "XYZ"), "/console/projects",
     {"name": "X", "region": "XYZ"}, "/console/projects"),
    ("integration of an unknown type", ("integration", "create", "--project", "{project}", "--type", "FAX",
                                        "--name", "fax"), "/console/integrations", {"type": "FAX", "name": "fax"},
     "/console/integrations/new"),
    ("client token with a path in its origin", ("client-token", "create", "--project", "{project}",
                                                "--origin", "https://shop.example/contact"),
     "/console/tokens/client", {"name": "website", "origins": "https://shop.example/contact"}, "/console/tokens"),
    ("mapping naming no person field", ("integration", "configure", "{webhook}", "--mapping", '{"shoe": "a.b"}'),
     "/console/integrations/{webhook}/settings", {"mapping": '{"shoe": "a.b"}'}, "/console/integrations/{webhook}"),
    ("destination on a private address", ("destination", "create", "--project", "{project}", "--kind", "webhook",
                                          "--name", "lan", "--url", "http://192.168.1.20/hook"),
     "/console/destinations", {"kind": "webhook", "name": "lan", "url": "http://192.168.1.20/hook",
                               "events": ["person.created"]}, "/console/destinations/new"),
    ("mapping that is not JSON", ("integration", "configure", "{webhook}", "--mapping", "{nope"),
     "/console/integrations/{webhook}/settings", {"mapping": "{nope"}, "/console/integrations/{webhook}"),
])
def test_it_refuses_bad_input_with_the_same_message_from_both_faces(faces, name, cli_args, console_path, form,
                                                                    form_page):
    names = {"project": faces.project_id, "webhook": faces.server.integrations["webhook"]["id"]}
    fill = lambda text: text.replace("{project}", names["project"]).replace("{webhook}", names["webhook"])
    message = faces.cli_error(*map(fill, cli_args))
    page = console_message(faces.post(fill(console_path), form, fill(form_page)))
    assert message and message in page, (message, name)
