"""A unit's leadership (领导班子): who holds which safety responsibility (第七条 to 第九条).
Leaders are people, not necessarily users of the app; a leader may be linked to an account."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from safecampus.db.base import Base, UTCDateTime, utcnow


class Leader(Base):
    __tablename__ = "leader"
    __table_args__ = (Index("ix_leader_org_unit_id", "org_unit_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    org_unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("org_unit.id"))
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[str] = mapped_column(String(100))  # 职务, e.g. 校长, 党支部书记, 副校长
    # main_leader (第七条, 第一责任人), safety_deputy (第八条), other_leader (第九条, 一岗双责)
    duty_role: Mapped[str] = mapped_column(String(20))
    phone: Mapped[str | None] = mapped_column(String(32))  # e.g. the principal's, from a school import
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    # Leaders who moved on stay on record: past duty lists and cases name them.
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
