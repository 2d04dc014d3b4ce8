"""Checks that run before any handler of the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Request

from safecampus.errors import DomainError, InvalidInput

PHOTO_PATH = "/api/v1/photos/"
IMPORT_PATH = "/api/v1/imports"
# Bodies that are binary by nature (photos, spreadsheets) and are read by their own handlers,
# each with its own size limit.
BINARY_PATHS = (PHOTO_PATH, IMPORT_PATH)


async def read_limited(request: Request[Any, Any, Any], limit: int, too_large: Callable[[int], DomainError]) -> bytes:
    """Read the body, stopping as soon as it passes the limit (routes that read this way lift
    the app-wide limit because their bodies are larger than JSON bodies)."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(size)
        chunks.append(chunk)
    return b"".join(chunks)


async def refuse_nul_characters(request: Request[Any, Any, Any]) -> None:
    """A NUL character is never meaningful in this domain's text, and PostgreSQL cannot
    store one in a text column: refuse it up front instead of failing deep inside."""
    if b"%00" in request.scope.get("query_string", b""):
        raise InvalidInput("The query string contains a NUL character.", code="nul_character")
    # Every body is checked whatever its declared type (Litestar decodes JSON regardless),
    # except photo uploads and spreadsheet imports, whose bytes are binary by nature.
    if request.method in ("POST", "PUT", "PATCH") and not request.url.path.startswith(BINARY_PATHS):
        body = await request.body()
        if b"\\u0000" in body or b"\x00" in body:
            raise InvalidInput("The request body contains a NUL character (\\u0000), which text may not hold.",
                               code="nul_character")
