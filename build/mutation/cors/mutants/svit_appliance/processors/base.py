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
