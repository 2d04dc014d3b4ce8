"""Supervision plans (督查计划, 第十六条): a unit's safety committee office plans general or
special supervision of the schools below it, in a window, by named inspectors. Progress is
not stored: a supervision inspection at a target school inside the window counts."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from safecampus.db.base import Base, UTCDateTime, utcnow


class SupervisionPlan(Base):
    __tablename__ = "supervision_plan"
    __table_args__ = (Index("ix_supervision_plan_unit_window", "org_unit_id", "starts_on"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    org_unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("org_unit.id"))  # the planning unit
    kind: Mapped[str] = mapped_column(String(30))  # supervision_general or supervision_special
    title: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str | None] = mapped_column(Text)  # what a special supervision looks at
    checklist_code: Mapped[str | None] = mapped_column(String(60))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    cancelled_reason: Mapped[str | None] = mapped_column(Text)  # set when the plan is called off
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    content_hash: Mapped[str] = mapped_column(String(64))  # of the plan as first sent


class SupervisionTarget(Base):
    __tablename__ = "supervision_target"

    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("supervision_plan.id"), primary_key=True)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("org_unit.id"), primary_key=True)


class SupervisionInspector(Base):
    __tablename__ = "supervision_inspector"
    __table_args__ = (Index("ix_supervision_inspector_user_id", "user_id"),)

    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("supervision_plan.id"), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
