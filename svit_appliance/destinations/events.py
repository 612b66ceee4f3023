"""The events destinations receive, each named once; the lists of them derive from these."""

PERSON_CREATED = "person.created"
PERSON_UPDATED = "person.updated"
FORM_SUBMITTED = "form.submitted"
JOB_FAILED = "job.failed"
DIGEST_EVENT = "digest"  # the daily digest, for the email destinations that opt in
TEST_EVENT = "test"  # "Send test event": one attempt, never retried

# what a destination may subscribe to; a new one subscribes to all of them unless told otherwise
EVENTS = (PERSON_CREATED, PERSON_UPDATED, FORM_SUBMITTED, JOB_FAILED)
DEFAULT_EVENTS = EVENTS
# what a contact form post may announce
FORM_POST_EVENTS = (PERSON_CREATED, PERSON_UPDATED, FORM_SUBMITTED)
