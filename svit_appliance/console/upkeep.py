"""The read-only Settings page: retention policies, backup schedule and the last backup."""
from ..store.db import sqlite_file
from ..upkeep.backups import backup_status
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


async def show_settings(request):
    settings = request.app.ctx.settings
    scheduler = getattr(request.app.ctx, "backups", None)
    status = None if sqlite_file(settings) is None else (scheduler.status() if scheduler else backup_status(settings))
    last = status.last if status else None
    return render(request, "settings.html", settings=settings, status=status, last=last,
                  age=_age(status.age_seconds) if status else None, size=_size(last.sizeBytes) if last else None)
