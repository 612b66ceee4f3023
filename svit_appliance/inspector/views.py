"""Reading the rejected requests: newest first, one JSON shape, grouped by reason with the fix."""
from dataclasses import dataclass
from datetime import timedelta

from ..processors import INTEGRATION_TYPES
from ..processors.signatures import SCHEMES, signature_header
from ..store.access import find_integration
from ..store.models import Integration, RejectedRequest, iso_utc, utcnow
from ..store.rejections import ANY_PROJECT as ANY_PROJECT  # re-exported: recent()'s callers name all projects with it
from ..store.rejections import newest_rejections

GROUP_ROWS = 1000


def recent(project_id, keep_days: int, limit: int = 100) -> list[RejectedRequest]:
    """A project's refusals of the last ``keep_days`` (SVIT_INSPECTOR_RETENTION_DAYS: retention deletes
    older ones every hour), newest first; ``None``: the appliance-wide ones, ``ANY_PROJECT``: all."""
    return newest_rejections(project_id, utcnow() - timedelta(days=keep_days), limit)


def rejection_view(row: RejectedRequest) -> dict:
    return {"id": row.id, "projectId": row.project_id, "subjectId": row.subject_id, "at": iso_utc(row.created_at),
            "method": row.method, "route": row.route, "status": row.status, "code": row.code, "detail": row.detail,
            "clientAddress": row.client_address, "origin": row.origin, "userAgent": row.user_agent,
            "signature": row.signature, "bodyExcerpt": row.body_excerpt, "count": row.count}


@dataclass
class Group:
    """Refusals for one reason: how many, the newest example and, where one exists, the fix."""

    code: str
    subject_id: str | None
    origin: str | None
    count: int
    latest: RejectedRequest
    fix: str | None = None  # allow_origin, enable_integration, change_type
    advice: str = ""


def _key(row: RejectedRequest) -> tuple:
    return row.code, row.subject_id, row.origin if row.code == "INVALID_CLIENT_ORIGIN" else None


def group_rejections(project_id: str | None, keep_days: int) -> list[Group]:
    """The newest refusals grouped by (reason, integration or token, origin), biggest group first."""
    groups: dict[tuple, Group] = {}
    for row in recent(project_id, keep_days, GROUP_ROWS):
        key = _key(row)
        if key in groups:
            groups[key].count += row.count
        else:
            groups[key] = Group(row.code, row.subject_id, key[2], row.count, row)
    for group in groups.values():
        advise(group)
    return sorted(groups.values(), key=lambda g: (-g.count, g.code))


def _expected_signature(integration: Integration | None) -> str:
    scheme = integration and INTEGRATION_TYPES[integration.type].signature_scheme
    if not scheme:
        return "send 'Authorization: Bearer <server token>'"
    return f"{signature_header(scheme)} as {integration.type} signs it: {SCHEMES[scheme].__doc__.strip()}"


def advise(group: Group) -> None:
    """What went wrong in words, and which fix the console can apply."""
    row = group.latest
    subject = group.subject_id or ""
    if group.code == "INVALID_CLIENT_ORIGIN" and group.origin not in (None, "null"):
        # a preflight carries no token: then the admin picks the client token to allow it for
        group.fix = "allow_origin"
        which = f"client token {subject}" if subject.startswith("ctk_") else "any client token"
        group.advice = f"Origin {group.origin} is not allowed for {which}: allow it if the form there is yours."
    elif group.code == "INTEGRATION_DISABLED" and subject.startswith("int_"):
        group.fix = "enable_integration"
        group.advice = f"Integration {subject} is disabled: enable it to accept these requests."
    elif group.code == "INTEGRATION_TYPE_NOT_SUPPORTED" and subject.startswith("int_"):
        integration = find_integration(subject)
        group.fix = "change_type" if integration is not None else None
        kind = integration.type if integration else "its type"
        group.advice = f"Type {kind} has no processor: change the type to the source that sends these requests."
    elif group.code == "INVALID_SERVER_TOKEN" and row.signature:
        integration = find_integration(subject) if subject else None
        group.advice = (f"Signature did not match: compare the secret set on the integration with the provider's. "
                        f"Came: {row.signature}. Expected: {_expected_signature(integration)}.")
    else:
        group.advice = row.detail

