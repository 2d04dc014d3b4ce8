from __future__ import annotations

import uuid
from typing import Annotated

import msgspec

from safecampus.schemas import Schema
from safecampus.vocabulary import OrgKind, SchoolType

# Codes make up the scope paths (/230500/230502/...): a "/" or other punctuation in one could
# place a unit inside someone else's subtree (the seed loader checks the same pattern).
UnitCode = Annotated[str, msgspec.Meta(pattern=r"^[0-9A-Za-z][0-9A-Za-z_-]{0,39}$")]
UnitName = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Address = Annotated[str, msgspec.Meta(max_length=300)]
Lat = Annotated[float, msgspec.Meta(ge=-90, le=90)]
Lon = Annotated[float, msgspec.Meta(ge=-180, le=180)]
Radius = Annotated[int, msgspec.Meta(ge=10, le=20000)]


class OrgUnitOut(Schema):
    id: uuid.UUID
    code: str
    name: str
    kind: str
    school_type: str | None
    parent_id: uuid.UUID | None
    depth: int
    address: str | None
    lat: float | None
    lon: float | None
    radius_m: int | None
    active: bool


class OrgUnitChange(Schema):
    """What a rename or an edit may change; a field left out (or null) keeps its value."""

    name: UnitName | None = None
    school_type: SchoolType | None = None
    address: Address | None = None
    lat: Lat | None = None
    lon: Lon | None = None
    radius_m: Radius | None = None


class OrgUnitCreate(OrgUnitChange, kw_only=True):
    code: UnitCode
    name: UnitName
    kind: OrgKind
    parent_id: uuid.UUID


class OrgUnitMove(Schema):
    new_parent_id: uuid.UUID


class OrgUnitMoved(Schema):
    unit: OrgUnitOut
    units_below: int
