"""Reporting incidents under the client's id, completing them as handling goes on, and the
judgement from above on whether management was responsible."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from safecampus import sheets
from safecampus.accounts.services import display_names
from safecampus.audit import services as audit
from safecampus.auth.identity import CurrentUser
from safecampus.clock import check_client_time
from safecampus.db import Incident, OrgUnit
from safecampus.errors import check_version
from safecampus.hazards.rules import SHANGHAI
from safecampus.idempotency import create_once
from safecampus.incidents.schemas import IncidentIn, IncidentOut, IncidentUpdate, ResponsibilityIn
from safecampus.orgs.records import one_of, page_of
from safecampus.orgs.scope import ensure_active, ensure_authority_over, ensure_unit_staff, unit_in_scope
from safecampus.schemas import check_yuan
from safecampus.wording import INCIDENT_CATEGORIES, INCIDENT_TYPES, RESPONSIBILITY, SEVERITY_NAMES

UPDATABLE = ("handling", "follow_up", "deaths", "injuries", "losses_yuan")


async def report(session: AsyncSession, user: CurrentUser, incident_id: uuid.UUID, data: IncidentIn,
                 digest: str) -> bool:
    async def visible(existing: Incident) -> None:
        await one_of(session, user, Incident, existing.id, "incident")

    async def create() -> Incident:
        unit = await unit_in_scope(session, user.org_path, data.org_unit_id)
        ensure_unit_staff(user, unit)
        ensure_active(unit)
        check_client_time(data.occurred_at, "occurred_at")
        check_yuan(data.losses_yuan, "losses_yuan")
        incident = Incident(id=incident_id, org_unit_id=unit.id, reported_by=user.id, content_hash=digest, version=1,
                            **{f: getattr(data, f) for f in data.__struct_fields__ if f != "org_unit_id"})
        session.add(incident)
        await audit.record(session, user.actor, "incident.report", "incident", incident_id,
                           {"org_unit": unit.code, "category": data.category, "severity": data.severity})
        return incident

    _, created = await create_once(session, Incident, incident_id, digest, "incident", visible, create)
    return created


async def update(session: AsyncSession, user: CurrentUser, incident_id: uuid.UUID, data: IncidentUpdate) -> None:
    incident, unit = await one_of(session, user, Incident, incident_id, "incident", for_update=True)
    ensure_unit_staff(user, unit)
    check_version("incident", incident.version, data.base_version)
    check_yuan(data.losses_yuan, "losses_yuan")
    changes = {f: getattr(data, f) for f in UPDATABLE if getattr(data, f) is not None
               and getattr(data, f) != getattr(incident, f)}
    if not changes:
        return
    for field, value in changes.items():
        setattr(incident, field, value)
    incident.version += 1
    await audit.record(session, user.actor, "incident.update", "incident", incident.id,
                       {f: str(v) for f, v in changes.items()})
    await session.commit()


async def judge(session: AsyncSession, user: CurrentUser, incident_id: uuid.UUID, data: ResponsibilityIn) -> None:
    incident, unit = await one_of(session, user, Incident, incident_id, "incident", for_update=True)
    ensure_authority_over(user, unit)
    check_version("incident", incident.version, data.base_version)
    incident.management_responsibility, incident.responsibility_note = data.management_responsibility, data.note
    incident.judged_by = user.id
    incident.version += 1
    await audit.record(session, user.actor, "incident.judge", "incident", incident.id,
                       {"management_responsibility": data.management_responsibility, "note": data.note})
    await session.commit()


async def views(session: AsyncSession, rows: list[tuple[Incident, OrgUnit]]) -> list[IncidentOut]:
    names = await display_names(session, [uid for i, _ in rows for uid in (i.reported_by, i.judged_by)])
    return [IncidentOut(
        id=i.id, org_unit_id=unit.id, org_unit_name=unit.name, category=i.category, incident_type=i.incident_type,
        severity=i.severity, occurred_at=i.occurred_at, place=i.place, description=i.description,
        handling=i.handling, deaths=i.deaths, injuries=i.injuries, losses_yuan=i.losses_yuan,
        follow_up=i.follow_up, management_responsibility=i.management_responsibility,
        responsibility_note=i.responsibility_note, judged_by_name=names.get(i.judged_by) if i.judged_by else None,
        reported_by_name=names.get(i.reported_by, ""), reported_at=i.reported_at, version=i.version)
        for i, unit in rows]


async def read(session: AsyncSession, user: CurrentUser, incident_id: uuid.UUID) -> IncidentOut:
    [view] = await views(session, [await one_of(session, user, Incident, incident_id, "incident")])
    return view


async def search(session: AsyncSession, user: CurrentUser, org_unit_id: uuid.UUID | None, year: int | None,
                 page: int, page_size: int) -> tuple[list[IncidentOut], int]:
    conditions = []
    if year:
        conditions += [Incident.occurred_at >= datetime(year, 1, 1, tzinfo=SHANGHAI),
                       Incident.occurred_at < datetime(year + 1, 1, 1, tzinfo=SHANGHAI)]
    rows, total = await page_of(session, user, Incident, Incident.occurred_at, org_unit_id, conditions, page,
                                page_size)
    return await views(session, rows), total


EXPORT_HEADERS = ("单位", "发生时间", "类别", "类型", "等级", "地点", "经过", "处置情况", "死亡", "受伤", "直接经济损失（元）",
                  "后续整改措施", "管理责任认定", "认定意见", "报告人")
EXPORT_LIMIT = 10_000


async def export_table(session: AsyncSession, user: CurrentUser, org_unit_id: uuid.UUID | None,
                       year: int | None) -> sheets.Table:
    incidents, _ = await search(session, user, org_unit_id, year, 1, EXPORT_LIMIT)
    return sheets.Table("事故案件事件", EXPORT_HEADERS, [
        (i.org_unit_name, f"{i.occurred_at.astimezone(SHANGHAI):%Y-%m-%d %H:%M}", INCIDENT_CATEGORIES[i.category],
         INCIDENT_TYPES[i.incident_type], SEVERITY_NAMES[i.severity], i.place or "", i.description, i.handling, i.deaths, i.injuries,
         str(i.losses_yuan) if i.losses_yuan is not None else "", i.follow_up or "",
         RESPONSIBILITY[i.management_responsibility], i.responsibility_note or "", i.reported_by_name)
        for i in incidents], (22, 16, 6, 10, 8, 16, 40, 40, 6, 6, 12, 30, 12, 30, 14))
