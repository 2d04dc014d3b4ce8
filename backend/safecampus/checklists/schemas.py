from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec

from safecampus.schemas import Schema
from safecampus.vocabulary import Grade, InspectionKind, SchoolType

ChecklistCode = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]{0,59}$")]
ItemCode = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")]


class ChecklistItemOut(Schema):
    code: str
    position: int
    category: str
    check: str
    look_at: str
    grade: str
    photo_required: bool
    domain: str
    section: str


class ChecklistSummary(Schema):
    id: uuid.UUID
    code: str
    version: int
    name: str
    description: str
    kinds: list[str]
    school_types: list[str]
    status: str
    item_count: int


class ChecklistOut(ChecklistSummary, kw_only=True):
    items: list[ChecklistItemOut]


class ChecklistVersion(ChecklistSummary, kw_only=True):
    """One version in a template's history: when it was made, and by which admin if in the app."""

    created_at: datetime
    edited_by: uuid.UUID | None
    edited_by_name: str | None


class ChecklistItemIn(Schema, kw_only=True):
    """An item as the editor sends it; its position is its place in the list. The owning
    section follows the hazard domain (each domain belongs to one section, 第十一条)."""

    code: ItemCode
    category: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    check: Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]
    look_at: Annotated[str, msgspec.Meta(max_length=4000)] = ""
    grade: Grade
    photo_required: bool
    domain: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]


class ChecklistVersionIn(Schema, kw_only=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    description: Annotated[str, msgspec.Meta(max_length=4000)] = ""
    kinds: Annotated[list[InspectionKind], msgspec.Meta(min_length=1)]
    school_types: list[SchoolType] = []
    items: Annotated[list[ChecklistItemIn], msgspec.Meta(min_length=1, max_length=300)]


class ChecklistSaved(Schema):
    checklist: ChecklistVersion
    # False when the content equals a version already stored: no new version was made.
    created: bool


Value = str | int | bool | list[str] | None


class FieldChange(Schema):
    field: str
    old: Value
    new: Value


class ItemChange(Schema):
    code: str
    changes: list[FieldChange]


class ChecklistDiff(Schema):
    code: str
    from_version: int
    to_version: int
    header: list[FieldChange]
    added: list[ChecklistItemOut]
    removed: list[ChecklistItemOut]
    changed: list[ItemChange]
