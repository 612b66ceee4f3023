"""Admin accounts: Argon2id passwords, per-account lockout, and the one-time first-run setup link.

Used by the operations layer (``operations/admins.py``: creating admins, the setup, signing in),
which hashes and verifies before its write transaction and writes inside it; raises ``Refused``
with a sentence for the person asking.
"""
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..core.errors import Refused
from ..core.ids import new_id
from ..core.normalise import InvalidField, normalise_email
from ..store import access as access_store
from ..store.models import AdminUser, SetupToken
from .tokens import hash_token

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 10
MAX_PASSWORD = 1024

_hasher = PasswordHasher()  # argon2-cffi's default type is Argon2id
# verified against when the account does not exist, so both answers take the same time
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def admin_email(email: str) -> str:
    """The address admins sign in with, normalised like every email the appliance stores."""
    try:
        address = normalise_email(email)
    except InvalidField:
        address = None
    if not address:
        raise Refused("Enter an email address such as admin@example.com", "email")
    return address


def check_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD:
        raise Refused(f"The password must have at least {MIN_PASSWORD} characters", "password")
    if len(password) > MAX_PASSWORD:
        raise Refused(f"The password must have at most {MAX_PASSWORD} characters", "password")
    return password


def any_admin() -> bool:
    return access_store.any_admin()


def hash_password(password: str) -> str:
    """The password checked and hashed with Argon2id: slow on purpose, so done before any write transaction."""
    return _hasher.hash(check_password(password))


def add_admin(email: str, password_hash: str) -> AdminUser:
    """A new admin (``email`` as ``admin_email`` gave it); run it inside a write transaction."""
    if access_store.find_admin_by_email(email) is not None:
        raise Refused(f"An admin with the email {email} already exists", "email")
    return access_store.insert_admin(new_id("adm"), email, password_hash)


@dataclass(frozen=True)
class SignInAttempt:
    """What an email and password proved: whose account (None: no such admin), whether the
    password is right, and whether the account is locked for now."""

    admin: AdminUser | None
    password_right: bool
    locked: bool


def check_sign_in(email: str, password: str, now: datetime) -> SignInAttempt:
    """Look the admin up and verify the password (Argon2: slow on purpose, so before any write
    transaction). An unknown email takes as long as a wrong password."""
    try:
        admin = access_store.find_admin_by_email(admin_email(email))
    except Refused:
        admin = None
    if admin is None:
        _verify(_DUMMY_HASH, password)
        return SignInAttempt(None, False, False)
    locked = admin.locked_until is not None and admin.locked_until > now
    return SignInAttempt(admin, _verify(admin.password_hash, password), locked)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, (password or "")[:MAX_PASSWORD])
    except (VerificationError, InvalidHashError):
        return False


def record_sign_in(admin: AdminUser, now: datetime) -> None:
    """A successful sign-in: the failure count starts over and any lock is lifted."""
    access_store.record_sign_in(admin.id, now)


def count_failure(admin: AdminUser, now: datetime) -> datetime | None:
    """Count a wrong password; when it was the one that locked the account, until when it is
    locked. Run it inside a write transaction (the sign-in's, with the lockout's audit entry)."""
    locked_until = now + LOCKOUT
    return locked_until if access_store.count_failed_sign_in(admin.id, MAX_FAILED_LOGINS, locked_until) else None


def issue_setup_token() -> str:
    """A new one-time setup secret (the link printed by ``svit serve`` while no admin exists)."""
    secret = secrets.token_urlsafe(32)
    access_store.insert_setup_token(new_id("stp"), hash_token(secret))
    return secret


def valid_setup_token(secret: str | None) -> SetupToken | None:
    if not secret or len(secret) > 100 or any_admin():
        return None
    return access_store.unused_setup_token(hash_token(secret))


SETUP_LINK_SPENT = "This setup link is no longer valid: an admin exists already or it was used"


def complete_setup(secret: str, email: str, password_hash: str) -> AdminUser:
    """Create the first admin with a setup token, and spend it. Run it inside a write transaction:
    of two setups at once, the second finds the token spent."""
    if valid_setup_token(secret) is None:
        raise Refused(SETUP_LINK_SPENT)
    admin = add_admin(email, password_hash)
    access_store.spend_setup_tokens()
    return admin
