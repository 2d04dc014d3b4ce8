"""Insert-or-ignore on both databases: concurrent or repeated runs store a row once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


async def insert_ignore(session: AsyncSession, table: Table, rows: list[dict[str, Any]],
                        conflict: tuple[str, ...]) -> int:
    """Insert the rows that do not collide on ``conflict`` (a unique constraint); returns how
    many were new (PostgreSQL: INSERT ... ON CONFLICT DO NOTHING; SQLite: the same syntax,
    which is its INSERT OR IGNORE for that constraint)."""
    if not rows:
        return 0
    dialect = postgresql if session.bind.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table).values(rows).on_conflict_do_nothing(index_elements=list(conflict))
    result = await session.execute(stmt.returning(table.c.id))
    return len(result.all())
