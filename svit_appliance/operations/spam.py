"""The contact form's spam inbox: a quarantined post released as "not spam" becomes a person."""
import time

from ..contact_form.store import FormPost, store_post
from ..contact_form.submission import InvalidSubmission, validate_submission
from ..core.audit import Actor, record
from ..core.errors import Missing, Refused
from ..core.persons import UpsertResult
from ..store.db import write_transaction
from ..store.models import ClientToken, FormSpam, Project
from .checks import in_project


def get_spam(spam_id: str, project_id: str | None = None) -> FormSpam:
    spam = FormSpam.get_or_none(FormSpam.id == spam_id)
    if not in_project(spam, project_id):
        raise Missing(f"No quarantined post {spam_id}: it was released, deleted after the retention period, "
                      "or belongs to another project")
    return spam


def release_spam(actor: Actor, spam_id: str, project_id: str | None = None) -> UpsertResult:
    """Not spam: the post creates or merges its person exactly as the form would have, with the
    form's checks of its token, and leaves the inbox."""
    spam = get_spam(spam_id, project_id)
    token = ClientToken.get_by_id(spam.client_token_id)
    region = Project.get_by_id(spam.project_id).default_region
    try:
        submission = validate_submission(spam.fields, token.required_fields, region, spam.referer)
    except InvalidSubmission as refusal:
        problems = "; ".join(e["message"] for e in refusal.errors) if refusal.errors else str(refusal)
        raise Refused(f"This post cannot become a person: {problems}") from None
    post = FormPost(spam.project_id, token.id, submission, f"spam-{spam.id}", time.time())
    with write_transaction():
        result = store_post(post, {"releasedFrom": {"spamId": spam.id, "reason": spam.reason}})
        FormSpam.delete().where(FormSpam.id == spam.id).execute()
    # the person's timeline names the post it came from (releasedFrom); the entry holds no personal data
    record(actor, "spam.release", spam.id, {"created": result.created, "reason": spam.reason})
    return result
