from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

import msgspec

from safecampus.dashboard.schemas import GroupCount, Totals, UnitFigures
from safecampus.schemas import Schema

ReportStatus = Literal["draft", "submitted", "returned", "accepted"]
Narrative = Annotated[str, msgspec.Meta(max_length=20_000)]
Comment = Annotated[str, msgspec.Meta(min_length=1, max_length=4000, pattern=r"\S")]


class InspectionCount(Schema):
    kind: str
    done: int


class Requirement(Schema):
    """Inspections the measures require of the unit's schools in the year (第十五条, 第十六条)."""

    required: int
    done: int  # in the window (supervision: at least one in the half-year)
    late: int  # in the term, outside the window
    missing: int  # the window closed without one
    pending: int  # the window has not closed yet


class MajorCase(Schema):
    """A major hazard of the year and how it was handled."""

    hazard_id: uuid.UUID
    school_name: str
    description: str
    found_on: date
    due_on: date
    status: str
    closed_on: date | None
    closed_on_time: bool | None  # None while open
    interim_controls: str | None
    measures: str | None  # of the accepted rectification


class RecurrenceCase(Schema):
    hazard_id: uuid.UUID
    recurrence_of: uuid.UUID
    school_name: str
    description: str
    found_on: date


class Evidence(Schema):
    """A photo behind a major hazard or a recurrence, for the appendix."""

    hazard_id: uuid.UUID
    role: str  # evidence (as found) or proof (rectified)
    sha256: str


class DrillCount(Schema):
    kind: str
    drills: int
    participants: int


class IncidentLine(Schema):
    incident_id: uuid.UUID
    unit_name: str
    occurred_on: date
    category: str
    incident_type: str
    severity: str
    description: str
    deaths: int
    injuries: int
    losses_yuan: Decimal | None
    management_responsibility: bool | None


class UnitReportStatus(Schema):
    org_unit_id: uuid.UUID
    name: str
    status: ReportStatus | None  # None: not even a draft
    submitted_at: datetime | None
    on_time: bool | None  # submitted by 31 December of the report's year


class OrderLine(Schema):
    """A supervision order (督办) issued in the year over a school of the unit."""

    order_id: uuid.UUID
    hazard_id: uuid.UUID
    school_name: str
    issuer_name: str
    issued_on: date
    requirement: str
    due_on: date
    status: str
    closed_on: date | None


class ReportContent(Schema):
    """Everything generated from the data; frozen into the snapshot at submission."""

    org_unit_id: uuid.UUID
    org_unit_name: str
    year: int
    generated_at: datetime
    inspections: list[InspectionCount]
    term_inspections: Requirement
    supervisions: Requirement
    found_general: int
    found_major: int
    totals: Totals
    by_unit: list[UnitFigures]
    by_category: list[GroupCount]
    by_section: list[GroupCount]
    major_hazards: list[MajorCase]
    recurrences: list[RecurrenceCase]
    evidence: list[Evidence]
    drills: list[DrillCount]
    incidents: list[IncidentLine]
    units_reporting: list[UnitReportStatus]
    supervision_orders: list[OrderLine] = []  # absent from snapshots frozen before orders existed


class ReportStep(Schema):
    action: str
    actor_name: str
    at: datetime
    comment: str | None


class AnnualReportOut(Schema):
    org_unit_id: uuid.UUID
    year: int
    status: ReportStatus | None
    version: int  # 0 until the first draft is saved
    narrative: str
    frozen: bool  # content is the snapshot taken at submission
    submitted_at: datetime | None
    on_time: bool | None
    may_edit: bool
    may_submit: bool
    may_review: bool
    content: ReportContent
    steps: list[ReportStep]


class ReportOverview(Schema):
    """The parent's view: which of its units reported for the year."""

    org_unit_id: uuid.UUID
    year: int
    units: list[UnitReportStatus]


class DraftIn(Schema):
    narrative: Narrative
    base_version: int = 0  # the version the author saw; 0 for a report not yet saved


class SubmitIn(Schema):
    base_version: int


class ReviewIn(Schema):
    base_version: int
    decision: Literal["accept", "return"]
    comment: Comment | None = None
