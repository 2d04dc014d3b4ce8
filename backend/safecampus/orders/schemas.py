from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

import msgspec

from safecampus.schemas import LongText, Schema

Supervisor = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=r"\S")]


class OrderIn(Schema):
    """A supervision order (``PUT /supervision-orders/{id}``) over an overdue or major hazard."""

    hazard_id: uuid.UUID
    requirement: LongText
    due_on: date
    supervisor: Supervisor


class OrderOut(Schema):
    id: uuid.UUID
    hazard_id: uuid.UUID
    hazard_description: str
    hazard_grade: str
    school_id: uuid.UUID
    school_name: str
    issuer_unit_id: uuid.UUID
    issuer_name: str
    issued_by: str
    issued_at: datetime
    requirement: str
    due_on: date
    supervisor: str
    status: str  # open, closed (when the hazard closes)
    overdue: bool
    closed_at: datetime | None
