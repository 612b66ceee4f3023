"""What the job tests share: a stored job, as the accept path would have written it."""
import json

from svit_appliance.core.ids import new_id
from svit_appliance.store.models import IngestionJob, utcnow


def add_job(integration, payload, **fields) -> str:
    job_id = new_id("job")
    IngestionJob.create(id=job_id, project=integration.project_id, integration=integration.id,
                        body=json.dumps(payload).encode(), content_type="application/json",
                        next_attempt_at=utcnow(), **fields)
    return job_id
