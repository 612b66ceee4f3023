"""The contact form's spam inbox: a quarantined post released as "not spam" becomes a person."""
import time

from ..contact_form.store import FormPost, store_post
from ..contact_form.submission import InvalidSubmission, validate_submission
from ..core.errors import Missing, Refused
from ..core.persons import UpsertResult
from ..store import spam as spam_store
from ..store.access import find_project
from ..store.models import FormSpam
from ..store.sources import find_client_token
from .checks import in_project
from .op import Op, operation


def get_spam(spam_id: str, project_id: str | None = None) -> FormSpam:
    spam = spam_store.find_quarantined(spam_id)
    if not in_project(spam, project_id):
        raise Missing(f"No quarantined post {spam_id}: it was released, deleted after the retention period, "
                      "or belongs to another project")
    return spam


@operation("spam.release")
def release_spam(op: Op, spam_id: str, project_id: str | None = None) -> UpsertResult:
    """Not spam: the post creates or merges its person exactly as the form would have, with the
    form's checks of its token, and leaves the inbox."""
    spam = get_spam(spam_id, project_id)
    token = find_client_token(spam.client_token_id)
    region = find_project(spam.project_id).default_region
    try:
        submission = validate_submission(spam.fields, token.required_fields, region, spam.referer)
    except InvalidSubmission as refusal:
        problems = "; ".join(e["message"] for e in refusal.errors) if refusal.errors else str(refusal)
        raise Refused(f"This post cannot become a person: {problems}") from None
    post = FormPost(spam.project_id, token.id, submission, f"spam-{spam.id}", time.time())
    with op.writing():
        result = store_post(post, {"releasedFrom": {"spamId": spam.id, "reason": spam.reason}})
        spam_store.release_quarantined(spam.id)
        # the person's timeline names the post it came from (releasedFrom); the entry holds no personal data
        op.audit(spam.id, {"created": result.created, "reason": spam.reason})
    return result
