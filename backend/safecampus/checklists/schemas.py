from __future__ import annotations

import uuid

from safecampus.schemas import Schema


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
