from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated

import msgspec

from safecampus.schemas import AwareDatetime, LongText, Page, Schema, ShortText
from safecampus.vocabulary import IncidentCategory, IncidentType, Severity

Count = Annotated[int, msgspec.Meta(ge=0, le=100_000)]


class IncidentIn(Schema, kw_only=True):
    """An incident as first reported (``PUT /incidents/{id}``); the id is in the path."""

    org_unit_id: uuid.UUID
    category: IncidentCategory
    incident_type: IncidentType
    severity: Severity
    occurred_at: AwareDatetime
    place: ShortText | None = None
    description: LongText
    handling: LongText
    deaths: Count = 0
    injuries: Count = 0
    losses_yuan: Decimal | None = None
    follow_up: LongText | None = None


class IncidentUpdate(Schema):
    """The unit completes its report as handling goes on; fields left out stay as they are."""

    base_version: int
    handling: LongText | None = None
    follow_up: LongText | None = None
    deaths: Count | None = None
    injuries: Count | None = None
    losses_yuan: Decimal | None = None


class ResponsibilityIn(Schema):
    """A bureau above the unit judges whether management was responsible (第十九条(二)(五))."""

    base_version: int
    management_responsibility: bool
    note: LongText


class IncidentOut(Schema):
    id: uuid.UUID
    org_unit_id: uuid.UUID
    org_unit_name: str
    category: str
    incident_type: str
    severity: str
    occurred_at: datetime
    place: str | None
    description: str
    handling: str
    deaths: int
    injuries: int
    losses_yuan: Decimal | None
    follow_up: str | None
    management_responsibility: bool | None
    responsibility_note: str | None
    judged_by_name: str | None
    reported_by_name: str
    reported_at: datetime
    version: int


class IncidentPage(Page, kw_only=True):
    items: list[IncidentOut]
