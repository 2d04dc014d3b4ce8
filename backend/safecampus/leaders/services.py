"""Keeping a unit's leadership on record: set (create or change) and list."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.audit import services as audit
from safecampus.auth.identity import CurrentUser
from safecampus.db import Leader, OrgUnit, User
from safecampus.errors import Conflict, InvalidInput
from safecampus.leaders.schemas import LeaderIn, LeaderOut
from safecampus.orgs.records import one_of
from safecampus.orgs.scope import ensure_unit_manager, unit_in_scope, within

FIELDS = ("name", "position", "duty_role", "user_id", "active")


async def put(session: AsyncSession, user: CurrentUser, leader_id: uuid.UUID, data: LeaderIn) -> bool:
    """Returns whether the leader was created. A leader stays with its unit."""
    leader = await session.get(Leader, leader_id)
    if leader is not None:
        _, unit = await one_of(session, user, Leader, leader_id, "leader", for_update=True)
        if data.org_unit_id != leader.org_unit_id:
            raise InvalidInput("A leader stays with their unit; record a new leader at the other unit.",
                               code="leader_unit_fixed")
    else:
        unit = await unit_in_scope(session, user.org_path, data.org_unit_id)
    ensure_unit_manager(user, unit)
    if data.user_id and await session.scalar(select(User.org_unit_id).where(User.id == data.user_id)) != unit.id:
        raise InvalidInput("A leader can only be linked to an account of the same unit.", code="user_not_in_unit")
    changes = {f: getattr(data, f) for f in FIELDS if leader is None or getattr(leader, f) != getattr(data, f)}
    if not changes:
        return False
    created = leader is None
    if leader is None:
        leader = Leader(id=leader_id, org_unit_id=unit.id)
        session.add(leader)
    for field, value in changes.items():
        setattr(leader, field, value)
    await audit.record(session, user.actor, "leader.set", "leader", leader_id,
                       {"org_unit": unit.code} | {f: str(v) if v is not None else None for f, v in changes.items()})
    try:
        await session.commit()
    except IntegrityError as exc:  # the same new leader sent twice at once
        await session.rollback()
        raise Conflict("This leader was saved at the same moment by another request; reload.",
                       code="stale_version") from exc
    return created


def to_out(leader: Leader, unit: OrgUnit) -> LeaderOut:
    return LeaderOut(id=leader.id, org_unit_id=unit.id, org_unit_name=unit.name, name=leader.name,
                     position=leader.position, duty_role=leader.duty_role, user_id=leader.user_id,
                     active=leader.active)


async def listing(session: AsyncSession, user: CurrentUser, org_unit_id: uuid.UUID | None,
                  include_inactive: bool) -> list[LeaderOut]:
    root = await unit_in_scope(session, user.org_path, org_unit_id or user.org_unit_id)
    stmt = (select(Leader, OrgUnit).join(OrgUnit, OrgUnit.id == Leader.org_unit_id).where(within(root.path))
            .order_by(OrgUnit.path, Leader.duty_role, Leader.name))
    if not include_inactive:
        stmt = stmt.where(Leader.active.is_(True))
    return [to_out(leader, unit) for leader, unit in await session.execute(stmt)]


async def read(session: AsyncSession, user: CurrentUser, leader_id: uuid.UUID) -> LeaderOut:
    return to_out(*await one_of(session, user, Leader, leader_id, "leader"))
