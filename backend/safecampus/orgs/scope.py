"""Scope: a user acts on their own unit's subtree and nothing else (第二十四条)."""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.db import OrgUnit
from safecampus.errors import NotFound


def within(scope_path: str) -> ColumnElement[bool]:
    """SQL condition: the org unit lies in the subtree whose root has ``scope_path``."""
    return OrgUnit.path.startswith(scope_path, autoescape=True)


async def unit_in_scope(session: AsyncSession, scope_path: str, unit_id: uuid.UUID) -> OrgUnit:
    """The unit, or NotFound when it does not exist or lies outside the scope: callers
    outside a subtree cannot even learn that an id exists."""
    unit = (await session.execute(select(OrgUnit).where(OrgUnit.id == unit_id, within(scope_path)))).scalar_one_or_none()
    if unit is None:
        raise NotFound("No such org unit in your scope.")
    return unit
