"""Who may write, submit and review a unit's annual report, and the workflow itself:
draft → submitted (content frozen) → accepted, or → returned with comments → submitted."""

from __future__ import annotations

import uuid

import msgspec
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.accounts.services import display_names
from safecampus.audit import services as audit
from safecampus.auth.identity import SCHOOL_STAFFED_KINDS, CurrentUser
from safecampus.db import AnnualReport, AnnualReportStep, OrgUnit
from safecampus.db.base import utcnow
from safecampus.errors import Conflict, Forbidden, InvalidInput, check_version
from safecampus.hazards.rules import today
from safecampus.orgs.scope import unit_in_scope
from safecampus.reports import content
from safecampus.reports.schemas import (
    AnnualReportOut,
    DraftIn,
    ReportContent,
    ReportOverview,
    ReportStep,
    ReviewIn,
    SubmitIn,
)

FIRST_YEAR = 2000
_EDITABLE = (None, "draft", "returned")


def _authors(unit: OrgUnit) -> tuple[str, ...]:
    return ("principal", "school_officer") if unit.kind in SCHOOL_STAFFED_KINDS else ("admin", "inspector")


def _submitter(unit: OrgUnit) -> str:
    return "principal" if unit.kind in SCHOOL_STAFFED_KINDS else "admin"


def may_edit(user: CurrentUser, unit: OrgUnit, report: AnnualReport | None) -> bool:
    return user.org_unit_id == unit.id and user.role in _authors(unit) and _status(report) in _EDITABLE


def may_submit(user: CurrentUser, unit: OrgUnit, report: AnnualReport | None) -> bool:
    return user.org_unit_id == unit.id and user.role == _submitter(unit) and _status(report) in _EDITABLE


def may_review(user: CurrentUser, unit: OrgUnit, report: AnnualReport | None) -> bool:
    """The parent unit's safety committee office: its admins and inspectors."""
    return (unit.parent_id is not None and user.org_unit_id == unit.parent_id
            and user.role in ("admin", "inspector") and _status(report) == "submitted")


def _status(report: AnnualReport | None) -> str | None:
    return report.status if report else None


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= today().year:
        raise InvalidInput(f"Reports cover a year from {FIRST_YEAR} to {today().year}.", code="invalid_year")


def _check_version(report: AnnualReport | None, base_version: int) -> None:
    check_version("report", report.version if report else 0, base_version, _status(report))


async def _load(session: AsyncSession, user: CurrentUser, unit_id: uuid.UUID, year: int,
                for_update: bool = False) -> tuple[OrgUnit, AnnualReport | None]:
    _check_year(year)
    unit = await unit_in_scope(session, user.org_path, unit_id)
    query = select(AnnualReport).where(AnnualReport.org_unit_id == unit.id, AnnualReport.year == year)
    report = (await session.execute(query.with_for_update() if for_update else query)).scalar_one_or_none()
    return unit, report


async def read(session: AsyncSession, user: CurrentUser, unit_id: uuid.UUID, year: int) -> AnnualReportOut:
    unit, report = await _load(session, user, unit_id, year)
    snapshot = report.snapshot if report else None
    body = (msgspec.json.decode(snapshot, type=ReportContent) if snapshot
            else await content.generate(session, user, unit, year))
    steps = list((await session.execute(select(AnnualReportStep).where(AnnualReportStep.report_id == report.id)
                                        .order_by(AnnualReportStep.at))).scalars()) if report else []
    names = await display_names(session, [s.actor_id for s in steps])
    return AnnualReportOut(
        org_unit_id=unit.id, year=year, status=_status(report), version=report.version if report else 0,
        narrative=report.narrative if report else "", frozen=snapshot is not None,
        submitted_at=report.submitted_at if report else None,
        on_time=content.on_time(report, year) if report else None,
        may_edit=may_edit(user, unit, report), may_submit=may_submit(user, unit, report),
        may_review=may_review(user, unit, report), content=body,
        steps=[ReportStep(action=s.action, actor_name=names.get(s.actor_id, ""), at=s.at, comment=s.comment)
               for s in steps])


