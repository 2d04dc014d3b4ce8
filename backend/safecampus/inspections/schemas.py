from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

import msgspec

from safecampus.hazards.schemas import HazardFields
from safecampus.schemas import AwareDatetime, Location, Page, Schema, ShortText
from safecampus.vocabulary import InspectionKind


class ResultIn(Schema):
    item_code: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    outcome: Literal["pass", "hazard", "na"]
    note: ShortText | None = None
    hazard: HazardFields | None = None


class InspectionIn(Schema):
    school_id: uuid.UUID
    checklist_id: uuid.UUID
    kind: InspectionKind
    started_at: AwareDatetime
    finished_at: AwareDatetime
    results: Annotated[list[ResultIn], msgspec.Meta(max_length=500)]
    location: Location | None = None


class ResultOut(Schema):
    item_code: str
    outcome: str
    note: str | None
    hazard_id: uuid.UUID | None


class InspectionSummary(Schema):
    id: uuid.UUID
    school_id: uuid.UUID
    school_name: str
    checklist_id: uuid.UUID
    checklist_code: str
    checklist_version: int
    kind: str
    inspector: str
    started_at: datetime
    finished_at: datetime
    location: Location | None
    off_site: bool
    distance_m: float | None
    hazard_count: int


class InspectionOut(InspectionSummary, kw_only=True):
    results: list[ResultOut]
    hazard_ids: list[uuid.UUID]
    missing_photos: list[str]


class InspectionPage(Page, kw_only=True):
    items: list[InspectionSummary]
