from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

from safecampus.schemas import LongText, Page, Schema
from safecampus.vocabulary import (
    AccountabilityMeasure,
    AccountabilityTrigger,
    CommendationGround,
    Exemption,
    Mitigation,
)

Year = Annotated[int, msgspec.Meta(ge=2000, le=9999)]


class EvidenceRef(Schema):
    """One piece of evidence as a signal names it: a hazard, a missed inspection window, a
    report, an incident, ... ``id`` is the record's id (or a window's code). On a case or
    commendation the server checks each one and writes its label (accountability/evidence.py)."""

    kind: Annotated[str, msgspec.Meta(pattern=r"^[a-z_]{1,40}$")]
    id: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    label: Annotated[str, msgspec.Meta(max_length=500)]


EvidenceList = Annotated[list[EvidenceRef], msgspec.Meta(max_length=200)]


class LeaderRef(Schema):
    id: uuid.UUID
    name: str
    position: str
    duty_role: str


class Signal(Schema):
    trigger: AccountabilityTrigger
    org_unit_id: uuid.UUID
    org_unit_name: str
    leaders: list[LeaderRef]  # who answers for it where the data tells (第七条, 第八条)
    summary: str
    evidence: list[EvidenceRef]


class SignalsOut(Schema):
    org_unit_id: uuid.UUID
    year: int
    signals: list[Signal]


class CaseIn(Schema, kw_only=True):
    """``PUT /accountability/cases/{id}``: open a case (the id is the client's)."""

    subject_unit_id: uuid.UUID
    subject_leader_id: uuid.UUID | None = None  # a leader of the subject unit; none: the unit itself
    year: Year
    triggers: Annotated[list[AccountabilityTrigger], msgspec.Meta(min_length=1, max_length=7)]
    facts: LongText
    evidence: EvidenceList = []


class Exempted(Schema):
    item: Exemption
    reason: LongText


class Mitigated(Schema):
    item: Mitigation
    reason: LongText


class DecisionIn(Schema, kw_only=True):
    """A measure of 第二十条, or none when an exemption of 第二十二条 applies (免除问责)."""

    base_version: int
    measure: AccountabilityMeasure | None = None
    exemptions: Annotated[list[Exempted], msgspec.Meta(max_length=2)] = []
    mitigations: Annotated[list[Mitigated], msgspec.Meta(max_length=3)] = []
    decided_on: date
    note: LongText


class DropIn(Schema):
    base_version: int
    reason: LongText


class CaseOut(Schema):
    id: uuid.UUID
    subject_unit_id: uuid.UUID
    subject_unit_name: str
    subject_leader: LeaderRef | None
    year: int
    triggers: list[str]
    facts: str
    evidence: list[EvidenceRef]
    status: str
    measure: str | None
    exemptions: list[Exempted]
    mitigations: list[Mitigated]
    decided_on: date | None
    note: str | None
    deciding_unit_id: uuid.UUID
    deciding_unit_name: str
    opened_by_name: str
    opened_at: datetime
    decided_by_name: str | None
    decided_at: datetime | None
    version: int
    may_decide: bool


class CasePage(Page, kw_only=True):
    items: list[CaseOut]


class CommendationIn(Schema, kw_only=True):
    """``PUT /accountability/commendations/{id}``: the committee office proposes (第十八条)."""

    subject_unit_id: uuid.UUID
    subject_leader_id: uuid.UUID | None = None
    year: Year
    grounds: Annotated[list[CommendationGround], msgspec.Meta(min_length=1, max_length=5)]
    facts: LongText
    evidence: EvidenceList = []


class ReviewIn(Schema, kw_only=True):
    base_version: int
    decision: Literal["approve", "reject"]
    note: LongText | None = None


class CommendationOut(Schema):
    id: uuid.UUID
    subject_unit_id: uuid.UUID
    subject_unit_name: str
    subject_leader: LeaderRef | None
    year: int
    grounds: list[str]
    facts: str
    evidence: list[EvidenceRef]
    status: str
    proposing_unit_id: uuid.UUID
    proposing_unit_name: str
    proposed_by_name: str
    proposed_at: datetime
    reviewed_by_name: str | None
    reviewed_at: datetime | None
    review_note: str | None
    version: int
    may_review: bool


class CommendationPage(Page, kw_only=True):
    items: list[CommendationOut]


class UnitRating(Schema):
    org_unit_id: uuid.UUID
    name: str
    kind: str
    eligible: bool  # for 年度综合性先进单位 (第二十一条)
    case_ids: list[uuid.UUID]


class LeaderRating(Schema):
    leader_id: uuid.UUID
    name: str
    position: str
    duty_role: str
    org_unit_id: uuid.UUID
    org_unit_name: str
    eligible: bool  # for 年度考核评优 and 各类先进 (第二十一条)
    case_ids: list[uuid.UUID]


class RatingsOut(Schema):
    org_unit_id: uuid.UUID
    year: int
    units: list[UnitRating]
    leaders: list[LeaderRating]
