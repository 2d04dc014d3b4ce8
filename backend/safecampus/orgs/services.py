from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.db import OrgUnit
from safecampus.orgs.scope import unit_in_scope, within


async def list_units(session: AsyncSession, scope_path: str, *, kind: str | None = None,
                     under: uuid.UUID | None = None, query: str | None = None) -> Sequence[OrgUnit]:
    """Units of the scope in tree order (parents before their children)."""
    root_path = (await unit_in_scope(session, scope_path, under)).path if under else scope_path
    stmt = select(OrgUnit).where(within(root_path)).order_by(OrgUnit.path)
    if kind:
        stmt = stmt.where(OrgUnit.kind == kind)
    if query:
        stmt = stmt.where(OrgUnit.name.contains(query, autoescape=True))
    return (await session.execute(stmt)).scalars().all()


def child_path(parent: OrgUnit | None, code: str) -> str:
    return f"{parent.path if parent else '/'}{code}/"


async def move_descendants(session: AsyncSession, old_path: str, new_path: str) -> int:
    """Re-root the units below ``old_path`` under ``new_path`` (the unit itself is the
    caller's): scope follows the tree, so no path may be left pointing at the old place.
    Returns how many units moved; the caller audits the move."""
    below = (await session.execute(
        select(OrgUnit).where(within(old_path), OrgUnit.path != old_path))).scalars().all()
    for unit in below:
        unit.path = new_path + unit.path[len(old_path):]
    return len(below)
