from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

import msgspec

from safecampus.schemas import LongText, Page, PhotoList, Schema
from safecampus.vocabulary import DrillKind


class DrillIn(Schema, kw_only=True):
    """A drill as the phone sends it (``PUT /drills/{id}``); the id is in the path."""

    org_unit_id: uuid.UUID
    kind: DrillKind
    held_on: date
    participants: Annotated[int, msgspec.Meta(ge=1, le=100_000)]
    duration_minutes: Annotated[int, msgspec.Meta(ge=1, le=24 * 60)] | None = None
    description: LongText
    findings: LongText | None = None
    photos: PhotoList = []


class DrillOut(Schema):
    id: uuid.UUID
    org_unit_id: uuid.UUID
    org_unit_name: str
    kind: str
    held_on: date
    participants: int
    duration_minutes: int | None
    description: str
    findings: str | None
    photos: list[str]  # the photos that have arrived (the recorder sent their bytes)
    missing_photos: list[str]  # named but not sent yet: the phone keeps uploading
    recorded_by_name: str
    recorded_at: datetime


class DrillPage(Page, kw_only=True):
    items: list[DrillOut]
