"""Records that a unit keeps about itself (drills, incidents): listing them over a unit's
subtree, newest first, a page at a time."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import CurrentUser
from safecampus.db import OrgUnit
from safecampus.errors import NotFound
from safecampus.orgs.scope import unit_in_scope, within


async def page_of(session: AsyncSession, user: CurrentUser, model: Any, newest_first: Any,
                  org_unit_id: uuid.UUID | None, conditions: list[ColumnElement[bool]], page: int,
                  page_size: int) -> tuple[list[tuple[Any, OrgUnit]], int]:
    root = await unit_in_scope(session, user.org_path, org_unit_id or user.org_unit_id)
    stmt = (select(model, OrgUnit).join(OrgUnit, OrgUnit.id == model.org_unit_id)
            .where(within(root.path), *conditions))
    total = await session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = await session.execute(stmt.order_by(newest_first.desc(), model.id)
                                 .offset((page - 1) * page_size).limit(page_size))
    return [(record, unit) for record, unit in rows], total or 0


async def one_of(session: AsyncSession, user: CurrentUser, model: Any, record_id: uuid.UUID, what: str,
                 *, for_update: bool = False) -> tuple[Any, OrgUnit]:
    """The record with its unit, or NotFound when it is missing or outside the caller's scope."""
    stmt = (select(model, OrgUnit).join(OrgUnit, OrgUnit.id == model.org_unit_id)
            .where(model.id == record_id, within(user.org_path)))
    row = (await session.execute(stmt.with_for_update(of=model) if for_update else stmt)).one_or_none()
    if row is None:
        raise NotFound(f"No such {what} in your scope.", code=f"{what}_not_found")
    return row[0], row[1]
