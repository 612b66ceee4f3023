"""A project on a fresh SQLite database and a real SMTP server on 127.0.0.1 (the HTTP receiver is in tests/conftest.py)."""
import email
import email.policy
import time

import pytest
from aiosmtpd.controller import Controller

from svit_appliance.core.audit import Actor
from svit_appliance.operations.projects import create_project
from svit_appliance.settings import Settings
from svit_appliance.store.connect import open_database
from tests.conftest import free_port


@pytest.fixture
def project(tmp_path):
    settings = Settings.load({}, data_dir=str(tmp_path))
    db = open_database(settings)
    yield create_project(Actor.cli(), "Acme", "GB")
    db.close()


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos),
                              email.message_from_bytes(envelope.content, policy=email.policy.default)))
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 20.0) -> list:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.messages) >= count, f"{len(self.messages)} messages, expected {count}"
        return self.messages


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()
