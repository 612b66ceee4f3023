"""Console admins: created from the shell, or the first one through the one-time setup link."""
from ..access import admins
from ..core.audit import Actor, record
from ..store.models import AdminUser


def create_admin(actor: Actor, email: str, password: str) -> AdminUser:
    admin = admins.create_admin(email, password)
    record(actor, "admin.create", admin.id, {"email": admin.email})
    return admin


def complete_setup(secret: str, email: str, password: str) -> AdminUser:
    """The first admin, made with the setup link; the audit entry names the new admin."""
    admin = admins.complete_setup(secret, email, password)
    record(Actor.admin(admin), "admin.create", admin.id, {"email": admin.email, "via": "setup link"})
    return admin
