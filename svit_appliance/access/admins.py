"""Admin accounts: Argon2id passwords, per-account lockout, and the one-time first-run setup link.

Used by the operations layer; raises ``Refused`` with a sentence for the person asking.
"""
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..core.audit import Actor, record
from ..core.errors import Refused
from ..core.ids import new_id
from ..core.normalise import InvalidField, normalise_email
from ..store import access as access_store
from ..store.db import write_transaction
from ..store.models import AdminUser, SetupToken, iso_utc, utcnow
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


def create_admin(email: str, password: str) -> AdminUser:
    email = admin_email(email)
    password_hash = _hasher.hash(check_password(password))
    if access_store.find_admin_by_email(email) is not None:
        raise Refused(f"An admin with the email {email} already exists", "email")
    return access_store.insert_admin(new_id("adm"), email, password_hash)


def authenticate(email: str, password: str, address: str | None = None) -> AdminUser | None:
    """The admin when the password is right and the account not locked; None otherwise, whatever the reason.

    ``address`` (the client's) only goes into the audit entry of a lockout.
    """
    try:
        admin = access_store.find_admin_by_email(admin_email(email))
    except Refused:
        admin = None
    if admin is None:
        _verify(_DUMMY_HASH, password)
        return None
    now = utcnow()
    locked = admin.locked_until is not None and admin.locked_until > now
    if not _verify(admin.password_hash, password) or locked:
        if not locked:
            _count_failure(admin, now, address)
        return None
    access_store.record_sign_in(admin.id, now)
    return admin


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, (password or "")[:MAX_PASSWORD])
    except (VerificationError, InvalidHashError):
        return False


def _count_failure(admin: AdminUser, now, address: str | None) -> None:
    locked_until = now + LOCKOUT
    with write_transaction():  # the lock and its audit entry commit together
        if access_store.count_failed_sign_in(admin.id, MAX_FAILED_LOGINS, locked_until):
            record(Actor.address(address), "admin.lock", admin.id,
                   {"email": admin.email, "failedSignIns": MAX_FAILED_LOGINS, "lockedUntil": iso_utc(locked_until)})


def issue_setup_token() -> str:
    """A new one-time setup secret (the link printed by ``svit serve`` while no admin exists)."""
    secret = secrets.token_urlsafe(32)
    access_store.insert_setup_token(new_id("stp"), hash_token(secret))
    return secret


def valid_setup_token(secret: str | None) -> SetupToken | None:
    if not secret or len(secret) > 100 or any_admin():
        return None
    return access_store.unused_setup_token(hash_token(secret))


def complete_setup(secret: str, email: str, password: str) -> AdminUser:
    """Create the first admin with a setup token; the token is spent in the same transaction."""
    with write_transaction():
        token = valid_setup_token(secret)
        if token is None:
            raise Refused("This setup link is no longer valid: an admin exists already or it was used")
        admin = create_admin(email, password)
        access_store.spend_setup_tokens()
    return admin
