"""The read-only Settings page: retention policies, periodic work, backup schedule and the last backup."""
from ..settings import SETTINGS_TABLE
from ..store.db import sqlite_file
from ..store.models import utcnow
from ..upkeep.backups import backup_status
from ..upkeep.retention import POLICIES
from .web import render


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "never"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min ago"
    hours = minutes // 60
    return f"{hours} h {minutes % 60} min ago" if hours < 48 else f"{hours // 24} days ago"


def _size(size: int) -> str:
    for unit in ("bytes", "KiB", "MiB"):
        if size < 1024 or unit == "MiB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


def _every(job) -> str:
    seconds = job.every() if callable(job.every) else job.every
    return _duration(seconds)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 120:
        return f"{seconds:g} s"
    return f"{seconds / 60:.0f} min" if seconds < 7200 else f"{seconds / 3600:.0f} h"


def _scheduled(scheduler) -> list[dict]:
    """Each periodic job of this server, as the page lists it."""
    now = utcnow()
    return [{"name": job.name, "every": _every(job), "running": job.running,
             "last": _age((now - job.last_finished).total_seconds()) if job.last_finished else "not yet",
             "took": _duration(job.last_duration), "error": job.last_error, "failures": job.failures}
            for job in scheduler.jobs]


def show_settings(request):
    services = request.app.ctx.services
    settings = services.settings
    schedule = services.backup_schedule
    postgres = sqlite_file(settings) is None
    status = None if postgres else (schedule.status() if schedule else backup_status(settings))
    last = status.last if status else None
    return render(request, "settings.html", settings=settings, status=status, last=last, postgres=postgres,
                  policies=[(policy.label, policy.says(settings), next(s.env for s in SETTINGS_TABLE
                                                                        if s.name == policy.setting))
                            for policy in POLICIES],
                  jobs=_scheduled(services.scheduler),
                  age=_age(status.age_seconds) if status else None, size=_size(last.sizeBytes) if last else None)
