"""第二十一条: a unit held accountable may not be rated a comprehensive advanced unit that year;
a leader held accountable loses that year's 评优 and 评先. Only a decided case with a measure
counts: one in preparation proves nothing yet, and an exempted one (第二十二条) held no one
accountable."""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.accountability import access
from safecampus.accountability.schemas import LeaderRating, RatingsOut, UnitRating
from safecampus.auth.identity import CurrentUser
from safecampus.db import AccountabilityCase, Leader, OrgUnit
from safecampus.orgs.scope import unit_in_scope, within

Cases = dict[uuid.UUID, list[uuid.UUID]]


async def held_accountable(session: AsyncSession, year: int, root: OrgUnit) -> tuple[Cases, Cases]:
    """The decided cases of the year under ``root``: by subject unit (cases on the unit
    itself) and by subject leader."""
    rows = await session.execute(
        select(AccountabilityCase.id, AccountabilityCase.subject_unit_id, AccountabilityCase.subject_leader_id)
        .join(OrgUnit, OrgUnit.id == AccountabilityCase.subject_unit_id)
        .where(within(root.path), AccountabilityCase.year == year, AccountabilityCase.status == "decided",
               AccountabilityCase.measure.is_not(None)).order_by(AccountabilityCase.decided_on, AccountabilityCase.id))
    units: Cases = defaultdict(list)
    leaders: Cases = defaultdict(list)
    for case_id, unit_id, leader_id in rows:
        (leaders[leader_id] if leader_id else units[unit_id]).append(case_id)
    return units, leaders


async def ratings(session: AsyncSession, user: CurrentUser, org_unit_id: uuid.UUID | None, year: int) -> RatingsOut:
    root = await unit_in_scope(session, user.org_path, org_unit_id or user.org_unit_id)
    by_unit, by_leader = await held_accountable(session, year, root)
    # Whether a subject is eligible is for all in scope; which cases bar it, only for those who see them.
    shown = await access.visible_ids(session, user, AccountabilityCase, AccountabilityCase.deciding_unit_id,
                                     "decided", {c for cases in (*by_unit.values(), *by_leader.values()) for c in cases})
    units = (await session.execute(select(OrgUnit).where(within(root.path), OrgUnit.active.is_(True))
                                   .order_by(OrgUnit.path))).scalars().all()
    leaders = await session.execute(
        select(Leader, OrgUnit).join(OrgUnit, OrgUnit.id == Leader.org_unit_id)
        .where(within(root.path), Leader.active.is_(True)).order_by(OrgUnit.path, Leader.duty_role, Leader.name))
    return RatingsOut(
        org_unit_id=root.id, year=year,
        units=[UnitRating(org_unit_id=u.id, name=u.name, kind=u.kind, eligible=u.id not in by_unit,
                          case_ids=[c for c in by_unit.get(u.id, []) if c in shown]) for u in units],
        leaders=[LeaderRating(leader_id=leader.id, name=leader.name, position=leader.position,
                              duty_role=leader.duty_role, org_unit_id=unit.id, org_unit_name=unit.name,
                              eligible=leader.id not in by_leader, case_ids=[c for c in by_leader.get(leader.id, []) if c in shown])
                 for leader, unit in leaders])
