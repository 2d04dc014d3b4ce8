from __future__ import annotations

import uuid

from safecampus.schemas import Schema


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
