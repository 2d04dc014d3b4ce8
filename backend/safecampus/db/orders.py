"""Supervision orders (督办, 挂牌督办): a bureau above a school orders a hazard fixed."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from safecampus.db.base import Base, UTCDateTime, utcnow


class SupervisionOrder(Base):
    __tablename__ = "supervision_order"
    __table_args__ = (Index("ix_supervision_order_school", "school_id", "status"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    hazard_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hazard.id"), index=True)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("org_unit.id"))
    issuer_unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("org_unit.id"))
    issued_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    requirement: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date] = mapped_column(Date)
    supervisor: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10), default="open")  # open, closed
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    content_hash: Mapped[str] = mapped_column(String(64))
