"""Records as the JSON objects the API and the CLI print: one shape per record, camelCase keys,
times in ISO 8601 UTC with milliseconds."""
from ..store.models import ClientToken, FormSpam, IngestionJob, Integration, Person, Project, ServerToken, iso_utc
from ..store.persons import PersonRecord


def project_view(project: Project) -> dict:
    return {"id": project.id, "name": project.name, "defaultRegion": project.default_region,
            "createdAt": iso_utc(project.created_at)}


def server_token_view(token: ServerToken, secret: str | None = None) -> dict:
    view = {"id": token.id, "projectId": token.project_id, "name": token.name, "prefix": token.prefix,
            "createdAt": iso_utc(token.created_at), "lastUsedAt": iso_utc(token.last_used_at),
            "expiresAt": iso_utc(token.expires_at), "revokedAt": iso_utc(token.revoked_at)}
    if secret is not None:
        view["token"] = secret
    return view


def client_token_view(token: ClientToken, secret: str | None = None, spam_caught: int | None = None) -> dict:
    view = server_token_view(token, secret)
    view.update(allowedOrigins=token.allowed_origins, requiredFields=token.required_fields,
                enabled=token.enabled, allowNoOrigin=token.allow_no_origin, rateLimit=token.rate_limit)
    if spam_caught is not None:
        view["spamCaught"] = spam_caught
    return view


def integration_view(integration: Integration, ingestion_path: str) -> dict:
    """The integration, with the path its data is sent to (the caller knows the routes)."""
    return {"id": integration.id, "projectId": integration.project_id, "name": integration.name,
            "type": integration.type, "enabled": integration.enabled, "ingestionPath": ingestion_path,
            "createdAt": iso_utc(integration.created_at),
            "signingSecretSet": bool((integration.config or {}).get("signing_secret")),
            "mapping": (integration.config or {}).get("mapping") or {}}


def job_view(job: IngestionJob) -> dict:
    """A job's status, exactly as ``GET .../data-ingestion/jobs/{jobId}`` answers it."""
    return {"jobId": job.id, "integrationId": job.integration_id, "status": job.status, "attempts": job.attempts,
            "receivedAt": iso_utc(job.received_at), "processedAt": iso_utc(job.processed_at),
            "personIds": job.person_ids or [], "error": job.last_error, "warning": job.warning}


def job_operator_view(job: IngestionJob) -> dict:
    """The API's view plus what an operator needs across projects (``svit jobs list``)."""
    return {**job_view(job), "projectId": job.project_id,
            "nextAttemptAt": iso_utc(job.next_attempt_at) if job.status == "queued" else None}


def person_view(person: Person | PersonRecord) -> dict:
    return {"id": person.id, "projectId": person.project_id, "name": person.name, "firstName": person.first_name,
            "lastName": person.last_name, "email": person.email, "emailTyped": person.email_raw,
            "phone": person.phone, "phoneTyped": person.phone_raw, "company": person.company,
            "attributes": person.attributes or {}, "firstSource": person.first_source,
            "lastSource": person.last_source, "createdAt": iso_utc(person.created_at),
            "updatedAt": iso_utc(person.updated_at)}


def spam_view(spam: FormSpam) -> dict:
    return {"id": spam.id, "clientTokenId": spam.client_token_id, "ip": spam.ip, "reason": spam.reason,
            "fields": spam.fields, "createdAt": iso_utc(spam.created_at)}
