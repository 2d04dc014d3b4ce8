from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

from safecampus.schemas import LongText, PhotoHash, Schema, ShortText

DutyStatus = Literal["pending", "in_progress", "done", "missed"]
EvidenceKind = Literal["inspection", "hazard", "annual_report", "drill", "incident", "photo", "note"]
Score = Annotated[int, msgspec.Meta(ge=0, le=100)]
Article = Annotated[str, msgspec.Meta(max_length=40)]


class DutyListIn(Schema):
    """``PUT /duty-lists/{id}``: a leader's list for a year, items instantiated from the templates."""

    leader_id: uuid.UUID
    year: Annotated[int, msgspec.Meta(ge=2000, le=9999)]


class ItemIn(Schema, kw_only=True):
    """``PUT /duty-lists/{id}/items/{item_id}``: a new own item (base_version 0) or a change."""

    base_version: Annotated[int, msgspec.Meta(ge=0)]
    text: LongText
    article: Article | None = None
    target: LongText
    due_on: date
    status: DutyStatus = "pending"
    note: LongText | None = None


class ConfirmationIn(Schema):
    base_version: int
    confirmed: bool = True


class EvidenceIn(Schema):
    """A record of the unit (``ref_id``), a photo (``photo``) or a note on its own."""

    kind: EvidenceKind
    ref_id: uuid.UUID | None = None
    photo: PhotoHash | None = None
    note: ShortText | None = None


class ScoreIn(Schema):
    item_id: uuid.UUID
    score: Score
    comment: ShortText | None = None


class ReviewIn(Schema):
    """``PUT /duty-lists/{id}/reviews/{half}``: every item of the list scored once."""

    scores: Annotated[list[ScoreIn], msgspec.Meta(min_length=1, max_length=200)]
    comment: ShortText | None = None


class LeaderBrief(Schema):
    id: uuid.UUID
    name: str
    position: str
    duty_role: str


class EvidenceOut(Schema):
    id: uuid.UUID
    kind: str
    ref_id: uuid.UUID | None
    photo: str | None
    label: str
    note: str | None
    added_by_name: str
    added_at: datetime


class ItemScore(Schema):
    half: int
    score: int
    comment: str | None


class ItemOut(Schema):
    id: uuid.UUID
    position: int
    template_code: str | None
    article: str | None
    text: str
    target: str
    due_on: date
    status: str
    note: str | None
    version: int
    overdue: bool
    evidence: list[EvidenceOut]
    scores: list[ItemScore]


class ReviewOut(Schema):
    half: int
    reviewer_name: str
    reviewer_unit: str
    reviewed_at: datetime
    comment: str | None
    average: float


class DutyListOut(Schema):
    id: uuid.UUID
    org_unit_id: uuid.UUID
    org_unit_name: str
    leader: LeaderBrief
    year: int
    status: str
    version: int
    items: list[ItemOut]
    reviews: list[ReviewOut]
    may_edit: bool  # the unit's manager: items, targets, deadlines, confirmation
    may_report_progress: bool  # the manager or the leader: status, note, evidence
    reviewable_halves: list[int]  # what the caller may review now


class LeaderListRow(Schema):
    """One row of the overview: a leader and where their list for the year stands."""

    leader: LeaderBrief
    org_unit_id: uuid.UUID
    org_unit_name: str
    list_id: uuid.UUID | None
    status: str | None
    items: int
    done: int
    overdue: int
    h1_average: float | None
    h2_average: float | None


class DutyOverview(Schema):
    org_unit_id: uuid.UUID
    year: int
    may_create: bool
    leaders: list[LeaderListRow]


class Candidate(Schema):
    """A record of the unit that may be attached as evidence."""

    kind: str
    ref_id: uuid.UUID
    label: str
    on: date


class MissedItem(Schema):
    position: int
    article: str | None
    text: str
    target: str
    due_on: date
    status: str


class DutyReport(Schema):
    """The year-end duty report (述职, 第十三条) of one leader."""

    duty_list: DutyListOut
    counts: dict[str, int]  # items by status
    evidence_count: int
    average_score: float | None  # of every score given in the year's reviews
    missed: list[MissedItem]
