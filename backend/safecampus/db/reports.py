"""Annual safety reports (年度安全工作报告, 第十四条): each unit's report for a year, sent
to the parent unit's safety committee office, frozen when submitted."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from safecampus.db.base import Base, UTCDateTime, new_id, utcnow


class AnnualReport(Base):
    __tablename__ = "annual_report"
    __table_args__ = (UniqueConstraint("org_unit_id", "year", name="uq_annual_report_unit_year"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    org_unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("org_unit.id"))
    year: Mapped[int] = mapped_column(Integer)
    # draft → submitted → accepted, or → returned (with comments) → submitted again.
    status: Mapped[str] = mapped_column(String(10), default="draft")
    narrative: Mapped[str] = mapped_column(Text, default="")
    # The figures as they stood at submission (JSON of reports.schemas.ReportContent);
    # None while the report is a draft or returned, when the figures are computed live.
    snapshot: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class AnnualReportStep(Base):
    """One step of a report's workflow, kept for the history shown beside the report."""

    __tablename__ = "annual_report_step"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    report_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("annual_report.id"), index=True)
    action: Mapped[str] = mapped_column(String(10))  # submit, return, accept
    actor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    comment: Mapped[str | None] = mapped_column(Text)
