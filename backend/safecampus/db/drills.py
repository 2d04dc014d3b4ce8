"""Emergency drills (应急演练, 第八条(六)) held by a unit; ids are the client's UUIDs."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from safecampus.db.base import Base, UTCDateTime, utcnow


class Drill(Base):
    __tablename__ = "drill"
    __table_args__ = (Index("ix_drill_unit_held_on", "org_unit_id", "held_on"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    org_unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("org_unit.id"))
    kind: Mapped[str] = mapped_column(String(30))
    held_on: Mapped[date] = mapped_column(Date)
    participants: Mapped[int] = mapped_column(Integer)
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    # What the drill showed and what will change (问题与改进).
    findings: Mapped[str | None] = mapped_column(Text)
    # Photo hashes in the order taken; shown only when the recorder holds them (photos.holding).
    photos: Mapped[list[str]] = mapped_column(JSON, default=list)
    recorded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    content_hash: Mapped[str] = mapped_column(String(64))
