"""The year-end duty report of a leader (述职, 第十三条), and the targets missed across a
subtree, which accountability (第十九条) reads as a signal."""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import CurrentUser
from safecampus.db import DutyEvidence, DutyItem, DutyList, Leader, OrgUnit
from safecampus.duty import views
from safecampus.duty.schemas import DutyReport, MissedItem
from safecampus.orgs.scope import within


async def duty_report(session: AsyncSession, user: CurrentUser, list_id: uuid.UUID) -> DutyReport:
    duty_list = await views.read(session, user, list_id)
    scores = [s.score for item in duty_list.items for s in item.scores]
    return DutyReport(
        duty_list=duty_list,
        counts=dict(Counter(item.status for item in duty_list.items)),
        evidence_count=sum(len(item.evidence) for item in duty_list.items),
        average_score=round(sum(scores) / len(scores), 1) if scores else None,
        missed=[MissedItem(position=i.position, article=i.article, text=i.text, target=i.target, due_on=i.due_on,
                           status=i.status)
                for i in duty_list.items if i.status == "missed" or i.overdue])


@dataclass(frozen=True, slots=True)
class MissedTarget:
    """An item of a leader's list that was not done by its deadline."""

    org_unit_id: uuid.UUID
    org_unit_name: str
    leader_id: uuid.UUID
    leader_name: str
    duty_role: str
    list_id: uuid.UUID
    item_id: uuid.UUID
    article: str | None
    text: str
    target: str
    due_on: date
    status: str  # pending, in_progress or missed
    evidence_ids: tuple[uuid.UUID, ...]  # what the unit attached even so


async def missed_targets(session: AsyncSession, root_unit: OrgUnit, year: int, on: date) -> list[MissedTarget]:
    """Items of the year's lists in ``root_unit``'s subtree whose ``due_on`` lies before ``on``
    and that are not done, by unit, leader and position. No scope check: callers pass a unit
    the user may see (orgs.scope.unit_in_scope)."""
    rows = (await session.execute(
        select(DutyItem, DutyList, Leader, OrgUnit)
        .join(DutyList, DutyList.id == DutyItem.list_id)
        .join(Leader, Leader.id == DutyList.leader_id)
        .join(OrgUnit, OrgUnit.id == DutyList.org_unit_id)
        .where(within(root_unit.path), DutyList.year == year, DutyItem.due_on < on, DutyItem.status != "done")
        .order_by(OrgUnit.path, Leader.name, DutyItem.position))).all()
    evidence: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    if rows:
        for evidence_id, item_id in await session.execute(
                select(DutyEvidence.id, DutyEvidence.item_id)
                .where(DutyEvidence.item_id.in_([item.id for item, *_ in rows])).order_by(DutyEvidence.added_at)):
            evidence[item_id].append(evidence_id)
    return [MissedTarget(org_unit_id=unit.id, org_unit_name=unit.name, leader_id=leader.id, leader_name=leader.name,
                         duty_role=leader.duty_role, list_id=duty_list.id, item_id=item.id, article=item.article,
                         text=item.text, target=item.target, due_on=item.due_on, status=item.status,
                         evidence_ids=tuple(evidence[item.id]))
            for item, duty_list, leader, unit in rows]
