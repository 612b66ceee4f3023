"""The registry of destination kinds: the one place that says which kinds exist.

Each kind is one module holding one ``DestinationKind`` (``base.py``): the form fields and CLI
options it asks for, how those options become its stored config, what is shown of that config,
and how it sends. The faces, the operations and the delivery worker read this table, so a new
kind is one module and one line here. Imported statically, so PyInstaller sees every kind.
"""
from . import email, slack, webhook
from .base import DestinationKind

KINDS: dict[str, DestinationKind] = {"email": email.KIND, "webhook": webhook.KIND, "slack": slack.KIND}
