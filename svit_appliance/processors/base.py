"""What every processor returns, and the one error a processor may raise."""
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PersonInput:
    """One person found in a payload, with values exactly as the source typed them."""

    name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None
    company: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)


class PayloadError(ValueError):
    """The payload does not have the shape this integration type documents."""


class NoContactDetails(Exception):
    """The body is a valid notification that by design names no one: a Facebook Lead Ads
    change carries a lead id, a HubSpot creation event a contact id. Not a failure: the job
    succeeds without persons and records ``warning``; ``references`` holds the ids with
    which the person could be looked up at the provider."""

    def __init__(self, warning: str, references: dict | None = None):
        super().__init__(warning)
        self.warning = warning
        self.references = references or {}
