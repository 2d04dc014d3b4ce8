"""Making, changing and calling off supervision plans, and reading them with progress."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.audit import services as audit
from safecampus.auth.identity import CurrentUser
from safecampus.db import OrgUnit, SupervisionInspector, SupervisionPlan, SupervisionTarget
from safecampus.errors import Conflict, NotFound, check_version
from safecampus.idempotency import create_once
from safecampus.orgs.scope import unit_in_scope, within
from safecampus.supervision import rules
from safecampus.supervision.schemas import Cancellation, PlanChange, PlanIn


async def create(session: AsyncSession, user: CurrentUser, plan_id: uuid.UUID, data: PlanIn, digest: str) -> bool:
    async def visible(existing: SupervisionPlan) -> None:
        await plan_for(session, user, existing.id)

    async def make() -> SupervisionPlan:
        planning = await unit_in_scope(session, user.org_path, user.org_unit_id)
        rules.ensure_planner(user, planning)
        rules.check_window(data.starts_on, data.ends_on)
        targets = await rules.check_targets(session, planning, data.targets)
        await rules.check_inspectors(session, planning, data.inspectors, targets)
        plan = SupervisionPlan(id=plan_id, org_unit_id=planning.id, kind=data.kind, title=data.title,
                               topic=data.topic, checklist_code=data.checklist_code, starts_on=data.starts_on,
                               ends_on=data.ends_on, created_by=user.id, version=1, content_hash=digest)
        session.add(plan)
        await session.flush()
        _assign(session, plan.id, data.targets, data.inspectors)
        await audit.record(session, user.actor, "supervision.plan", "supervision_plan", plan_id,
                           {"org_unit": planning.code, "kind": data.kind, "title": data.title,
                            "window": [data.starts_on.isoformat(), data.ends_on.isoformat()],
                            "targets": len(data.targets), "inspectors": len(data.inspectors)})
        return plan

    _, created = await create_once(session, SupervisionPlan, plan_id, digest, "supervision plan", visible, make)
    return created


def _assign(session: AsyncSession, plan_id: uuid.UUID, targets: list[uuid.UUID] | None,
            inspectors: list[uuid.UUID] | None) -> None:
    session.add_all([SupervisionTarget(plan_id=plan_id, school_id=s) for s in targets or []])
    session.add_all([SupervisionInspector(plan_id=plan_id, user_id=u) for u in inspectors or []])


async def plan_for(session: AsyncSession, user: CurrentUser, plan_id: uuid.UUID,
                   *, for_update: bool = False) -> tuple[SupervisionPlan, OrgUnit]:
    """A plan of a unit in the caller's scope, or one the caller is assigned to inspect."""
    assigned = select(SupervisionInspector.plan_id).where(SupervisionInspector.user_id == user.id)
    stmt = (select(SupervisionPlan, OrgUnit).join(OrgUnit, OrgUnit.id == SupervisionPlan.org_unit_id)
            .where(SupervisionPlan.id == plan_id, or_(within(user.org_path), SupervisionPlan.id.in_(assigned))))
    row = (await session.execute(stmt.with_for_update(of=SupervisionPlan) if for_update else stmt)).one_or_none()
    if row is None:
        raise NotFound("No such supervision plan in your scope.", code="supervision_plan_not_found")
    return row[0], row[1]


async def _editable(session: AsyncSession, user: CurrentUser, plan_id: uuid.UUID,
                    base_version: int) -> tuple[SupervisionPlan, OrgUnit]:
    plan, planning = await plan_for(session, user, plan_id, for_update=True)
    rules.ensure_planner(user, planning)
    check_version("plan", plan.version, base_version)
    if plan.cancelled_reason is not None:
        raise Conflict("This plan was called off; make a new one.", code="plan_cancelled")
    return plan, planning


async def change(session: AsyncSession, user: CurrentUser, plan_id: uuid.UUID, data: PlanChange) -> None:
    plan, planning = await _editable(session, user, plan_id, data.base_version)
    starts_on, ends_on = data.starts_on or plan.starts_on, data.ends_on or plan.ends_on
    rules.check_window(starts_on, ends_on)
    target_ids = data.targets if data.targets is not None else list((await session.execute(
        select(SupervisionTarget.school_id).where(SupervisionTarget.plan_id == plan.id))).scalars())
    inspector_ids = data.inspectors if data.inspectors is not None else list((await session.execute(
        select(SupervisionInspector.user_id).where(SupervisionInspector.plan_id == plan.id))).scalars())
    targets = await rules.check_targets(session, planning, target_ids, chosen=data.targets is not None)
    await rules.check_inspectors(session, planning, inspector_ids, targets)
    fields = {"title": data.title, "topic": data.topic, "starts_on": data.starts_on, "ends_on": data.ends_on}
    changed = {k: v for k, v in fields.items() if v is not None and v != getattr(plan, k)}
    if data.targets is not None:
        await session.execute(delete(SupervisionTarget).where(SupervisionTarget.plan_id == plan.id))
    if data.inspectors is not None:
        await session.execute(delete(SupervisionInspector).where(SupervisionInspector.plan_id == plan.id))
    _assign(session, plan.id, data.targets, data.inspectors)
    for key, value in changed.items():
        setattr(plan, key, value)
    plan.version += 1
    await audit.record(session, user.actor, "supervision.change", "supervision_plan", plan.id,
                       {k: str(v) for k, v in changed.items()} | {
                           "targets": len(target_ids), "inspectors": len(inspector_ids)})
    await session.commit()


async def cancel(session: AsyncSession, user: CurrentUser, plan_id: uuid.UUID, data: Cancellation) -> None:
    plan, _ = await _editable(session, user, plan_id, data.base_version)
    plan.cancelled_reason = data.reason
    plan.version += 1
    await audit.record(session, user.actor, "supervision.cancel", "supervision_plan", plan.id,
                       {"reason": data.reason})
    await session.commit()
