"""The offline sync contract for creates: the client's id, the same content again is a
replay (200 with the stored record), different content under that id is a 409."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

import msgspec
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.errors import Conflict


def content_hash(body: msgspec.Struct, *extra: object) -> str:
    """SHA-256 of the canonical JSON of what the client sent (plus path ids)."""
    return hashlib.sha256(msgspec.json.encode([body, *map(str, extra)], order="sorted")).hexdigest()


def ensure_same(stored_hash: str, new_hash: str, what: str) -> None:
    if stored_hash != new_hash:
        raise Conflict(f"This {what} id was already used with different content. A new record needs a new id; "
                       "a retry must send exactly what was sent the first time.", code="id_conflict")


class ClientRecord(Protocol):
    content_hash: str


R = TypeVar("R", bound=ClientRecord)


async def create_once(session: AsyncSession, model: type[R], record_id: uuid.UUID, digest: str, what: str,
                      visible: Callable[[R], Awaitable[None]], create: Callable[[], Awaitable[R]]) -> tuple[R, bool]:
    """Create a record under the client's id exactly once: a replay returns the stored
    record, a concurrent duplicate loses the insert race and becomes a replay. ``visible``
    raises when the caller may not see an existing record (so ids cannot be probed)."""
    existing = await session.get(model, record_id)
    if existing is None:
        try:
            record = await create()
            await session.commit()
            return record, True
        except IntegrityError:
            await session.rollback()
            existing = await session.get(model, record_id)
            if existing is None:
                raise
    await visible(existing)
    ensure_same(existing.content_hash, digest, what)
    return existing, False
