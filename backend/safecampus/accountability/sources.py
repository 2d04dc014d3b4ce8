"""Where signals come from: one small function per 第十九条 trigger, each reading the data
of a subtree for a year as seen on a day, and saying which unit it concerns and why, with
the records that show it. ``signals.SOURCES`` lists them."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.accountability.evidence import (
    duty_target_label,
    report_label,
    report_state,
    short,
    supervision_label,
    window_label,
)
from safecampus.accountability.schemas import EvidenceRef
from safecampus.coverage.calendar import half_year_of, windows
from safecampus.coverage.tally import schools_under, supervisions, term_cells, term_windows_closing_in
from safecampus.db import AnnualReport, Hazard, Incident, OrgUnit
from safecampus.duty.report import MissedTarget, missed_targets
from safecampus.hazards.rules import SHANGHAI, shanghai_date
from safecampus.orgs.scope import within

SEVERITY_NAMES = {"general": "一般", "larger": "较大", "major": "重大", "especially_major": "特别重大"}


@dataclass(slots=True)
class Finding:
    """What a source reports about one unit. Without ``leader_ids`` the unit's main leaders
    and safety deputy answer for it (第七条, 第八条); a source that knows better names them."""

    trigger: str
    unit_id: uuid.UUID
    summary: str
    evidence: list[EvidenceRef] = field(default_factory=list)
    leader_ids: tuple[uuid.UUID, ...] | None = None


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1, tzinfo=SHANGHAI), datetime(year + 1, 1, 1, tzinfo=SHANGHAI)


async def major_hazards_late(session: AsyncSession, root: OrgUnit, year: int, on: date) -> list[Finding]:
    """第十九条(三): major hazards due in the year that were not closed by their deadline."""
    rows = await session.execute(
        select(Hazard).join(OrgUnit, OrgUnit.id == Hazard.school_id)
        .where(within(root.path), Hazard.grade == "major", Hazard.due_on.between(date(year, 1, 1), date(year, 12, 31)),
               Hazard.due_on < on).order_by(Hazard.due_on, Hazard.id))
    by_school: dict[uuid.UUID, list[EvidenceRef]] = defaultdict(list)
    for hazard in rows.scalars():
        closed_on = shanghai_date(hazard.closed_at) if hazard.closed_at else None
        if closed_on is not None and closed_on <= hazard.due_on:
            continue
        state = f"{closed_on} 才销号" if closed_on else "至今未销号"
        by_school[hazard.school_id].append(EvidenceRef(
            kind="hazard", id=str(hazard.id), label=f"{short(hazard.description)}（期限 {hazard.due_on}，{state}）"))
    return [Finding("art19_3", school_id, f"{len(refs)} 项重大隐患未按期整改", refs)
            for school_id, refs in by_school.items()]


async def recurrences(session: AsyncSession, root: OrgUnit, year: int, on: date) -> list[Finding]:
    """第十九条(四): hazards found again on the same item after a close-out (整治后出现反弹)."""
    begin, end = _year_bounds(year)
    rows = await session.execute(
        select(Hazard).join(OrgUnit, OrgUnit.id == Hazard.school_id)
        .where(within(root.path), Hazard.recurrence_of.is_not(None), Hazard.found_at >= begin, Hazard.found_at < end)
        .order_by(Hazard.found_at, Hazard.id))
    by_school: dict[uuid.UUID, list[EvidenceRef]] = defaultdict(list)
    count: dict[uuid.UUID, int] = defaultdict(int)
    for hazard in rows.scalars():
        count[hazard.school_id] += 1
        by_school[hazard.school_id] += [
            EvidenceRef(kind="hazard", id=str(hazard.id),
                        label=f"{short(hazard.description)}（{shanghai_date(hazard.found_at)} 再次发现）"),
            EvidenceRef(kind="hazard", id=str(hazard.recurrence_of), label="整改销号的原隐患")]
    return [Finding("art19_4", school_id, f"{count[school_id]} 项隐患整治后反弹", refs)
            for school_id, refs in by_school.items()]


async def inspections_missed(session: AsyncSession, root: OrgUnit, year: int, on: date) -> list[Finding]:
    """第十九条(一) by 第十五条, 第十六条: term inspection windows that closed without one, and
    half-years that ended without a supervision."""
    school_ids = [school.id for school in await schools_under(session, root)]
    missed: dict[uuid.UUID, list[EvidenceRef]] = defaultdict(list)
    for term, kinds in await term_windows_closing_in(session, year):
        cells = await term_cells(session, root, term, school_ids, on)
        spans = {w.kind: w for w in windows(term)}
        for school_id, by_kind in cells.items():
            missed[school_id] += [EvidenceRef(
                kind="inspection_window", id=f"{term.code}/{kind}",
                label=window_label(term.name, kind, spans[kind].opens_on, spans[kind].closes_on))
                for kind in kinds if by_kind[kind].status == "missing"]
    for half in (half_year_of(date(year, 1, 1)), half_year_of(date(year, 7, 1))):
        if half.ends_on >= on:
            continue
        supervised = await supervisions(session, root, half)
        for school_id in school_ids:
            if school_id not in supervised:
                missed[school_id].append(EvidenceRef(kind="supervision", id=f"{year}-{half.starts_on:%m}",
                                                     label=supervision_label(year, half.starts_on.month)))
    return [Finding("art19_1", school_id, f"缺少 {len(refs)} 次规定的集中排查或督查", refs)
            for school_id, refs in missed.items() if refs]


async def annual_report_missing(session: AsyncSession, root: OrgUnit, year: int, on: date) -> list[Finding]:
    """第十九条(一) by 第十四条: units whose annual report was not submitted by the end of the year."""
    if on <= date(year, 12, 31):
        return []
    rows = await session.execute(
        select(OrgUnit.id, AnnualReport.submitted_at).outerjoin(
            AnnualReport, and_(AnnualReport.org_unit_id == OrgUnit.id, AnnualReport.year == year))
        .where(within(root.path), OrgUnit.parent_id.is_not(None), OrgUnit.active.is_(True)).order_by(OrgUnit.path))
    findings = []
    for unit_id, submitted_at in rows:
        if submitted_at is not None and shanghai_date(submitted_at) <= date(year, 12, 31):
            continue
        findings.append(Finding("art19_1", unit_id, f"{year}年度安全工作报告{report_state(year, submitted_at)}", [
            EvidenceRef(kind="annual_report", id=f"{unit_id}/{year}", label=report_label(year, submitted_at))]))
    return findings


async def incidents_with_responsibility(session: AsyncSession, root: OrgUnit, year: int, on: date) -> list[Finding]:
    """第十九条(二) for incidents of 较大 severity or worse judged to carry management
    responsibility; (五) for lesser ones, where what is held against the unit is the handling."""
    begin, end = _year_bounds(year)
    rows = await session.execute(
        select(Incident).join(OrgUnit, OrgUnit.id == Incident.org_unit_id)
        .where(within(root.path), Incident.management_responsibility.is_(True), Incident.occurred_at >= begin,
               Incident.occurred_at < end).order_by(Incident.occurred_at, Incident.id))
    grouped: dict[tuple[uuid.UUID, str], list[EvidenceRef]] = defaultdict(list)
    for incident in rows.scalars():
        trigger = "art19_5" if incident.severity == "general" else "art19_2"
        grouped[(incident.org_unit_id, trigger)].append(EvidenceRef(
            kind="incident", id=str(incident.id), label=f"{shanghai_date(incident.occurred_at)} "
            f"{SEVERITY_NAMES.get(incident.severity, incident.severity)}：{short(incident.description)}"))
    return [Finding(trigger, unit_id, f"{len(refs)} 起负有管理责任的事故（案件、事件）", refs)
            for (unit_id, trigger), refs in grouped.items()]



async def duty_targets_missed(session: AsyncSession, root: OrgUnit, year: int, on: date) -> list[Finding]:
    """第十九条(六): a leader's responsibility-list items not done by their deadline; the holder
    of the list answers for them, one finding per unit and leader."""
    by_holder: dict[tuple[uuid.UUID, uuid.UUID], list[MissedTarget]] = defaultdict(list)
    for item in await missed_targets(session, root, year, on):
        by_holder[(item.org_unit_id, item.leader_id)].append(item)
    return [Finding("art19_6", unit_id, f"{items[0].leader_name}的安全管理责任清单有 {len(items)} 项目标逾期未完成",
                    [EvidenceRef(kind="duty_target", id=str(i.item_id), label=duty_target_label(i.text, i.due_on))
                     for i in items], leader_ids=(leader_id,))
            for (unit_id, leader_id), items in by_holder.items()]
