"""The offline sync contract for creates: the client's id, the same content again is a
replay (200 with the stored record), different content under that id is a 409."""

from __future__ import annotations

import hashlib

import msgspec

from safecampus.errors import Conflict


def content_hash(body: msgspec.Struct, *extra: object) -> str:
    """SHA-256 of the canonical JSON of what the client sent (plus path ids)."""
    return hashlib.sha256(msgspec.json.encode([body, *map(str, extra)], order="sorted")).hexdigest()


def ensure_same(stored_hash: str, new_hash: str, what: str) -> None:
    if stored_hash != new_hash:
        raise Conflict(f"This {what} id was already used with different content. A new record needs a new id; "
                       "a retry must send exactly what was sent the first time.", code="id_conflict")
