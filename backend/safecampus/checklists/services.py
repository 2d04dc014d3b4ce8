from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from safecampus.db import Checklist, ChecklistItem
from safecampus.errors import NotFound


async def list_checklists(session: AsyncSession, *, kind: str | None = None, school_type: str | None = None,
                          include_old: bool = False) -> Sequence[tuple[Checklist, int]]:
    """Templates with their item counts; only the published versions unless asked."""
    counts = (select(ChecklistItem.checklist_id, func.count().label("n"))
              .group_by(ChecklistItem.checklist_id).subquery())
    stmt = (select(Checklist, counts.c.n).join(counts, counts.c.checklist_id == Checklist.id)
            .order_by(Checklist.code, Checklist.version.desc()))
    if not include_old:
        stmt = stmt.where(Checklist.status == "published")
    rows = (await session.execute(stmt)).all()
    # Kinds and school types are short JSON lists: filtered here, portable across backends.
    return [(c, n) for c, n in rows
            if (kind is None or kind in c.kinds) and (school_type is None or not c.school_types
                                                      or school_type in c.school_types)]


async def get_checklist(session: AsyncSession, checklist_id: uuid.UUID) -> Checklist:
    checklist = (await session.execute(
        select(Checklist).where(Checklist.id == checklist_id).options(selectinload(Checklist.items))
    )).scalar_one_or_none()
    if checklist is None:
        raise NotFound("No such checklist.", code="checklist_not_found")
    return checklist


async def item_count(session: AsyncSession, checklist_id: uuid.UUID) -> int:
    return await session.scalar(select(func.count()).where(ChecklistItem.checklist_id == checklist_id)) or 0
