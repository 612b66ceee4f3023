"""The normalised forms persons are matched on: email addresses and E.164 phone numbers."""
import re

import email_validator
import phonenumbers

EMAIL_MESSAGE = "Email is not a valid address"
PHONE_MESSAGE = "Phone is not a valid phone number"

# No address is longer than 64 (local) + 1 + 255 (domain); checking the length first keeps
# megabyte strings away from the validator's regular expressions.
_MAX_EMAIL_LENGTH = 320
_MAX_PHONE_LENGTH = 64


# The common address, checked without the validator: a dot-atom local part of ASCII characters
# email-validator accepts as they are, and a domain of lower-case letter-digit-hyphen labels ending
# in an all-letter top-level label. For these the validator's normal form is the text itself
# unless a length limit, a "--" (its IDNA rule) or a special-use name applies, and those go to
# the validator. tests/core/test_normalise.py holds the two to the same answers on a corpus.
_ATEXT = r"[a-z0-9_!#$%&'*+\-/=?^`{|}~]+"
_PLAIN_EMAIL = re.compile(rf"{_ATEXT}(?:\.{_ATEXT})*@((?:[a-z0-9](?:[a-z0-9-]{{0,61}}[a-z0-9])?\.)+[a-z]{{2,63}})\Z")
_EMAIL_MAX_LENGTH = 254
_SPECIAL_USE_DOMAINS = frozenset(email_validator.SPECIAL_USE_DOMAIN_NAMES)


class InvalidField(ValueError):
    """A field's value cannot be normalised; the message is short and safe to show."""


def normalise_email(raw) -> str | None:
    """Trimmed, lower-cased, syntax-checked address; None when empty.

    Raises InvalidField for anything that is not an address. No DNS look-up. IDNA domains
    come back in Unicode, whether they were typed in Unicode or in punycode.
    """
    text = _email_text(raw)
    if not text:
        return None
    if plain_email(text):
        return text
    try:
        checked = email_validator.validate_email(text, check_deliverability=False)
    except email_validator.EmailNotValidError as error:
        raise InvalidField(EMAIL_MESSAGE) from error
    return checked.normalized


def plain_email(text: str) -> bool:
    """Whether the validator would give back ``text`` (lower-cased, trimmed) unchanged: the fast path."""
    match = _PLAIN_EMAIL.match(text)
    if match is None or len(text) > _EMAIL_MAX_LENGTH:
        return False
    domain = match.group(1)
    if "--" in domain:
        return False
    labels = domain.split(".")
    return not any(".".join(labels[n:]) in _SPECIAL_USE_DOMAINS for n in range(len(labels)))


def normalise_phone(raw, region: str) -> str | None:
    """The number in E.164 (extension dropped); None when empty.

    A number without '+' (or '00') is read in `region`; a digit string that is not valid
    there but is a valid international number is read as international. Raises
    InvalidField when the value cannot be read or is not a valid number.
    """
    text = _phone_text(raw)
    if not text:
        return None
    number = _parse_valid(text, region.upper()) or _parse_as_international(text)
    if number is None:
        raise InvalidField(PHONE_MESSAGE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_valid_region(code) -> bool:
    """Whether `code` is a region phonenumbers can read numbers in ("US", "GB", ...)."""
    return isinstance(code, str) and code in phonenumbers.SUPPORTED_REGIONS


def _email_text(raw) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise InvalidField(EMAIL_MESSAGE)
    text = raw.strip()
    if len(text) > _MAX_EMAIL_LENGTH:
        raise InvalidField(EMAIL_MESSAGE)
    # Lower-cased before validating so the result is the validator's own normal form.
    return text.lower()


def _phone_text(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str):
        raise InvalidField(PHONE_MESSAGE)
    text = raw.strip()
    if len(text) > _MAX_PHONE_LENGTH:
        raise InvalidField(PHONE_MESSAGE)
    if text[:4].lower() == "tel:":
        text = text[4:].lstrip()
    # '00' is the international prefix in most of the world but not in every default region
    # (the US dials 011), so read it as '+' whatever the region.
    if text.startswith("00"):
        text = "+" + text[2:]
    return text


def _parse_as_international(text: str):
    if text.startswith("+"):
        return None
    return _parse_valid("+" + text, None)


def _parse_valid(text: str, region: str | None):
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    # Checking the default region first is a fraction of is_valid_number's cost for country
    # codes shared by many regions (+1 has 25), and most numbers are from the default region.
    if region and phonenumbers.is_valid_number_for_region(number, region):
        return number
    return number if phonenumbers.is_valid_number(number) else None
