"""The dashboard: persons, jobs by status, queue depth, failures, and ingestion per hour."""
from datetime import timedelta

from peewee import fn

from ..destinations.models import Destination
from ..store.models import IngestionJob, Person, utcnow
from .web import render

CHART_HOURS = 24
CHART_WIDTH, CHART_HEIGHT = 480, 120


def _hour_key(moment) -> str:
    return moment.strftime("%Y-%m-%d %H")


def ingestion_per_hour(project, now) -> list[tuple[str, int]]:
    start = (now - timedelta(hours=CHART_HOURS - 1)).replace(minute=0, second=0, microsecond=0)
    counts = {}
    for received_at, in (IngestionJob.select(IngestionJob.received_at)
                         .where(IngestionJob.project == project, IngestionJob.received_at >= start).tuples()):
        counts[_hour_key(received_at)] = counts.get(_hour_key(received_at), 0) + 1
    hours = [start + timedelta(hours=n) for n in range(CHART_HOURS)]
    return [(hour.strftime("%H:00"), counts.get(_hour_key(hour), 0)) for hour in hours]


def chart_bars(series: list[tuple[str, int]]) -> list[dict]:
    """Bar geometry for the server-rendered SVG chart."""
    peak = max((count for _, count in series), default=0) or 1
    slot = CHART_WIDTH / len(series)
    bars = []
    for n, (label, count) in enumerate(series):
        height = round(count / peak * (CHART_HEIGHT - 20), 1)
        bars.append({"x": round(n * slot + 1, 1), "width": round(slot - 2, 1), "y": CHART_HEIGHT - 14 - height,
                     "height": height, "label": label, "count": count, "show_label": n % 6 == 0})
    return bars


def dashboard_figures(project) -> dict:
    now = utcnow()
    day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    persons = Person.select().where(Person.project == project)
    by_status = dict(IngestionJob.select(IngestionJob.status, fn.COUNT(IngestionJob.id))
                     .where(IngestionJob.project == project, IngestionJob.received_at >= now - timedelta(hours=24))
                     .group_by(IngestionJob.status).tuples())
    jobs = IngestionJob.select().where(IngestionJob.project == project)
    failed = list(IngestionJob.select(IngestionJob.id, IngestionJob.integration, IngestionJob.last_error,
                                        IngestionJob.received_at, IngestionJob.attempts)
                  .where(IngestionJob.project == project, IngestionJob.status == "failed").order_by(IngestionJob.received_at.desc()).limit(5))
    # succeeded, yet no person came of it: a sender posting the wrong shape, or a mapping to fix
    unproductive = (IngestionJob.select(IngestionJob.id, IngestionJob.received_at, IngestionJob.warning)
                    .where(IngestionJob.project == project, IngestionJob.status == "succeeded",
                           IngestionJob.warning.is_null(False)))
    series = ingestion_per_hour(project, now)
    return {
        "persons_total": persons.count(),
        "persons_today": persons.where(Person.created_at >= day_start).count(),
        "by_status": {status: by_status.get(status, 0) for status in ("queued", "processing", "succeeded", "failed")},
        "queue_depth": jobs.where(IngestionJob.status.in_(("queued", "processing"))).count(),
        "failed_total": jobs.where(IngestionJob.status == "failed").count(),
        "failed_recent": failed,
        "warned_total": unproductive.count(),
        "warned_recent": list(unproductive.order_by(IngestionJob.received_at.desc()).limit(5)),
        "bars": chart_bars(series),
        "ingested_24h": sum(count for _, count in series),
        "destinations_failing": list(Destination.select().where(
            Destination.project == project,
            Destination.failing_since.is_null(False) | Destination.disabled_reason.is_null(False))
            .order_by(Destination.name)),
    }


async def dashboard(request):
    project = request.ctx.project
    figures = dashboard_figures(project) if project else None
    return render(request, "dashboard.html", figures=figures,
                  chart={"width": CHART_WIDTH, "height": CHART_HEIGHT})
