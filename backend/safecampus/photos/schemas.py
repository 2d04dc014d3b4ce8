from __future__ import annotations

from datetime import datetime

from safecampus.schemas import Schema


class PhotoOut(Schema):
    sha256: str
    width: int
    height: int
    source_format: str
    source_bytes: int
    stored_bytes: int
    taken_at: datetime | None
    taken_at_source: str | None
    lat: float | None
    lon: float | None
    accuracy_m: float | None
    location_source: str | None
    uploaded_at: datetime
