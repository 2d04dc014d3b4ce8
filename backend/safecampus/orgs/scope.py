"""Scope: a user acts on their own unit's subtree and nothing else (第二十四条)."""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import SCHOOL_ROLES, SCHOOL_STAFFED_KINDS, CurrentUser
from safecampus.db import OrgUnit
from safecampus.errors import Conflict, Forbidden, NotFound


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


def ensure_unit_staff(user: CurrentUser, unit: OrgUnit) -> None:
    """Writing a unit's own records (drills, incidents): a school's principal or safety
    officer for their school; a bureau's admins and inspectors for units in their scope."""
    allowed = SCHOOL_ROLES if unit.kind in SCHOOL_STAFFED_KINDS and user.org_unit_id == unit.id else frozenset(
        {"admin", "inspector"})
    if user.role not in allowed:
        raise Forbidden(f"The role {user.role!r} does not keep this unit's records.", code="forbidden")


def ensure_unit_manager(user: CurrentUser, unit: OrgUnit) -> None:
    """Managing a unit's people and plans: its principal (for a school), or an admin whose
    scope holds the unit (its own bureau or one above)."""
    if not (user.role == "admin" or (user.role == "principal" and user.org_unit_id == unit.id)):
        raise Forbidden("Only the unit's principal or an admin in scope may change this.", code="forbidden")


def ensure_authority_over(user: CurrentUser, unit: OrgUnit) -> None:
    """第二十四条: judgements about a unit are made above it: a county bureau over its own
    schools and units, the city bureau over everything below it, never a unit over itself."""
    if user.role not in ("admin", "inspector") or unit.path == user.org_path or not unit.path.startswith(user.org_path):
        raise Forbidden("Only a bureau above this unit (its admins or inspectors) may decide this.",
                        code="no_authority")


def ensure_active(unit: OrgUnit) -> None:
    """New work (inspections, hazards, drills, incidents, supervision) only at an active unit;
    an inactive one keeps its ledger, readable as before."""
    if not unit.active:
        raise Conflict(f"{unit.name} has been deactivated: its records stay readable, but nothing new can be "
                       "recorded there.", code="unit_inactive", details={"org_unit_id": str(unit.id)})
