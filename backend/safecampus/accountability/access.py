"""Who sees cases and commendations, and whom they are about. Both are confidential by nature:
the unit holding the record (the deciding or proposing bureau) and the units above it see it;
the subject's own unit learns of a case only once it is decided (a 问责 decision is
communicated to it, 第二十条(一) 通报) and of a commendation once approved. A case in
preparation or dropped never reaches the subject."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from safecampus.accountability.schemas import LeaderRef
from safecampus.auth.identity import BUREAU_ROLES, CurrentUser
from safecampus.db import Leader, OrgUnit
from safecampus.errors import Forbidden, InvalidInput, NotFound
from safecampus.orgs.scope import unit_in_scope

Subject = aliased(OrgUnit, name="subject_unit")
Holder = aliased(OrgUnit, name="holder_unit")
# Who of the subject's unit is told of a decision: its head (a principal) or a bureau's admins.
TOLD_ROLES = frozenset({"principal", "admin"})


def _confidential(user: CurrentUser, model: Any, published: str) -> ColumnElement[bool]:
    above = Holder.path.startswith(user.org_path, autoescape=True) if user.role in BUREAU_ROLES else false()
    told = (and_(model.subject_unit_id == user.org_unit_id, model.status == published)
            if user.role in TOLD_ROLES else false())
    return or_(above, told)


def visible(user: CurrentUser, model: Any, holder_id: Any, published: str) -> Select[Any]:
    """Rows of (record, subject unit, holding unit) the user may see."""
    return (select(model, Subject, Holder).join(Subject, Subject.id == model.subject_unit_id)
            .join(Holder, Holder.id == holder_id).where(_confidential(user, model, published)))


async def visible_ids(session: AsyncSession, user: CurrentUser, model: Any, holder_id: Any, published: str,
                      ids: set[uuid.UUID]) -> set[uuid.UUID]:
    """Those of ``ids`` the user may see."""
    if not ids:
        return set()
    stmt = visible(user, model, holder_id, published).with_only_columns(model.id).where(model.id.in_(ids))
    return set((await session.execute(stmt)).scalars())


async def one(session: AsyncSession, user: CurrentUser, model: Any, holder_id: Any, published: str,
              record_id: uuid.UUID, what: str, *, for_update: bool = False) -> tuple[Any, OrgUnit, OrgUnit]:
    stmt = visible(user, model, holder_id, published).where(model.id == record_id)
    row = (await session.execute(stmt.with_for_update(of=model) if for_update else stmt)).one_or_none()
    if row is None:
        raise NotFound(f"No such {what} in your scope.", code=f"{what}_not_found")
    return row[0], row[1], row[2]


async def page(session: AsyncSession, user: CurrentUser, stmt: Select[Any], model: Any,
               org_unit_id: uuid.UUID | None, page_number: int, page_size: int) -> tuple[list[Any], int]:
    """The visible records about units of a subtree (default: the caller's), newest first."""
    root = await unit_in_scope(session, user.org_path, org_unit_id or user.org_unit_id)
    stmt = stmt.where(Subject.path.startswith(root.path, autoescape=True))
    total = await session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = await session.execute(stmt.order_by(model.year.desc(), Subject.path, model.id)
                                 .offset((page_number - 1) * page_size).limit(page_size))
    return [tuple(row) for row in rows], total or 0


async def subject(session: AsyncSession, user: CurrentUser, unit_id: uuid.UUID,
                  leader_id: uuid.UUID | None) -> tuple[OrgUnit, Leader | None]:
    """The subject unit (in the caller's scope) and, for a person, one of its leaders."""
    unit = await unit_in_scope(session, user.org_path, unit_id)
    if leader_id is None:
        return unit, None
    leader = await session.get(Leader, leader_id)
    if leader is None or leader.org_unit_id != unit.id:
        raise InvalidInput("The leader named is not a leader of the subject unit.", code="leader_not_in_unit")
    return unit, leader


def ensure_bureau_staff(user: CurrentUser) -> None:
    if user.role not in ("admin", "inspector"):
        raise Forbidden("Only a bureau's admins or inspectors (its committee office) do this.", code="forbidden")


async def leader_refs(session: AsyncSession, leader_ids: list[uuid.UUID | None]) -> dict[uuid.UUID, LeaderRef]:
    wanted = {leader_id for leader_id in leader_ids if leader_id}
    if not wanted:
        return {}
    leaders = (await session.execute(select(Leader).where(Leader.id.in_(wanted)))).scalars()
    return {leader.id: LeaderRef(id=leader.id, name=leader.name, position=leader.position,
                                 duty_role=leader.duty_role) for leader in leaders}
