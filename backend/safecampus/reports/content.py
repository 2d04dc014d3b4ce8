"""The figures of a unit's annual report, generated from the ledger and the inspections.
The totals are the dashboard's for the calendar year, so the two never disagree."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from safecampus.auth.identity import CurrentUser
from safecampus.coverage.tally import required_vs_done
from safecampus.dashboard.services import Period, dashboard
from safecampus.db import (
    AnnualReport,
    Drill,
    Hazard,
    HazardPhoto,
    Incident,
    Inspection,
    OrgUnit,
    Rectification,
    SupervisionOrder,
)
from safecampus.db.base import utcnow
from safecampus.hazards.rules import shanghai_date
from safecampus.orgs.scope import within
from safecampus.photos.holding import held_links
from safecampus.reports.schemas import (
    DrillCount,
    Evidence,
    IncidentLine,
    InspectionCount,
    MajorCase,
    OrderLine,
    RecurrenceCase,
    ReportContent,
    Requirement,
    UnitReportStatus,
)

# A city-wide report can name thousands of hazards; the lists stop here (the totals do not).
MAX_CASES = 200
MAX_EVIDENCE = 60


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


async def generate(session: AsyncSession, user: CurrentUser, unit: OrgUnit, year: int) -> ReportContent:
    span = year_period(year)
    figures = await dashboard(session, user, unit.id, span)
    begin, finish = span.bounds
    in_year = and_(within(unit.path), Hazard.found_at >= begin, Hazard.found_at < finish)
    by_grade = dict((await session.execute(
        select(Hazard.grade, func.count()).join(OrgUnit, OrgUnit.id == Hazard.school_id).where(in_year)
        .group_by(Hazard.grade))).all())
    required = await required_vs_done(session, unit, year)
    majors = await _major_cases(session, in_year)
    recurrences = await _recurrences(session, in_year)
    return ReportContent(
        org_unit_id=unit.id, org_unit_name=unit.name, year=year, generated_at=utcnow(),
        inspections=await _inspections(session, unit, span),
        term_inspections=Requirement(**asdict(required.term_inspections)),
        supervisions=Requirement(**asdict(required.supervisions)), found_general=by_grade.get("general", 0),
        found_major=by_grade.get("major", 0), totals=figures.totals, by_unit=figures.by_unit,
        by_category=figures.by_category, by_section=figures.by_section, major_hazards=majors,
        recurrences=recurrences,
        evidence=await _evidence(session, [m.hazard_id for m in majors] + [r.hazard_id for r in recurrences]),
        drills=await _drills(session, unit, year), incidents=await _incidents(session, unit, span),
        units_reporting=await units_reporting(session, unit, year),
        supervision_orders=await _orders(session, unit, span))


async def _inspections(session: AsyncSession, unit: OrgUnit, span: Period) -> list[InspectionCount]:
    begin, finish = span.bounds
    rows = await session.execute(
        select(Inspection.kind, func.count()).join(OrgUnit, OrgUnit.id == Inspection.school_id)
        .where(within(unit.path), Inspection.finished_at >= begin, Inspection.finished_at < finish)
        .group_by(Inspection.kind).order_by(Inspection.kind))
    return [InspectionCount(kind=kind, done=count) for kind, count in rows]


async def _major_cases(session: AsyncSession, in_year) -> list[MajorCase]:
    accepted = and_(Rectification.hazard_id == Hazard.id, Rectification.decision == "accepted")
    rows = await session.execute(
        select(Hazard, OrgUnit.name, Rectification.measures).join(OrgUnit, OrgUnit.id == Hazard.school_id)
        .outerjoin(Rectification, accepted).where(in_year, Hazard.grade == "major")
        .order_by(Hazard.found_at, Hazard.id).limit(MAX_CASES))
    return [MajorCase(hazard_id=h.id, school_name=name, description=h.description,
                      found_on=shanghai_date(h.found_at), due_on=h.due_on, status=h.status,
                      closed_on=shanghai_date(h.closed_at) if h.closed_at else None,
                      closed_on_time=shanghai_date(h.closed_at) <= h.due_on if h.closed_at else None,
                      interim_controls=h.interim_controls, measures=measures)
            for h, name, measures in rows]


async def _recurrences(session: AsyncSession, in_year) -> list[RecurrenceCase]:
    rows = await session.execute(
        select(Hazard, OrgUnit.name).join(OrgUnit, OrgUnit.id == Hazard.school_id)
        .where(in_year, Hazard.recurrence_of.is_not(None)).order_by(Hazard.found_at, Hazard.id).limit(MAX_CASES))
    return [RecurrenceCase(hazard_id=h.id, recurrence_of=h.recurrence_of, school_name=name,
                           description=h.description, found_on=shanghai_date(h.found_at)) for h, name in rows]


async def _evidence(session: AsyncSession, hazard_ids: list) -> list[Evidence]:
    """Only photos whose link author sent the bytes (as everywhere a record shows photos)."""
    if not hazard_ids:
        return []
    rows = await session.execute(
        held_links().add_columns(HazardPhoto.role).where(HazardPhoto.hazard_id.in_(hazard_ids))
        .order_by(HazardPhoto.hazard_id, HazardPhoto.role, HazardPhoto.position).limit(MAX_EVIDENCE))
    return [Evidence(hazard_id=hazard_id, role=role, sha256=sha) for hazard_id, sha, role in rows]


async def _drills(session: AsyncSession, unit: OrgUnit, year: int) -> list[DrillCount]:
    rows = await session.execute(
        select(Drill.kind, func.count(), func.sum(Drill.participants)).join(OrgUnit, OrgUnit.id == Drill.org_unit_id)
        .where(within(unit.path), Drill.held_on.between(date(year, 1, 1), date(year, 12, 31)))
        .group_by(Drill.kind).order_by(Drill.kind))
    return [DrillCount(kind=kind, drills=count, participants=people or 0) for kind, count, people in rows]


async def _incidents(session: AsyncSession, unit: OrgUnit, span: Period) -> list[IncidentLine]:
    begin, finish = span.bounds
    rows = await session.execute(
        select(Incident, OrgUnit.name).join(OrgUnit, OrgUnit.id == Incident.org_unit_id)
        .where(within(unit.path), Incident.occurred_at >= begin, Incident.occurred_at < finish)
        .order_by(Incident.occurred_at, Incident.id).limit(MAX_CASES))
    return [IncidentLine(incident_id=i.id, unit_name=name, occurred_on=shanghai_date(i.occurred_at),
                         category=i.category, incident_type=i.incident_type, severity=i.severity,
                         description=i.description, deaths=i.deaths, injuries=i.injuries, losses_yuan=i.losses_yuan,
                         management_responsibility=i.management_responsibility) for i, name in rows]


async def _orders(session: AsyncSession, unit: OrgUnit, span: Period) -> list[OrderLine]:
    begin, finish = span.bounds
    issuer = aliased(OrgUnit)
    rows = await session.execute(
        select(SupervisionOrder, OrgUnit.name, issuer.name).join(OrgUnit, OrgUnit.id == SupervisionOrder.school_id)
        .join(issuer, issuer.id == SupervisionOrder.issuer_unit_id)
        .where(within(unit.path), SupervisionOrder.issued_at >= begin, SupervisionOrder.issued_at < finish)
        .order_by(SupervisionOrder.issued_at, SupervisionOrder.id).limit(MAX_CASES))
    return [OrderLine(order_id=o.id, hazard_id=o.hazard_id, school_name=school, issuer_name=by,
                      issued_on=shanghai_date(o.issued_at), requirement=o.requirement, due_on=o.due_on,
                      status=o.status, closed_on=shanghai_date(o.closed_at) if o.closed_at else None)
            for o, school, by in rows]


async def units_reporting(session: AsyncSession, unit: OrgUnit, year: int) -> list[UnitReportStatus]:
    """The units that report to ``unit`` (its children) and where their reports stand."""
    rows = await session.execute(
        select(OrgUnit, AnnualReport).outerjoin(AnnualReport, and_(AnnualReport.org_unit_id == OrgUnit.id,
                                                                   AnnualReport.year == year))
        .where(OrgUnit.parent_id == unit.id).order_by(OrgUnit.path))
    return [UnitReportStatus(org_unit_id=child.id, name=child.name, status=report.status if report else None,
                             submitted_at=report.submitted_at if report else None,
                             on_time=on_time(report, year) if report else None)
            for child, report in rows]


def on_time(report: AnnualReport, year: int) -> bool | None:
    """第十四条: reports are due by the end of the year they cover."""
    if report.submitted_at is None:
        return None
    return shanghai_date(report.submitted_at) <= date(year, 12, 31)
