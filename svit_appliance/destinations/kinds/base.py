"""What every destination kind provides (``DestinationKind``) and the pieces it is made of."""
from dataclasses import dataclass
from typing import Callable, Protocol

from ..outbound import Answer, Limits


class SendPolicy(Protocol):
    """What a sender reads of the delivery worker's policy."""

    limits: Limits
    base_url: str  # SVIT_PUBLIC_BASE_URL, for links back to the console; "" when unset


@dataclass(frozen=True)
class FormField:
    """One input of the console's new-destination form; its name is the key of the option it fills."""

    name: str
    label: str
    input_type: str = "text"  # text, password (never shown again), select (one of choices) or checkbox
    required: bool = True  # False: the label says "(optional)"
    help: str = ""  # said in brackets after the label
    placeholder: str = ""
    default: str = ""
    choices: tuple[str, ...] = ()
    many: bool = False  # several values in one box, separated by commas or semicolons: a list
    autocomplete: str = ""

    @property
    def caption(self) -> str:
        """The label as the form shows it, e.g. "To (comma-separated)" or "User (optional)"."""
        notes = [note for note in (self.help, "" if self.required else "optional") if note]
        return f"{self.label} ({', '.join(notes)})" if notes else self.label


@dataclass(frozen=True)
class CliOption:
    """One option of ``svit destination create``; ``key`` is the option it fills."""

    flag: str
    key: str
    help: str
    metavar: str | None = None
    choices: tuple[str, ...] = ()
    repeat: bool = False  # given once per value: a list
    switch: bool = False  # takes no value: True when given
    # when given, this option too is filled, from the first line of stdin: a password never goes
    # on the command line, where other users of the machine could read it
    secret_from_stdin: str | None = None

    @property
    def dest(self) -> str:
        return self.flag.removeprefix("--").replace("-", "_")


@dataclass(frozen=True)
class Detail:
    """One line of what the console shows of a destination's config."""

    term: str
    value: str
    literal: bool = False  # shown as code, e.g. a URL


Configure = Callable[[dict, Limits], tuple[dict, str | None]]
Describe = Callable[[dict], tuple[Detail, ...]]
Send = Callable[[dict, str, dict, str | None, SendPolicy], Answer]


@dataclass(frozen=True)
class DestinationKind:
    """One kind of destination: what the faces ask for, what is stored and shown, how it sends.

    - ``configure(options, limits)``: the config to store, from the options the console or the CLI
      gave (raises ``Refused`` naming the field at fault), and a secret to show this once, or None;
    - ``describe(config)``: what the console shows of a config; ``shown_config``: the keys of it the
      CLI prints. Neither ever holds a secret or a password;
    - ``send(config, delivery_id, payload, link, policy)``: one attempt; returns the receiver's
      ``Answer`` or raises ``DeliveryError``. ``link`` is the console page of what the event is
      about, or None.
    """

    name: str
    label: str
    form_fields: tuple[FormField, ...]
    cli_options: tuple[CliOption, ...]
    shown_config: tuple[str, ...]
    configure: Configure
    describe: Describe
    send: Send
