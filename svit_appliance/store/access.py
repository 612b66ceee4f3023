"""Access's statements: server and client tokens, the configuration counter the access cache
watches, console admins, their sessions and the one-time setup tokens.

The rules (hashing, lockout, expiry) stay in ``access/`` and ``console/session.py``; these
functions only read and write the rows.
"""
from datetime import datetime

from .models import AdminSession, AdminUser, ClientToken, Integration, Project, SetupToken, Token, utcnow

# One tiny query tells the access cache whether anything it holds changed (triggers bump it).
CONFIG_VERSION_SQL = "SELECT version FROM config_version WHERE id = 1"


def config_version(db) -> int:
    """The counter triggers bump whenever a project, token or integration changes, in any process."""
    return db.execute_sql(CONFIG_VERSION_SQL).fetchone()[0]


def find_project(project_id: str) -> Project | None:
    return Project.get_or_none(Project.id == project_id)


def find_integration(integration_id: str) -> Integration | None:
    return Integration.get_or_none(Integration.id == integration_id)


# --- server and client tokens (``model`` is ServerToken or ClientToken) ---

def insert_token(model: type[Token], token_id: str, project, name: str, prefix: str, token_hash: str,
                 **fields) -> Token:
    """A new token row; ``fields`` are the columns only some kinds have (or that have defaults)."""
    return model.create(id=token_id, project=project, name=name, prefix=prefix, token_hash=token_hash, **fields)


def find_token(model: type[Token], token_id: str) -> Token | None:
    return model.get_or_none(model.id == token_id)


def tokens_with_prefix(model: type[Token], prefix: str) -> list[Token]:
    """Every token of ``model`` stored under the lookup ``prefix`` (active or not)."""
    return list(model.select().where(model.prefix == prefix))


def set_last_used(model: type[Token], token_id: str, moment: datetime) -> None:
    model.update(last_used_at=moment).where(model.id == token_id).execute()


def revoke_token(model: type[Token], token_id: str) -> bool:
    """Mark the token revoked now; False when it does not exist or was revoked already."""
    return model.update(revoked_at=utcnow()).where(model.id == token_id, model.revoked_at.is_null()).execute() > 0


def set_client_token_rules(token_id: str, allowed_origins: list[str], required_fields: list[str],
                           allow_no_origin: bool, rate_limit: str | None) -> None:
    """What a client token lets through: the origins, the fields a post must have, its own rate limit."""
    ClientToken.update(allowed_origins=allowed_origins, required_fields=required_fields,
                       allow_no_origin=allow_no_origin, rate_limit=rate_limit).where(ClientToken.id == token_id).execute()


def enabled_client_tokens() -> list[ClientToken]:
    """Client tokens neither revoked nor disabled (expiry is the caller's to judge)."""
    return list(ClientToken.select().where(ClientToken.revoked_at.is_null(), ClientToken.enabled == True))  # noqa: E712


# --- console admins ---

def any_admin() -> bool:
    return AdminUser.select().exists()


def find_admin_by_email(email: str) -> AdminUser | None:
    return AdminUser.get_or_none(AdminUser.email == email)


def insert_admin(admin_id: str, email: str, password_hash: str) -> AdminUser:
    return AdminUser.create(id=admin_id, email=email, password_hash=password_hash)


def record_sign_in(admin_id: str, now: datetime) -> None:
    """A successful sign-in: the failure count starts over and any lock is lifted."""
    AdminUser.update(failed_logins=0, locked_until=None, last_login_at=now).where(AdminUser.id == admin_id).execute()


def count_failed_sign_in(admin_id: str, max_failures: int, locked_until: datetime) -> bool:
    """Count one failed sign-in; True when this one reached ``max_failures`` and locked the account
    until ``locked_until`` (the count then starts over). Run it inside a write transaction."""
    # Counted in the database, not read and written back: parallel guesses each count.
    failures = (AdminUser.update(failed_logins=AdminUser.failed_logins + 1).where(AdminUser.id == admin_id)
                .returning(AdminUser.failed_logins).execute())
    if not failures or failures[0].failed_logins < max_failures:
        return False
    # only the guess that reached the limit locks (and resets the count for after the lock)
    return AdminUser.update(failed_logins=0, locked_until=locked_until).where(
        AdminUser.id == admin_id, AdminUser.failed_logins >= max_failures).execute() > 0


def insert_setup_token(token_id: str, token_hash: str) -> None:
    SetupToken.create(id=token_id, token_hash=token_hash)


def unused_setup_token(token_hash: str) -> SetupToken | None:
    return SetupToken.get_or_none(SetupToken.token_hash == token_hash, SetupToken.used_at.is_null())


def spend_setup_tokens() -> None:
    """Every unused setup token is used up (the first admin exists)."""
    SetupToken.update(used_at=utcnow()).where(SetupToken.used_at.is_null()).execute()


# --- console sessions ---

def insert_session(session_id: str, token_hash: str, admin: AdminUser, csrf_token: str) -> AdminSession:
    return AdminSession.create(id=session_id, token_hash=token_hash, admin=admin, csrf_token=csrf_token)


def find_session(token_hash: str) -> AdminSession | None:
    """The session stored under ``token_hash``, its admin read in the same query."""
    return (AdminSession.select(AdminSession, AdminUser).join(AdminUser)
            .where(AdminSession.token_hash == token_hash).first())


def touch_session(session_id: str, now: datetime) -> None:
    AdminSession.update(last_seen_at=now).where(AdminSession.id == session_id).execute()


def delete_session(session_id: str) -> None:
    AdminSession.delete().where(AdminSession.id == session_id).execute()


def delete_sessions_with_hash(token_hash: str) -> None:
    AdminSession.delete().where(AdminSession.token_hash == token_hash).execute()
