"""The audit log names what changed (a person, an integration, a project...) instead of its id."""
import re

from tests.conftest import run_cli


def test_it_names_the_targets_of_audit_entries(admin, console_server):
    project_id = console_server.project["id"]
    integration = run_cli(console_server.data_dir, "integration", "create", "--project", project_id, "--type",
                          "TYPEFORM", "--name", "Consultation form", "--json")
    run_cli(console_server.data_dir, "integration", "disable", integration["id"], "--json")
    page = admin.http.get("/console/audit").text
    assert re.search(rf'<a href="/console/integrations/{integration["id"]}">Consultation form \(TYPEFORM\)</a>', page)
    assert f"<td>{integration['id']}</td>" not in page
