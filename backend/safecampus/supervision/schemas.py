from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

import msgspec

from safecampus.schemas import LongText, Schema
from safecampus.vocabulary import SupervisionKind

Title = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=r"\S")]
Targets = Annotated[list[uuid.UUID], msgspec.Meta(min_length=1, max_length=2000)]
Inspectors = Annotated[list[uuid.UUID], msgspec.Meta(max_length=50)]


class PlanIn(Schema, kw_only=True):
    """A new plan (``PUT /supervision-plans/{id}``), made by the caller's own unit."""

    kind: SupervisionKind
    title: Title
    topic: LongText | None = None
    checklist_code: Annotated[str, msgspec.Meta(max_length=60)] | None = None
    starts_on: date
    ends_on: date
    targets: Targets
    inspectors: Inspectors = []


class PlanChange(Schema):
    """Fields left out stay as they are; lists given replace the old ones."""

    base_version: int
    title: Title | None = None
    topic: LongText | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    targets: Targets | None = None
    inspectors: Inspectors | None = None


class Cancellation(Schema):
    base_version: int
    reason: LongText


class TargetProgress(Schema):
    school_id: uuid.UUID
    school_name: str
    status: str  # done, pending (the window is open or ahead), missed (closed without one)
    inspection_id: uuid.UUID | None
    done_on: date | None
    inspector_name: str | None


class InspectorOut(Schema):
    user_id: uuid.UUID
    name: str


class AssignableInspector(InspectorOut, kw_only=True):
    org_unit_name: str


class PlanOut(Schema):
    id: uuid.UUID
    org_unit_id: uuid.UUID
    org_unit_name: str
    kind: str
    title: str
    topic: str | None
    checklist_code: str | None
    starts_on: date
    ends_on: date
    cancelled_reason: str | None
    version: int
    inspectors: list[InspectorOut]
    done: int
    total: int
    targets: list[TargetProgress]
