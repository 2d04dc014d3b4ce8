from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.audit import services as audit
from safecampus.auth.identity import CurrentUser
from safecampus.db import OrgUnit
from safecampus.errors import Conflict, Forbidden, InvalidInput
from safecampus.orgs.schemas import OrgUnitChange, OrgUnitCreate
from safecampus.orgs.scope import ensure_active, unit_in_scope, within

# Which kinds of unit may sit under which: counties and direct units under the city bureau,
# schools under a county bureau (or, for a city-run school, under the city bureau itself).
PARENT_KINDS = {
    "county_bureau": ("city_bureau",),
    "direct_unit": ("city_bureau",),
    "school": ("county_bureau", "city_bureau"),
}


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


async def managed_unit(session: AsyncSession, user: CurrentUser, unit_id: uuid.UUID) -> OrgUnit:
    """A unit the caller manages: admins manage the units below their own (never their own
    unit, nor anything beside or above it)."""
    user.require_role("admin")
    unit = await unit_in_scope(session, user.org_path, unit_id)
    if unit.path == user.org_path:
        raise Forbidden("Your own unit is managed by the bureau above it.", code="own_unit")
    return unit


def _check_parent(kind: str, parent: OrgUnit) -> None:
    allowed = PARENT_KINDS.get(kind)
    if allowed is None:
        raise InvalidInput("There is one city bureau, at the top of the tree; it is not created here.",
                           code="kind_not_allowed")
    if parent.kind not in allowed:
        raise InvalidInput(f"A unit of kind {kind!r} belongs under {' or '.join(allowed)}, not under "
                           f"{parent.name} ({parent.kind}).", code="parent_kind_mismatch")
    ensure_active(parent)


def _check_school_type(kind: str, school_type: str | None) -> None:
    if kind == "school" and school_type is None:
        raise InvalidInput("A school needs a school type.", code="school_type_required")
    if kind != "school" and school_type is not None:
        raise InvalidInput("Only schools have a school type.", code="school_type_not_allowed")


def _details(change: OrgUnitChange) -> dict[str, object]:
    return {f: getattr(change, f) for f in change.__struct_fields__ if getattr(change, f) is not None}


async def create_unit(session: AsyncSession, user: CurrentUser, data: OrgUnitCreate) -> OrgUnit:
    user.require_role("admin")
    parent = await unit_in_scope(session, user.org_path, data.parent_id)
    _check_parent(data.kind, parent)
    _check_school_type(data.kind, data.school_type)
    if (await session.execute(select(OrgUnit.id).where(OrgUnit.code == data.code))).first():
        raise Conflict(f"The unit code {data.code!r} is taken.", code="unit_code_taken")
    unit = OrgUnit(code=data.code, name=data.name, kind=data.kind, school_type=data.school_type, parent_id=parent.id,
                   path=child_path(parent, data.code), address=data.address, lat=data.lat, lon=data.lon,
                   radius_m=data.radius_m, active=True)
    session.add(unit)
    try:
        await session.flush()
    except IntegrityError:  # taken by a request that committed between our check and insert
        await session.rollback()
        raise Conflict(f"The unit code {data.code!r} is taken.", code="unit_code_taken") from None
    await audit.record(session, user.actor, "org_unit.create", "org_unit", unit.id,
                       {"code": unit.code, "kind": unit.kind, "parent": parent.code} | _details(data))
    await session.commit()
    return unit


async def update_unit(session: AsyncSession, user: CurrentUser, unit_id: uuid.UUID, data: OrgUnitChange) -> OrgUnit:
    unit = await managed_unit(session, user, unit_id)
    if data.school_type is not None:
        _check_school_type(unit.kind, data.school_type)
    changed = {f: v for f, v in _details(data).items() if getattr(unit, f) != v}
    if changed:
        before = {f: getattr(unit, f) for f in changed}
        for field, value in changed.items():
            setattr(unit, field, value)
        await audit.record(session, user.actor, "org_unit.update", "org_unit", unit.id,
                           {"code": unit.code, "from": before, "to": changed})
        await session.commit()
    return unit


async def move_unit(session: AsyncSession, user: CurrentUser, unit_id: uuid.UUID,
                    new_parent_id: uuid.UUID) -> tuple[OrgUnit, int]:
    """Move a unit with its subtree under another parent. Hazards, inspections and the rest
    refer to units by id, so their history moves with them; the caller's scope must hold the
    old parent (it holds the unit) and the new one, e.g. the city for a move between counties."""
    unit = await managed_unit(session, user, unit_id)
    parent = await unit_in_scope(session, user.org_path, new_parent_id)
    if parent.id == unit.parent_id:
        raise InvalidInput(f"{unit.name} is already under {parent.name}.", code="same_parent")
    if parent.path.startswith(unit.path):
        raise InvalidInput("A unit cannot move under itself or one of its own units.", code="move_into_itself")
    _check_parent(unit.kind, parent)
    old_path, new_path = unit.path, child_path(parent, unit.code)
    old_parent_id = unit.parent_id
    moved = await move_descendants(session, old_path, new_path)
    unit.parent_id, unit.path = parent.id, new_path
    await audit.record(session, user.actor, "org_unit.move", "org_unit", unit.id,
                       {"code": unit.code, "from": old_path, "to": new_path, "units_below": moved,
                        "old_parent_id": str(old_parent_id), "new_parent_id": str(parent.id)})
    await session.commit()
    return unit, moved


async def set_active(session: AsyncSession, user: CurrentUser, unit_id: uuid.UUID, *, active: bool) -> OrgUnit:
    """Deactivating keeps the unit's ledger and history readable and stops new work there and at
    every unit below it (they are deactivated with it). Activating brings back the unit alone,
    under an active parent: units below it come back one by one, so one that was closed on its
    own is not reopened by accident."""
    unit = await managed_unit(session, user, unit_id)
    if active and unit.parent_id is not None:
        parent = await session.get(OrgUnit, unit.parent_id)
        if parent is not None and not parent.active:
            raise Conflict(f"{parent.name} above it is inactive; activate that first.", code="parent_inactive")
    if unit.active == active:
        return unit
    members = [unit] if active else (await session.execute(
        select(OrgUnit).where(within(unit.path), OrgUnit.active.is_(True)))).scalars().all()
    for member in members:
        member.active = active
    await audit.record(session, user.actor, "org_unit.activate" if active else "org_unit.deactivate", "org_unit",
                       unit.id, {"code": unit.code, "units": [m.code for m in members]})
    await session.commit()
    return unit
