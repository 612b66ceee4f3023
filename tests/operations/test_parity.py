"""Both faces, one write path: every operation run once with the ``svit`` command and once from
the console (a real server, over HTTP) leaves the same record and the same audit entry (only the
actor differs), and the same bad input gets the same message from both."""
import html
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Callable

import httpx
import pytest

from svit_appliance.store.models import (
    AuditEntry,
    ClientToken,
    Destination,
    IngestionJob,
    Integration,
    Person,
    PersonEvent,
    Project,
    ServerToken,
)
from tests.conftest import run_cli
from tests.console import seed
from tests.console.conftest import admin, console_server  # noqa: F401 (fixtures)
from tests.console.seed import storage


@dataclass
class Faces:
    server: object
    admin: object

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


def run_face(faces: Faces, action: Callable, made: str | None) -> tuple[list[AuditEntry], str | None]:
    mark = last_audit_id(faces.server.data_dir)
    action(faces, made)
    entries = [e for e in audit_since(faces.server.data_dir, mark) if e.action != "admin.login"]
    return entries, made or (entries[0].target if entries else None)


def same_entries(cli_entries, console_entries, cli_target, console_target):
    assert cli_entries and console_entries, "each face records an audit entry"
    shape = lambda entries, target: [(e.action, e.target == target, json.loads(json.dumps(e.details).replace(
        target, "<target>"))) for e in entries]
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
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_it_runs_the_same_operation_from_both_faces(faces, case):
    results = {}
    for face in ("cli", "console"):
        made = case.setup(faces) if case.setup else None
        entries, target = run_face(faces, getattr(case, face), made)
        if case.settle:
            case.settle(faces, target)
        record = state(faces.server.data_dir, case.model, target, case.columns) if case.model else None
        results[face] = (entries, target, record)
    (cli_entries, cli_target, cli_record), (console_entries, console_target, console_record) = results.values()
    assert cli_target != console_target, "each face acted on its own record"
    same_entries(cli_entries, console_entries, cli_target, console_target)
    assert cli_record == console_record


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
