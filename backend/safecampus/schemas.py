"""The base of every request and response body."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec


class Schema(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Unknown fields are refused (400 naming the field), never silently dropped."""


# Client timestamps must say their offset: a phone's local time without one is ambiguous.
AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]
PhotoHash = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the photo, lowercase hex")]
PhotoList = Annotated[list[PhotoHash], msgspec.Meta(max_length=20)]
ShortText = Annotated[str, msgspec.Meta(max_length=500)]
# At least one visible character: "   " is not a reason, a measure or a description.
LongText = Annotated[str, msgspec.Meta(min_length=1, max_length=4000, pattern=r"\S")]


class Location(Schema):
    lat: Annotated[float, msgspec.Meta(ge=-90, le=90)]
    lon: Annotated[float, msgspec.Meta(ge=-180, le=180)]
    accuracy_m: Annotated[float, msgspec.Meta(ge=0, le=100_000)] | None = None


class Page(Schema):
    total: int
    page: int
    page_size: int
