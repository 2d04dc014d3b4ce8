"""Responsibility lists (安全管理责任清单, 第七条(三)): per leader per year, items with a target
and a deadline, evidence of what was done, and the half-year review by a unit above (第十二条);
they feed the leader's year-end duty report (述职, 第十三条)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from safecampus.db.base import Base, UTCDateTime, new_id, utcnow


class DutyList(Base):
    __tablename__ = "duty_list"
    __table_args__ = (UniqueConstraint("leader_id", "year", name="uq_duty_list_leader_year"),
                      Index("ix_duty_list_unit_year", "org_unit_id", "year"))

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    org_unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("org_unit.id"))
    leader_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("leader.id"))
    year: Mapped[int] = mapped_column(Integer)
    # draft: the unit settles items and targets; confirmed: targets fixed, progress and review go on.
    status: Mapped[str] = mapped_column(String(10), default="draft")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    content_hash: Mapped[str] = mapped_column(String(64))


class DutyItem(Base):
    __tablename__ = "duty_item"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    list_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("duty_list.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    # The seeded duty it came from; None for the unit's own items.
    template_code: Mapped[str | None] = mapped_column(ForeignKey("duty_template.code"))
    article: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    target: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="pending")  # pending, in_progress, done, missed
    note: Mapped[str | None] = mapped_column(Text)  # the responsible leader's account of progress
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class DutyEvidence(Base):
    """What shows an item was carried out: a record of the unit (by id), a photo (by hash) or a note."""

    __tablename__ = "duty_evidence"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("duty_item.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # inspection, hazard, annual_report, drill, incident, photo, note
    ref_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    photo_sha256: Mapped[str | None] = mapped_column(String(64))
    # How the record read when attached, so the list and the 述职 need not join six tables.
    label: Mapped[str] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)
    added_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    content_hash: Mapped[str] = mapped_column(String(64))


class DutyReview(Base):
    """The half-year review (每半年组织一次检查考核) by an admin or inspector of a unit above."""

    __tablename__ = "duty_review"
    __table_args__ = (UniqueConstraint("list_id", "half", name="uq_duty_review_list_half"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    list_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("duty_list.id"))
    half: Mapped[int] = mapped_column(Integer)  # 1: January–June, 2: July–December
    reviewer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"))
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    comment: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))


class DutyReviewScore(Base):
    __tablename__ = "duty_review_score"
    __table_args__ = (UniqueConstraint("review_id", "item_id", name="uq_duty_review_score_item"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    review_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("duty_review.id"))
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("duty_item.id"), index=True)
    score: Mapped[int] = mapped_column(Integer)  # 0–100
    comment: Mapped[str | None] = mapped_column(Text)
