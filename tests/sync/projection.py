"""A canonical picture of a whole database, to compare two servers that were sent the same
records in different ways: every row of every table, without what each server makes up on its
own (generated row ids, its clock, the audit chain's sequence and hashes) and without what only
says which of several phones came first."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from safecampus.db.base import Base, UTCDateTime
from safecampus.db.engine import Database
from sqlalchemy import Column, DateTime, select

SERVER_MADE = {"audit_event": {"seq", "at", "prev_hash", "hash"}, "audit_head": {"last_hash"}}
# The same bytes from two phones are stored once, with the first sender's name on the row and
# on its audit event; tests/sync/test_convergence.py checks these separately.
FIRST_COMER = {"photo": {"uploaded_by"}}

Picture = dict[str, Counter[tuple[Any, ...]]]


def _server_made(table: str, column: Column[Any]) -> bool:
    if column.name in SERVER_MADE.get(table, set()) | FIRST_COMER.get(table, set()):
        return True
    # Defaults are the server's: new_id for row ids, utcnow for times. Client ids have none.
    return column.default is not None and (column.primary_key or isinstance(column.type, UTCDateTime | DateTime))


def _frozen(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


def _audit_data(row: dict[str, Any]) -> dict[str, Any]:
    if row["action"] == "photo.upload":
        data = json.loads(row["data"])
        data.pop("already_stored")
        row["data"] = json.dumps(data, sort_keys=True)
    return row


async def picture(db: Database) -> Picture:
    result: Picture = {}
    async with db.session(read_only=True) as session:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if not _server_made(table.name, c)]
            rows = (dict(r) for r in (await session.execute(select(*columns))).mappings())
            if table.name == "audit_event":
                rows = (_audit_data(r) for r in rows)
            result[table.name] = Counter(tuple(_frozen(v) for v in r.values()) for r in rows)
    return result


def differences(actual: Picture, expected: Picture, limit: int = 3) -> list[str]:
    """Per table, a few rows found on one side only (empty when the pictures are the same)."""
    found = []
    for table in expected:
        extra, lost = actual[table] - expected[table], expected[table] - actual[table]
        if extra or lost:
            found.append(f"{table}: {sum(extra.values())} rows too many, e.g. {list(extra)[:limit]}; "
                         f"{sum(lost.values())} rows lost, e.g. {list(lost)[:limit]}")
    return found
