"""The token operations refuse what the CLI's parser also refuses, for any face that calls them."""
import pytest

from svit_appliance.access.tokens import CLIENT, SERVER
from svit_appliance.core.audit import Actor
from svit_appliance.core.errors import Refused
from svit_appliance.operations import projects, tokens
from svit_appliance.settings import Settings
from svit_appliance.store.connect import close_database, open_database
from svit_appliance.store.models import ServerToken


@pytest.fixture
def project(tmp_path):
    open_database(Settings.load({}, data_dir=str(tmp_path)))
    yield projects.create_project(Actor.cli(), "Acme", "GB")
    close_database()


@pytest.mark.parametrize("days", [-5, 0])
def test_it_refuses_an_expiry_that_is_not_ahead(project, days):
    with pytest.raises(Refused, match=f"A token expires in 1 to 3650 days, not {days}") as refused:
        tokens.create_server_token(Actor.cli(), project.id, "ci", days)
    assert refused.value.field == "expires_in_days"
    assert ServerToken.select().count() == 0


def test_it_refuses_to_revoke_a_token_of_the_other_kind(project):
    server = tokens.create_server_token(Actor.cli(), project.id, "ci").record
    client = tokens.create_client_token(Actor.cli(), project.id, "site", []).record
    with pytest.raises(Refused, match=f"{server.id} is a server token, not a client token"):
        tokens.revoke_token(Actor.cli(), CLIENT, server.id)
    with pytest.raises(Refused, match=f"{client.id} is a client token, not a server token"):
        tokens.revoke_token(Actor.cli(), SERVER, client.id)
    assert ServerToken.get_by_id(server.id).revoked_at is None
