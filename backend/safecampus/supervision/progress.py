"""Plans with their progress: a target school is done when a supervision inspection of the
plan's kind was finished there inside the window (Shanghai days), by anyone allowed to."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus import sheets
from safecampus.accounts.services import display_names
from safecampus.auth.identity import CurrentUser
from safecampus.dashboard.services import Period
from safecampus.db import Inspection, OrgUnit, SupervisionInspector, SupervisionPlan, SupervisionTarget, User
from safecampus.errors import Forbidden
from safecampus.hazards.rules import shanghai_date, today
from safecampus.orgs.scope import unit_in_scope, within
from safecampus.supervision.schemas import AssignableInspector, InspectorOut, PlanOut, TargetProgress
from safecampus.supervision.services import plan_for


async def views(session: AsyncSession, rows: list[tuple[SupervisionPlan, OrgUnit]]) -> list[PlanOut]:
    plan_ids = [plan.id for plan, _ in rows]
    targets: dict[uuid.UUID, list[tuple[uuid.UUID, str]]] = {pid: [] for pid in plan_ids}
    for plan_id, school_id, name in await session.execute(
            select(SupervisionTarget.plan_id, OrgUnit.id, OrgUnit.name).join(OrgUnit, OrgUnit.id == SupervisionTarget.school_id)
            .where(SupervisionTarget.plan_id.in_(plan_ids)).order_by(OrgUnit.path)):
        targets[plan_id].append((school_id, name))
    assigned: dict[uuid.UUID, list[uuid.UUID]] = {pid: [] for pid in plan_ids}
    for plan_id, user_id in await session.execute(select(SupervisionInspector.plan_id, SupervisionInspector.user_id)
                                                  .where(SupervisionInspector.plan_id.in_(plan_ids))):
        assigned[plan_id].append(user_id)
    visits = await _visits(session, [plan for plan, _ in rows])
    names = await display_names(session, [u for users in assigned.values() for u in users]
                                + [v[2] for v in visits.values()])
    on = today()
    out = []
    for plan, unit in rows:
        progress = [_progress(plan, school_id, name, visits.get((plan.id, school_id)), names, on)
                    for school_id, name in targets[plan.id]]
        out.append(PlanOut(
            id=plan.id, org_unit_id=unit.id, org_unit_name=unit.name, kind=plan.kind, title=plan.title,
            topic=plan.topic, checklist_code=plan.checklist_code, starts_on=plan.starts_on, ends_on=plan.ends_on,
            cancelled_reason=plan.cancelled_reason, version=plan.version,
            inspectors=[InspectorOut(user_id=u, name=names.get(u, "")) for u in assigned[plan.id]],
            done=sum(p.status == "done" for p in progress), total=len(progress), targets=progress))
    return out


def _progress(plan: SupervisionPlan, school_id: uuid.UUID, name: str, visit: tuple | None,
              names: dict[uuid.UUID, str], on: date) -> TargetProgress:
    if visit:
        inspection_id, finished_at, inspector_id = visit
        return TargetProgress(school_id=school_id, school_name=name, status="done", inspection_id=inspection_id,
                              done_on=shanghai_date(finished_at), inspector_name=names.get(inspector_id))
    status = "missed" if on > plan.ends_on or plan.cancelled_reason else "pending"
    return TargetProgress(school_id=school_id, school_name=name, status=status, inspection_id=None, done_on=None,
                          inspector_name=None)


async def _visits(session: AsyncSession, plans: list[SupervisionPlan]) -> dict[tuple[uuid.UUID, uuid.UUID], tuple]:
    """(plan, school) → the first matching inspection (id, finished_at, inspector)."""
    if not plans:
        return {}
    in_window = or_(*(and_(SupervisionTarget.plan_id == p.id, Inspection.kind == p.kind,
                           Inspection.finished_at >= Period(p.starts_on, p.ends_on).bounds[0],
                           Inspection.finished_at < Period(p.starts_on, p.ends_on).bounds[1]) for p in plans))
    rows = await session.execute(
        select(SupervisionTarget.plan_id, SupervisionTarget.school_id, Inspection.id, Inspection.finished_at,
               Inspection.inspector_id)
        .join(Inspection, Inspection.school_id == SupervisionTarget.school_id).where(in_window)
        .order_by(Inspection.finished_at))
    visits: dict[tuple[uuid.UUID, uuid.UUID], tuple] = {}
    for plan_id, school_id, inspection_id, finished_at, inspector_id in rows:
        visits.setdefault((plan_id, school_id), (inspection_id, finished_at, inspector_id))
    return visits


async def listing(session: AsyncSession, user: CurrentUser, org_unit_id: uuid.UUID | None, year: int | None,
                  assigned_to_me: bool) -> list[PlanOut]:
    """Plans of units in the subtree (default: the caller's), or only those the caller is
    assigned to (which may come from a unit above the caller: the city assigns county staff)."""
    stmt = select(SupervisionPlan, OrgUnit).join(OrgUnit, OrgUnit.id == SupervisionPlan.org_unit_id)
    if assigned_to_me:
        stmt = stmt.where(SupervisionPlan.id.in_(select(SupervisionInspector.plan_id)
                                                 .where(SupervisionInspector.user_id == user.id)))
    else:
        root = await unit_in_scope(session, user.org_path, org_unit_id or user.org_unit_id)
        stmt = stmt.where(within(root.path))
    if year:
        stmt = stmt.where(SupervisionPlan.starts_on <= date(year, 12, 31), SupervisionPlan.ends_on >= date(year, 1, 1))
    rows = [(plan, unit) for plan, unit in await session.execute(
        stmt.order_by(SupervisionPlan.starts_on.desc(), SupervisionPlan.id).limit(500))]
    return await views(session, rows)


async def read(session: AsyncSession, user: CurrentUser, plan_id: uuid.UUID) -> PlanOut:
    [view] = await views(session, [await plan_for(session, user, plan_id)])
    return view


async def assignable(session: AsyncSession, user: CurrentUser) -> list[AssignableInspector]:
    """Whom a plan of the caller's unit may assign: the active inspectors of its subtree.
    Only planners ask; a school has no business listing the bureau's staff."""
    if user.role not in ("admin", "inspector"):
        raise Forbidden("Only a bureau's admins and inspectors plan supervision.", code="forbidden")
    rows = await session.execute(
        select(User.id, User.name, OrgUnit.name).join(OrgUnit, OrgUnit.id == User.org_unit_id)
        .where(User.role == "inspector", User.active.is_(True), within(user.org_path)).order_by(OrgUnit.path, User.name))
    return [AssignableInspector(user_id=uid, name=name, org_unit_name=unit) for uid, name, unit in rows]


EXPORT_HEADERS = ("计划单位", "计划名称", "督查类型", "督查重点", "开始日期", "结束日期", "督查人员", "督查学校", "状态",
                  "督查日期", "督查人", "计划状态")
STATUS_NAMES = {"done": "已督查", "pending": "待督查", "missed": "未督查"}
KIND_NAMES = {"supervision_general": "综合督查", "supervision_special": "专项督查"}


async def export_table(session: AsyncSession, user: CurrentUser, org_unit_id: uuid.UUID | None,
                       year: int | None) -> sheets.Table:
    """One row per target school of each plan, so a missed school is a row a person can filter."""
    plans = await listing(session, user, org_unit_id, year, assigned_to_me=False)
    return sheets.Table("督查计划", EXPORT_HEADERS, [
        (p.org_unit_name, p.title, KIND_NAMES[p.kind], p.topic or "", p.starts_on.isoformat(), p.ends_on.isoformat(),
         "、".join(i.name for i in p.inspectors), t.school_name, STATUS_NAMES[t.status],
         t.done_on.isoformat() if t.done_on else "", t.inspector_name or "",
         f"已取消：{p.cancelled_reason}" if p.cancelled_reason else "有效")
        for p in plans for t in p.targets], (20, 24, 10, 30, 11, 11, 20, 22, 8, 11, 14, 16))
