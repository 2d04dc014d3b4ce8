"""Accountability cases (问责, 第十九条 to 第二十四条) and commendations (表彰, 第十七条, 第十八条).
The subject is a unit, or one of its leaders; lists of codes and evidence are JSON."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from safecampus.db.base import Base, UTCDateTime, utcnow


class AccountabilityCase(Base):
    __tablename__ = "accountability_case"
    __table_args__ = (Index("ix_accountability_case_subject_year", "subject_unit_id", "year"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    subject_unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("org_unit.id"))
    subject_leader_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("leader.id"))
    # The bureau that opened the case and decides it (第二十四条); it and the units above it see it.
    deciding_unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("org_unit.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    triggers: Mapped[list[str]] = mapped_column(JSON)  # 第十九条 items
    facts: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # [{kind, id, label}] as signals give them
    status: Mapped[str] = mapped_column(String(10), default="preparing")  # preparing → decided | dropped
    measure: Mapped[str | None] = mapped_column(String(30))  # 第二十条; None on a decided case: exempted
    exemptions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # [{item, reason}] 第二十二条
    mitigations: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # [{item, reason}] 第二十三条
    decided_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)  # the decision's wording, or why the case was dropped
    decided_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opened_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    content_hash: Mapped[str] = mapped_column(String(64))


class Commendation(Base):
    __tablename__ = "commendation"
    __table_args__ = (Index("ix_commendation_subject_year", "subject_unit_id", "year"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    subject_unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("org_unit.id"))
    subject_leader_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("leader.id"))
    # 第十八条: proposed by the committee office of this level, approved above or by it.
    proposing_unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("org_unit.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    grounds: Mapped[list[str]] = mapped_column(JSON)  # 第十七条 items
    facts: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="proposed")  # proposed → approved | rejected
    proposed_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    content_hash: Mapped[str] = mapped_column(String(64))
