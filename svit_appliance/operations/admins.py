"""Console admins: created from the shell or with the one-time setup link; signing in and out."""
from ..access import admins
from ..core.audit import Actor
from ..core.errors import Refused
from ..store.models import AdminUser, iso_utc, utcnow
from .op import Op, operation


@operation("admin.create")
def create_admin(op: Op, email: str, password: str) -> AdminUser:
    email, password_hash = admins.admin_email(email), admins.hash_password(password)
    with op.writing():
        admin = admins.add_admin(email, password_hash)
        op.audit(admin.id, {"email": admin.email})
    return admin


@operation("admin.setup", anonymous=True)
def complete_setup(op: Op, secret: str, email: str, password: str) -> AdminUser:
    """The first admin, made with the setup link (the link is the authority: no actor); audited as
    ``admin.create`` by the new admin."""
    if admins.valid_setup_token(secret) is None:
        raise Refused(admins.SETUP_LINK_SPENT)
    email, password_hash = admins.admin_email(email), admins.hash_password(password)
    with op.writing():
        admin = admins.complete_setup(secret, email, password_hash)
        op.audit(admin.id, {"email": admin.email, "via": "setup link"}, action="admin.create",
                 actor=Actor.admin(admin))
    return admin


@operation("admin.login")
def sign_in(op: Op, email: str, password: str) -> AdminUser | None:
    """The admin when the password is right and the account not locked; None otherwise, whatever
    the reason. The actor is who asks (``Actor.address``): a wrong password counts against the
    account, and the one that locks it is audited as ``admin.lock`` by that address; a sign-in is
    audited as ``admin.login`` by the admin."""
    now = utcnow()
    attempt = admins.check_sign_in(email, password, now)
    if attempt.admin is None or attempt.locked:
        return None
    admin = attempt.admin
    with op.writing():
        if not attempt.password_right:
            locked_until = admins.count_failure(admin, now)
            if locked_until is not None:
                op.audit(admin.id, {"email": admin.email, "failedSignIns": admins.MAX_FAILED_LOGINS,
                                    "lockedUntil": iso_utc(locked_until)}, action="admin.lock")
            return None
        admins.record_sign_in(admin, now)
        op.audit(admin.id, actor=Actor.admin(admin))
    return admin


@operation("admin.logout")
def sign_out(op: Op, admin_id: str) -> None:
    """Audit the end of a console session (the face ends the session itself: it holds the cookie)."""
    with op.writing():
        op.audit(admin_id)
