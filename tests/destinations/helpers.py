"""What the destination tests share: limits that let deliveries reach 127.0.0.1, a fast retry
policy, a webhook destination to a receiver, and a job ingested and processed."""
from svit_appliance.core.audit import Actor
from svit_appliance.destinations.delivery import DeliveryPolicy
from svit_appliance.destinations.outbound import Limits
from svit_appliance.operations.destinations import create_destination
from svit_appliance.operations.integrations import create_integration
from svit_appliance.pipeline.jobs import JobPolicy, process_jobs
from tests.pipeline.helpers import add_job

ALLOW_LOCAL = Limits(2.0, 3.0, frozenset({"127.0.0.1"}))
FAST = DeliveryPolicy((0.05, 0.05, 0.05, 0.05), ALLOW_LOCAL, "https://crm.acme.example")


def webhook(project, receiver, events=None):
    return create_destination(Actor.cli(), project.id, "webhook", "crm", {"url": receiver.url}, events, ALLOW_LOCAL)


def ingest(project, payload) -> str:
    integration = create_integration(Actor.cli(), project.id, "WEBHOOK", "zapier")
    job_id = add_job(integration, payload)
    process_jobs([job_id], "worker", JobPolicy(max_attempts=1))
    return job_id
