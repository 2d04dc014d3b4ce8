"""Checks that run before any handler of the API."""

from __future__ import annotations

from typing import Any

from litestar import Request

from safecampus.errors import InvalidInput

PHOTO_PATH = "/api/v1/photos/"


async def refuse_nul_characters(request: Request[Any, Any, Any]) -> None:
    """A NUL character is never meaningful in this domain's text, and PostgreSQL cannot
    store one in a text column: refuse it up front instead of failing deep inside."""
    if b"%00" in request.scope.get("query_string", b""):
        raise InvalidInput("The query string contains a NUL character.", code="nul_character")
    # Every body is checked whatever its declared type (Litestar decodes JSON regardless),
    # except photo uploads, whose bytes are binary by nature.
    if request.method in ("POST", "PUT", "PATCH") and not request.url.path.startswith(PHOTO_PATH):
        body = await request.body()
        if b"\\u0000" in body or b"\x00" in body:
            raise InvalidInput("The request body contains a NUL character (\\u0000), which text may not hold.",
                               code="nul_character")
