"""Checklist inspections as submitted from the field (ids are the client's UUIDs)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from safecampus.db.base import Base, UTCDateTime, new_id, utcnow

if TYPE_CHECKING:
    from safecampus.db.checklists import Checklist
    from safecampus.db.org import OrgUnit


class Inspection(Base):
    __tablename__ = "inspection"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("org_unit.id"), index=True)
    checklist_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("checklist.id"))
    kind: Mapped[str] = mapped_column(String(30))
    inspector_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    # Farther from the campus than its radius plus the reported accuracy.
    off_site: Mapped[bool] = mapped_column(Boolean, default=False)
    distance_m: Mapped[float | None] = mapped_column(Float)
    # SHA-256 of the canonical request body: same id + same hash is a replay, else a conflict.
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    results: Mapped[list[InspectionResult]] = relationship(order_by="InspectionResult.position", lazy="raise")
    # Loaded with the inspection where it is shown (school name, checklist code), never lazily.
    school: Mapped[OrgUnit] = relationship(lazy="raise")
    checklist: Mapped[Checklist] = relationship(lazy="raise")


class InspectionResult(Base):
    __tablename__ = "inspection_result"
    __table_args__ = (UniqueConstraint("inspection_id", "item_code", name="uq_inspection_result_item"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    inspection_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("inspection.id"))
    position: Mapped[int] = mapped_column(Integer)
    item_code: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)
    hazard_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
