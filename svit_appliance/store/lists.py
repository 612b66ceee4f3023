"""What the console's list pages and the ``svit`` command's ``list`` actions read: projects, a
project's integrations, tokens, destinations, jobs, spam and recent merges, admins, and the audit
log. Paged lists take ``limit`` and ``offset`` (the console asks for one row more than it shows,
to tell whether a next page exists)."""
from datetime import datetime

from peewee import fn

from .models import (
    AdminUser,
    AuditEntry,
    ClientToken,
    Destination,
    FormSpam,
    IngestionJob,
    Integration,
    PersonMerge,
    Project,
    ServerToken,
)

JOB_LIST_FIELDS = (IngestionJob.id, IngestionJob.integration, IngestionJob.status, IngestionJob.attempts,
                   IngestionJob.received_at, IngestionJob.processed_at, IngestionJob.last_error, IngestionJob.warning)


def projects_oldest_first() -> list[Project]:
    return list(Project.select().order_by(Project.created_at, Project.id))


def integrations_newest_first(project_id: str) -> list[Integration]:
    return list(Integration.select().where(Integration.project == project_id)
                .order_by(Integration.created_at.desc(), Integration.id.desc()))


def integration_choices(project_id: str) -> list[Integration]:
    """The project's integrations (id, name and type only), as the jobs page's filter offers them."""
    return list(Integration.select(Integration.id, Integration.name, Integration.type)
                .where(Integration.project == project_id))


def server_tokens_newest_first(project_id: str) -> list[ServerToken]:
    return list(ServerToken.select().where(ServerToken.project == project_id)
                .order_by(ServerToken.created_at.desc(), ServerToken.id.desc()))


def client_tokens_newest_first(project_id: str) -> list[ClientToken]:
    return list(ClientToken.select().where(ClientToken.project == project_id)
                .order_by(ClientToken.created_at.desc(), ClientToken.id.desc()))


def unrevoked_client_tokens(project_id: str) -> list[ClientToken]:
    """The project's client tokens not revoked, oldest first."""
    return list(ClientToken.select().where(ClientToken.project == project_id, ClientToken.revoked_at.is_null())
                .order_by(ClientToken.created_at))


def client_token_names(token_ids: set[str]) -> dict[str, str]:
    """id -> name of those of ``token_ids`` that exist."""
    return {token.id: token.name for token in ClientToken.select(ClientToken.id, ClientToken.name)
            .where(ClientToken.id.in_(token_ids))}


def destinations_newest_first(project_id: str) -> list[Destination]:
    return list(Destination.select().where(Destination.project == project_id)
                .order_by(Destination.created_at.desc(), Destination.id.desc()))


def jobs_newest_first(project_id: str, status: str | None, integration_id: str | None, warned: bool,
                      limit: int, offset: int) -> list[IngestionJob]:
    """A page of the project's jobs (without their bodies), narrowed to a status, an integration, or
    those that found no person when given."""
    query = IngestionJob.select(*JOB_LIST_FIELDS).where(IngestionJob.project == project_id)
    if status:
        query = query.where(IngestionJob.status == status)
    if integration_id:
        query = query.where(IngestionJob.integration == integration_id)
    if warned:
        query = query.where(IngestionJob.warning.is_null(False))
    return list(query.order_by(IngestionJob.received_at.desc(), IngestionJob.id.desc()).limit(limit).offset(offset))


def spam_newest_first(project_id: str | None, limit: int, offset: int) -> list[FormSpam]:
    return list(FormSpam.select().where(FormSpam.project == project_id)
                .order_by(FormSpam.created_at.desc(), FormSpam.id.desc()).limit(limit).offset(offset))


def merges_since(project_id: str, since: datetime, limit: int) -> list[PersonMerge]:
    """The project's merges made after ``since``, newest first."""
    return list(PersonMerge.select().where(PersonMerge.project == project_id, PersonMerge.created_at > since)
                .order_by(PersonMerge.created_at.desc()).limit(limit))


def audit_entries_newest_first(actor: str | None, limit: int, offset: int) -> list[AuditEntry]:
    """A page of the audit log, every entry or those of one ``actor``."""
    query = AuditEntry.select().order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if actor:
        query = query.where(AuditEntry.actor == actor)
    return list(query.limit(limit).offset(offset))


# the `svit` command lists a project's records in the order of their ids (which sort by creation)
def projects_by_id() -> list[Project]:
    return list(Project.select().order_by(Project.id))


def server_tokens_by_id(project_id: str) -> list[ServerToken]:
    return list(ServerToken.select().where(ServerToken.project == project_id).order_by(ServerToken.id))


def client_tokens_by_id(project_id: str) -> list[ClientToken]:
    return list(ClientToken.select().where(ClientToken.project == project_id).order_by(ClientToken.id))


def integrations_by_id(project_id: str) -> list[Integration]:
    return list(Integration.select().where(Integration.project == project_id).order_by(Integration.id))


def destinations_by_id(project_id: str) -> list[Destination]:
    return list(Destination.select().where(Destination.project == project_id).order_by(Destination.id))


def admins_oldest_first() -> list[AdminUser]:
    return list(AdminUser.select().order_by(AdminUser.created_at))


def newest_jobs(limit: int, statuses: list[str] | None = None, project_id: str | None = None) -> list[IngestionJob]:
    """The newest jobs (every field but the body), of some statuses or one project when given."""
    query = (IngestionJob.select(*[f for f in IngestionJob._meta.sorted_fields if f.name != "body"])
             .order_by(IngestionJob.id.desc()).limit(limit))
    if statuses:
        query = query.where(IngestionJob.status.in_(statuses))
    if project_id:
        query = query.where(IngestionJob.project == project_id)
    return list(query)


def spam_count(project_id: str) -> int:
    return FormSpam.select().where(FormSpam.project == project_id).count()


def spam_caught_per_token(project_id: str) -> dict[str, int]:
    """client token id -> posts of the project's spam inbox it brought."""
    query = (FormSpam.select(FormSpam.client_token, fn.COUNT(FormSpam.id))
             .where(FormSpam.project == project_id).group_by(FormSpam.client_token))
    return {token_id: count for token_id, count in query.tuples()}
