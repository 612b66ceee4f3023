"""The dashboard: persons, jobs by status, queue depth, what needs attention, new persons by
source over 7 and 30 days, and ingestion per hour."""
import math
import os
import time
from datetime import timedelta

from ..core.sources import source_name, source_names
from ..store import dashboard as figures
from ..store.db import sqlite_file
from ..store.models import utcnow
from .web import render

CHART_HOURS = 24
CHART_WIDTH, CHART_HEIGHT = 480, 120
PLOT_LEFT, PLOT_TOP, PLOT_BOTTOM = 36, 14, CHART_HEIGHT - 14  # room for the y-axis labels and the hours


def _hour_key(moment) -> str:
    return moment.strftime("%Y-%m-%d %H")


def ingestion_per_hour(project_id: str, now) -> list[tuple[str, int]]:
    start = (now - timedelta(hours=CHART_HOURS - 1)).replace(minute=0, second=0, microsecond=0)
    counts = {}
    for received_at in figures.job_arrivals_since(project_id, start):
        counts[_hour_key(received_at)] = counts.get(_hour_key(received_at), 0) + 1
    hours = [start + timedelta(hours=n) for n in range(CHART_HOURS)]
    return [(hour.strftime("%H:00"), counts.get(_hour_key(hour), 0)) for hour in hours]


def axis_ticks(peak: int) -> list[int]:
    """The y axis: 0 up to at least ``peak`` in at most four round steps (1, 2 or 5 times a power of ten)."""
    steps = (factor * 10 ** power for power in range(12) for factor in (1, 2, 5))
    step = next(step for step in steps if math.ceil(peak / step) <= 4)
    return [step * n for n in range(max(1, math.ceil(peak / step)) + 1)]


def chart_geometry(series: list[tuple[str, int]]) -> dict:
    """Bars and y-axis ticks for the server-rendered SVG chart, both on the scale of the top tick."""
    ticks = axis_ticks(max((count for _, count in series), default=0))

    def y(value: int) -> float:
        return round(PLOT_BOTTOM - value / ticks[-1] * (PLOT_BOTTOM - PLOT_TOP), 1)

    slot = (CHART_WIDTH - PLOT_LEFT) / len(series)
    bars = [{"x": round(PLOT_LEFT + n * slot + 1, 1), "width": round(slot - 2, 1), "y": y(count),
             "height": round(PLOT_BOTTOM - y(count), 1), "label": label, "count": count, "show_label": n % 6 == 0}
            for n, (label, count) in enumerate(series)]
    return {"bars": bars, "ticks": [{"value": value, "y": y(value)} for value in ticks],
            "left": PLOT_LEFT, "bottom": PLOT_BOTTOM}


def dashboard_figures(project, settings) -> dict:
    now, project_id = utcnow(), project.id
    day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    by_status = figures.jobs_by_status_since(project_id, now - timedelta(hours=24))
    series = ingestion_per_hour(project_id, now)
    return {
        "persons_total": figures.person_count(project_id),
        "persons_today": figures.person_count(project_id, created_since=day_start),
        "by_status": {status: by_status.get(status, 0) for status in ("queued", "processing", "succeeded", "failed")},
        "queue_depth": figures.unfinished_job_count(project_id),
        "failed_total": figures.failed_job_count(project_id),
        "failed_recent": figures.newest_failed_jobs(project_id, 5),
        "warned_total": figures.unproductive_job_count(project_id),
        "warned_recent": figures.newest_unproductive_jobs(project_id, 5),
        "chart": chart_geometry(series),
        "ingested_24h": sum(count for _, count in series),
        "peak": max((count for _, count in series), default=0),
        "attention": needs_attention(project_id, now) + service_attention(settings),
        "by_source": {days: persons_by_source(project_id, now - timedelta(days=days)) for days in (7, 30)},
        "first_run": figures.project_is_empty(project_id),
        "destinations_failing": figures.troubled_destinations(project_id),
    }


ATTENTION_DAYS = 7


def needs_attention(project_id: str, now) -> list[dict]:
    """What an admin should look at: each with a count (over the last 7 days) and where to look."""
    since = now - timedelta(days=ATTENTION_DAYS)
    return [
        {"id": "attention-failed", "count": figures.failed_job_count(project_id),
         "text": "failed jobs (out of attempts)", "href": "/console/jobs?status=failed"},
        {"id": "attention-no-person", "count": figures.unproductive_job_count(project_id, since),
         "text": "jobs that found no person", "href": "/console/jobs?warned=1"},
        {"id": "attention-spam", "count": figures.spam_count_since(project_id, since),
         "text": "contact form posts caught as spam", "href": "/console/tokens"},
        {"id": "attention-rejected", "count": figures.refusal_count_since(project_id, since),
         "text": "requests refused (bad token, origin, signature...)", "href": "/console/rejected"},
    ]


STALE_BACKUP_DAYS = 7


def service_attention(settings) -> list[dict]:
    """How old the newest backup is (an appliance on SQLite keeps them in its data directory)."""
    items = []
    if sqlite_file(settings) is not None:
        age = backup_age_days(settings.data_path / "backups")
        if age is not None:
            items.append({"id": "attention-backup", "count": age, "text": "days since the last backup",
                          "href": None, "alert": age > STALE_BACKUP_DAYS})
    return items


def backup_age_days(folder) -> int | None:
    """Whole days since the newest file in ``folder`` was written; None when there is none."""
    try:
        newest = max((entry.stat().st_mtime for entry in os.scandir(folder) if entry.is_file()), default=None)
    except FileNotFoundError:
        return None
    return None if newest is None else int((time.time() - newest) // 86400)


def persons_by_source(project_id: str, since) -> list[tuple[str, int]]:
    """New persons per source since ``since``, most first, sources by name."""
    counts = figures.new_persons_by_source(project_id, since)
    names = source_names(project_id)
    return sorted(((source_name(source, names) or "unknown", count) for source, count in counts),
                  key=lambda row: (-row[1], row[0]))


def dashboard(request):
    project = request.ctx.project
    return render(request, "dashboard.html", figures=dashboard_figures(project, request.app.ctx.services.settings)
                  if project else None, chart={"width": CHART_WIDTH, "height": CHART_HEIGHT})
