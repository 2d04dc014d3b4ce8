"""Hazards (隐患) with their closed loop, and rectification proof (整改佐证)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, Numeric, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from safecampus.db.base import Base, UTCDateTime, new_id, utcnow


class Hazard(Base):
    __tablename__ = "hazard"
    __table_args__ = (
        # Open/overdue rollups only look at hazards that are not closed.
        Index("ix_hazard_open_by_school", "school_id", "due_on",
              postgresql_where=text("status <> 'closed'"), sqlite_where=text("status <> 'closed'")),
        Index("ix_hazard_school_item", "school_id", "item_code"),
        # The dashboard's period: hazards found, and hazards closed, between two moments.
        Index("ix_hazard_found_at", "found_at", postgresql_include=["school_id"]),
        Index("ix_hazard_closed_at", "closed_at", postgresql_include=["school_id", "found_at"],
              postgresql_where=text("closed_at IS NOT NULL"), sqlite_where=text("closed_at IS NOT NULL")),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("org_unit.id"), index=True)
    inspection_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("inspection.id"), index=True)
    item_code: Mapped[str | None] = mapped_column(String(40))
    category: Mapped[str | None] = mapped_column(String(100))
    domain_code: Mapped[str | None] = mapped_column(ForeignKey("hazard_domain.code"))
    section_code: Mapped[str | None] = mapped_column(ForeignKey("section.code"), index=True)
    description: Mapped[str] = mapped_column(Text)
    grade: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    found_at: Mapped[datetime] = mapped_column(UTCDateTime)
    found_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"))
    due_on: Mapped[date] = mapped_column(Date)
    location_note: Mapped[str | None] = mapped_column(Text)
    responsible_person: Mapped[str | None] = mapped_column(String(100))
    interim_controls: Mapped[str | None] = mapped_column(Text)
    acknowledged_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    # Where a hazard recorded outside a checklist was found (an inspection has its own).
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    off_site: Mapped[bool] = mapped_column(Boolean, default=False)
    recurrence_of: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # Bumped on every state change; clients send the version they saw.
    version: Mapped[int] = mapped_column(Integer, default=1)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Rectification(Base):
    __tablename__ = "rectification"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    hazard_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hazard.id"), index=True)
    submitted_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    measures: Mapped[str] = mapped_column(Text)
    interim_controls: Mapped[str | None] = mapped_column(Text)
    cost_yuan: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    # None while waiting; "accepted" or "rejected" once verified.
    decision: Mapped[str | None] = mapped_column(String(10))
    decided_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))


class HazardPhoto(Base):
    """A photo named by a hazard (evidence) or by one of its rectifications (proof). The
    photo itself may not have arrived yet: the link is kept and reported as missing."""

    __tablename__ = "hazard_photo"
    __table_args__ = (Index("ix_hazard_photo_sha256", "sha256"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    hazard_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hazard.id"), index=True)
    rectification_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("rectification.id"))
    role: Mapped[str] = mapped_column(String(10))  # "evidence" or "proof"
    position: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
