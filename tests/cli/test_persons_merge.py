"""``svit persons duplicates|merge|unmerge``: the shell's side of merging with undo."""
from svit_appliance.core.persons import Source, normalise_person, upsert_person
from svit_appliance.processors.base import PersonInput
from svit_appliance.settings import Settings
from svit_appliance.store.connect import open_database
from tests.conftest import run_cli


def seed(data_dir, project_id: str, *people: dict) -> list[str]:
    db = open_database(Settings.load({}, data_dir=str(data_dir)))
    try:
        return [upsert_person(project_id, normalise_person(PersonInput(**fields), "US"), Source("integration", "int_x"),
                              "ingested", {}, source_key=f"seed#{i}").person_id for i, fields in enumerate(people)]
    finally:
        db.close()


def test_it_lists_merges_and_unmerges_from_the_shell(tmp_path):
    project = run_cli(tmp_path, "project", "create", "Acme", "--json")
    first, second = seed(tmp_path, project["id"], {"name": "Lin", "email": "lin.chen@gmail.com"},
                         {"name": "Lin Chen", "email": "linchen+news@gmail.com", "phone": "+1 202 555 0143"})
    before = [run_cli(tmp_path, "persons", "show", pid, "--json") for pid in (first, second)]
    [pair] = run_cli(tmp_path, "persons", "duplicates", "--project", project["id"], "--json")
    assert {pair["first"]["id"], pair["second"]["id"]} == {first, second}
    merged = run_cli(tmp_path, "persons", "merge", first, second, "--from-other", "name,phone", "--json")
    kept = run_cli(tmp_path, "persons", "show", first, "--json")
    assert (kept["name"], kept["email"], kept["phone"]) == ("Lin Chen", "lin.chen@gmail.com", "+12025550143")
    assert kept["timeline"][-1]["data"]["mergedFrom"] == second
    assert run_cli(tmp_path, "persons", "duplicates", "--project", project["id"], "--json") == []
    undone = run_cli(tmp_path, "persons", "unmerge", merged["mergeId"], "--json")
    assert undone["undoneAt"] is not None
    assert [run_cli(tmp_path, "persons", "show", pid, "--json") for pid in (first, second)] == before
