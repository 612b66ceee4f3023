"""A project on a fresh SQLite database, and a real HTTP receiver on 127.0.0.1."""
import pytest

from svit_appliance.core.audit import Actor
from svit_appliance.operations.projects import create_project
from svit_appliance.settings import Settings
from svit_appliance.store.connect import open_database
from tests.destinations.receiver import Receiver


@pytest.fixture
def project(tmp_path):
    settings = Settings.load({}, data_dir=str(tmp_path))
    db = open_database(settings)
    yield create_project(Actor.cli(), "Acme", "GB")
    db.close()


@pytest.fixture
def receiver():
    receiver = Receiver().start()
    yield receiver
    receiver.stop()
