"""What the server kept of photo uploads: rows in the database, files in the photo store."""

from __future__ import annotations

from pathlib import Path

from safecampus.db import AuditEvent, Photo, PhotoHolder
from safecampus.db.engine import Database
from safecampus.settings import Settings
from sqlalchemy import func, select


async def photo_rows(db: Database) -> tuple[int, int, int]:
    """(photos, holders, audit events): photo rows, who has sent their bytes, and the
    uploads the audit trail recorded."""
    counts = (select(func.count()).select_from(Photo), select(func.count()).select_from(PhotoHolder),
              select(func.count()).select_from(AuditEvent).where(AuditEvent.entity_type == "photo"))
    async with db.session() as session:
        photos, holders, events = [await session.scalar(count) or 0 for count in counts]
    return photos, holders, events


def stored_files(settings: Settings) -> list[Path]:
    """Every file under the photo store, temporary upload files included."""
    return sorted(p for p in settings.photo_dir.rglob("*") if p.is_file()) if settings.photo_dir.exists() else []