async def overview(session: AsyncSession, user: CurrentUser, unit_id: uuid.UUID | None, year: int) -> ReportOverview:
    _check_year(year)
    unit = await unit_in_scope(session, user.org_path, unit_id or user.org_unit_id)
    return ReportOverview(org_unit_id=unit.id, year=year, units=await content.units_reporting(session, unit, year))


async def save_draft(session: AsyncSession, user: CurrentUser, unit_id: uuid.UUID, year: int, data: DraftIn) -> None:
    unit, report = await _load(session, user, unit_id, year, for_update=True)
    if report is not None and report.narrative == data.narrative and report.version == data.base_version + 1:
        return  # the same save again (a retry)
    if not may_edit(user, unit, report):
        raise Forbidden(_refusal(unit, report, "write"))
    _check_version(report, data.base_version)
    if report is None:
        report = AnnualReport(id=uuid.uuid4(), org_unit_id=unit.id, year=year, status="draft", version=0)
        session.add(report)
    report.narrative = data.narrative
    report.version += 1
    await audit.record(session, user.actor, "report.save", "annual_report", report.id,
                       {"org_unit": unit.code, "year": year, "version": report.version})
    await _commit(session)


async def submit(session: AsyncSession, user: CurrentUser, unit_id: uuid.UUID, year: int, data: SubmitIn) -> None:
    unit, report = await _load(session, user, unit_id, year, for_update=True)
    if report is not None and report.status == "submitted" and report.version == data.base_version + 1 \
            and report.submitted_by == user.id:
        return  # the same submission again
    if not may_submit(user, unit, report):
        raise Forbidden(_refusal(unit, report, "submit"))
    _check_version(report, data.base_version)
    if report is None:
        raise InvalidInput("Save the report's narrative before submitting it.", code="report_not_saved")
    frozen = await content.generate(session, user, unit, year)
    report.snapshot = msgspec.json.encode(frozen).decode()
    report.status, report.submitted_at, report.submitted_by = "submitted", utcnow(), user.id
    report.version += 1
    session.add(AnnualReportStep(report_id=report.id, action="submit", actor_id=user.id, at=report.submitted_at))
    await audit.record(session, user.actor, "report.submit", "annual_report", report.id,
                       {"org_unit": unit.code, "year": year, "version": report.version})
    await _commit(session)


async def review(session: AsyncSession, user: CurrentUser, unit_id: uuid.UUID, year: int, data: ReviewIn) -> None:
    unit, report = await _load(session, user, unit_id, year, for_update=True)
    if report is None or not may_review(user, unit, report):
        raise Forbidden(_refusal(unit, report, "review"))
    _check_version(report, data.base_version)
    if data.decision == "return":
        if not data.comment:
            raise InvalidInput("Say what needs to change when returning a report.", code="comment_required")
        # Returned reports are written again; the next submission freezes fresh figures.
        report.status, report.snapshot = "returned", None
    else:
        report.status = "accepted"
    report.version += 1
    session.add(AnnualReportStep(report_id=report.id, action=data.decision, actor_id=user.id, at=utcnow(),
                                 comment=data.comment))
    await audit.record(session, user.actor, f"report.{data.decision}", "annual_report", report.id,
                       {"org_unit": unit.code, "year": year, "comment": data.comment})
    await _commit(session)


def _refusal(unit: OrgUnit, report: AnnualReport | None, what: str) -> str:
    state = f"It is {report.status}." if report else "It has not been written yet."
    if what == "review":
        return f"Only the parent unit's admins or inspectors review a submitted report. {state}"
    roles = _submitter(unit) if what == "submit" else " or ".join(_authors(unit))
    return f"Only the unit's own {roles} may {what} its report while it is a draft or returned. {state}"


async def _commit(session: AsyncSession) -> None:
    try:
        await session.commit()
    except IntegrityError as exc:  # two first saves at once: one wins, the other reloads
        await session.rollback()
        raise Conflict("Someone else saved this report at the same moment. Reload it and try again.",
                       code="stale_version") from exc
