from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

import msgspec

from safecampus.orders.schemas import OrderOut
from safecampus.schemas import AwareDatetime, Location, LongText, Page, PhotoList, Schema, ShortText
from safecampus.vocabulary import Grade


class HazardFields(Schema):
    """What a finding says, in an inspection result or on its own."""

    id: uuid.UUID
    description: LongText
    grade: Grade | None = None  # default: the checklist item's grade
    due_on: date | None = None  # default: by grade and inspection kind
    location_note: ShortText | None = None
    responsible_person: Annotated[str, msgspec.Meta(max_length=100)] | None = None
    photos: PhotoList = []


class StandaloneHazardIn(Schema):
    """A hazard recorded outside a checklist (``PUT /hazards/{id}``); the id is in the path."""

    school_id: uuid.UUID
    description: LongText
    grade: Grade
    found_at: AwareDatetime | None = None
    domain: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    category: Annotated[str, msgspec.Meta(max_length=100)] | None = None
    due_on: date | None = None
    location_note: ShortText | None = None
    responsible_person: Annotated[str, msgspec.Meta(max_length=100)] | None = None
    location: Location | None = None
    photos: PhotoList = []


class AcknowledgeIn(Schema):
    base_version: int
    responsible_person: Annotated[str, msgspec.Meta(max_length=100)] | None = None
    interim_controls: LongText | None = None


class RectificationIn(Schema):
    measures: LongText
    base_version: int
    photos: Annotated[PhotoList, msgspec.Meta(min_length=1)]
    interim_controls: LongText | None = None
    cost_yuan: Decimal | None = None  # checked in the service: msgspec cannot bound a Decimal


class DeadlineIn(Schema):
    due_on: date
    base_version: int
    reason: LongText


class VerificationIn(Schema):
    decision: Literal["accept", "reject"]
    base_version: int
    reason: LongText | None = None


class Flag(Schema):
    code: str
    message: str
    photo: str | None = None
    source: str | None = None


class RectificationOut(Schema):
    id: uuid.UUID
    submitted_by: str
    submitted_at: datetime
    measures: str
    interim_controls: str | None
    cost_yuan: Decimal | None
    photos: list[str]
    decision: str | None
    decided_by: str | None
    decided_at: datetime | None
    reason: str | None
    flags: list[Flag]


class TimelineEntry(Schema):
    seq: int
    at: datetime
    actor: str  # the username (or "seed"/"cli" for system work)
    actor_name: str  # the person's name, for display
    action: str
    data: dict[str, Any]


class HazardSummary(Schema):
    id: uuid.UUID
    school_id: uuid.UUID
    school_name: str
    inspection_id: uuid.UUID | None
    item_code: str | None
    category: str | None
    domain: str | None
    section: str | None
    description: str
    grade: str
    status: str
    found_at: datetime
    found_by: str
    due_on: date
    overdue: bool
    location_note: str | None
    responsible_person: str | None
    recurrence_of: uuid.UUID | None
    version: int
    closed_at: datetime | None


class HazardOut(HazardSummary, kw_only=True):
    interim_controls: str | None
    closed_by: str | None
    evidence_photos: list[str]
    missing_photos: list[str]
    flags: list[Flag]
    rectifications: list[RectificationOut]
    timeline: list[TimelineEntry]
    orders: list[OrderOut] = []  # supervision orders (督办) over this hazard, newest first


class HazardPage(Page, kw_only=True):
    items: list[HazardSummary]
