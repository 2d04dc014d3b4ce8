"""Signals (问责线索): what the data says against the units of a subtree in a year, each with
the leaders who answer for it and its evidence. Confidential: bureau staff only, and a unit's
own signals are shown to the units above it, never to itself."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.accountability import sources
from safecampus.accountability.schemas import LeaderRef, Signal, SignalsOut
from safecampus.accountability.sources import Finding
from safecampus.auth.identity import BUREAU_ROLES, CurrentUser
from safecampus.db import Leader, OrgUnit
from safecampus.errors import Forbidden
from safecampus.hazards.rules import today
from safecampus.orgs.scope import unit_in_scope

Source = Callable[[AsyncSession, OrgUnit, int, date], Awaitable[list[Finding]]]

# One line per source (each in sources.py).
SOURCES: list[Source] = [
    sources.major_hazards_late,
    sources.recurrences,
    sources.inspections_missed,
    sources.annual_report_missing,
    sources.incidents_with_responsibility,
    sources.duty_targets_missed,
]
ANSWERING_ROLES = ("main_leader", "safety_deputy")


def ensure_may_see_signals(user: CurrentUser) -> None:
    if user.role not in BUREAU_ROLES:
        raise Forbidden("Accountability signals are confidential to the bureaus above a unit.", code="forbidden")


async def signals(session: AsyncSession, user: CurrentUser, org_unit_id: uuid.UUID | None, year: int,
                  on: date | None = None) -> SignalsOut:
    ensure_may_see_signals(user)
    root = await unit_in_scope(session, user.org_path, org_unit_id or user.org_unit_id)
    on = on or today()
    findings = [finding for source in SOURCES for finding in await source(session, root, year, on)
                if finding.unit_id != user.org_unit_id]  # a unit is not judged by itself (第二十四条)
    unit_ids = {finding.unit_id for finding in findings}
    units = {unit.id: unit for unit in (await session.execute(
        select(OrgUnit).where(OrgUnit.id.in_(unit_ids)))).scalars()} if unit_ids else {}
    leaders = await _leaders(session, unit_ids, findings)
    findings.sort(key=lambda f: (units[f.unit_id].path, f.trigger))
    return SignalsOut(org_unit_id=root.id, year=year, signals=[Signal(
        trigger=f.trigger, org_unit_id=f.unit_id, org_unit_name=units[f.unit_id].name, summary=f.summary,
        evidence=f.evidence, leaders=[_ref(leader) for leader in leaders if _answers(leader, f)]) for f in findings])


def _answers(leader: Leader, finding: Finding) -> bool:
    if finding.leader_ids is not None:
        return leader.id in finding.leader_ids
    return leader.org_unit_id == finding.unit_id and leader.active and leader.duty_role in ANSWERING_ROLES


async def _leaders(session: AsyncSession, unit_ids: set[uuid.UUID], findings: list[Finding]) -> list[Leader]:
    named = {leader_id for f in findings for leader_id in f.leader_ids or ()}
    if not unit_ids and not named:
        return []
    stmt = select(Leader).where(Leader.org_unit_id.in_(unit_ids) | Leader.id.in_(named))
    return list((await session.execute(stmt.order_by(Leader.duty_role, Leader.name))).scalars())


def _ref(leader: Leader) -> LeaderRef:
    return LeaderRef(id=leader.id, name=leader.name, position=leader.position, duty_role=leader.duty_role)
