"""The base of every request and response body."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

import msgspec
from litestar.openapi.spec import OpenAPIType
from litestar.openapi.spec import Schema as OpenAPISchema
from litestar.params import QueryParameter

from safecampus.clock import EARLIEST, LATEST_DAY
from safecampus.errors import InvalidInput


class Schema(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Unknown fields are refused (400 naming the field), never silently dropped."""


# Client timestamps must say their offset: a phone's local time without one is ambiguous.
AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]
_PHOTO_HASH = {"pattern": r"^[0-9a-f]{64}$", "description": "SHA-256 of the photo, lowercase hex"}
PhotoHash = Annotated[str, msgspec.Meta(**_PHOTO_HASH)]
# Litestar drops the constraints of list items from the OpenAPI document: restated for it.
PhotoList = Annotated[list[PhotoHash], msgspec.Meta(max_length=20, extra_json_schema={
    "extra": {"items": OpenAPISchema(type=OpenAPIType.STRING, **_PHOTO_HASH)}})]
ShortText = Annotated[str, msgspec.Meta(max_length=500)]
# At least one visible character: "   " is not a reason, a measure or a description.
LongText = Annotated[str, msgspec.Meta(min_length=1, max_length=4000, pattern=r"\S")]


class Location(Schema):
    lat: Annotated[float, msgspec.Meta(ge=-90, le=90)]
    lon: Annotated[float, msgspec.Meta(ge=-180, le=180)]
    accuracy_m: Annotated[float, msgspec.Meta(ge=0, le=100_000)] | None = None


# Query parameters of every paged list.
PageNumber = Annotated[int, QueryParameter(ge=1, le=100_000, description="1-based page number")]
PageSize = Annotated[int, QueryParameter(ge=1, le=200)]




def year_query(description: str) -> Any:
    """An optional calendar-year query parameter, described for its list: the years whose days
    a search may name (a year's window ends on the next 1 January)."""
    return Annotated[int | None, QueryParameter(ge=EARLIEST.year, le=LATEST_DAY.year, description=description)]


class Page(Schema):
    total: int
    page: int
    page_size: int


def check_yuan(amount: Decimal | None, field: str, *, code: str = "invalid_amount",
               maximum: Decimal = Decimal("100000000")) -> None:
    """Money in yuan: msgspec cannot bound a Decimal, so amounts are checked here."""
    if amount is not None and not (amount.is_finite() and 0 <= amount <= maximum and amount == round(amount, 2)):
        raise InvalidInput(f"{field} must be an amount in yuan between 0 and {maximum}, with at most 2 decimals.",
                           code=code, details={"field": field})
