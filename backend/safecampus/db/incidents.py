"""Safety incidents, cases and events (事故、案件、事件, 第七条(八)) of a unit, with their
handling and, once a bureau above has judged it, whether management was responsible."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Index, Integer, Numeric, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from safecampus.db.base import Base, UTCDateTime, utcnow


class Incident(Base):
    __tablename__ = "incident"
    __table_args__ = (Index("ix_incident_unit_occurred_at", "org_unit_id", "occurred_at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    org_unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("org_unit.id"))
    category: Mapped[str] = mapped_column(String(10))  # accident, case, event
    incident_type: Mapped[str] = mapped_column(String(30))
    severity: Mapped[str] = mapped_column(String(20))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text)
    handling: Mapped[str] = mapped_column(Text)
    deaths: Mapped[int] = mapped_column(Integer, default=0)
    injuries: Mapped[int] = mapped_column(Integer, default=0)
    losses_yuan: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    follow_up: Mapped[str | None] = mapped_column(Text)
    # None until a bureau above the unit has judged it (第十九条(二)(五) feed accountability).
    management_responsibility: Mapped[bool | None] = mapped_column(Boolean)
    responsibility_note: Mapped[str | None] = mapped_column(Text)
    judged_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    reported_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"))
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Of the report as first sent: a replay of the create is recognised by it.
    content_hash: Mapped[str] = mapped_column(String(64))
