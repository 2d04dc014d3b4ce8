"""The evidence of a case or commendation, checked on the server: a record it names must exist
and lie in the subject unit's subtree (a case never borrows another unit's records), a code a
signal produced (an inspection window, a half-year of supervision) must have its shape, and
every label is made here from the record, never taken from the client."""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.accountability.schemas import EvidenceRef
from safecampus.coverage.calendar import windows
from safecampus.db import AnnualReport, DutyItem, DutyList, Hazard, OrgUnit, Term
from safecampus.duty.evidence import LABELLERS as DUTY_LABELLERS
from safecampus.errors import InvalidInput
from safecampus.hazards.rules import shanghai_date, today
from safecampus.orgs.scope import within

KIND_NAMES = {"term_start": "开学前集中排查", "term_mid": "学期中集中排查", "term_end": "学期结束后集中排查"}
WINDOW = re.compile(r"^(?P<term>[0-9a-z-]{1,20})/(?P<kind>term_start|term_mid|term_end)$")
SUPERVISION = re.compile(r"^(?P<year>\d{4})-(?P<month>01|07)$")
ANNUAL_REPORT = re.compile(r"^(?P<unit>[0-9a-fA-F-]{36})/(?P<year>\d{4})$")

Labeller = Callable[[AsyncSession, EvidenceRef, OrgUnit], Awaitable[str | None]]


def short(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[:length] + "…"


def window_label(term_name: str, kind: str, opens_on: date, closes_on: date) -> str:
    return f"{term_name} {KIND_NAMES[kind]}（{opens_on} 至 {closes_on}）未开展"


def supervision_label(year: int, month: int) -> str:
    return f"{year}年{'上' if month == 1 else '下'}半年未开展督查"


def report_state(year: int, submitted_at: datetime | None) -> str:
    if submitted_at is None:
        return "未提交"
    on = shanghai_date(submitted_at)
    return f"{on} 逾期提交" if on > date(year, 12, 31) else f"{on} 提交"


def report_label(year: int, submitted_at: datetime | None) -> str:
    return f"{year}年度安全工作报告：{report_state(year, submitted_at)}"


def duty_target_label(text: str, due_on: date) -> str:
    return f"{text[:60]}（期限 {due_on}）"


def _invalid(ref: EvidenceRef, why: str) -> InvalidInput:
    return InvalidInput(f"Evidence {ref.kind} {ref.id!r}: {why}", code="invalid_evidence")


def _out_of_scope(ref: EvidenceRef, subject: OrgUnit) -> InvalidInput:
    return InvalidInput(f"No {ref.kind} {ref.id} at {subject.name} or below: evidence must be the subject's own.",
                        code="evidence_out_of_scope")


def _uuid(ref: EvidenceRef) -> uuid.UUID:
    try:
        return uuid.UUID(ref.id)
    except ValueError:
        raise _invalid(ref, "the id of a record is a UUID.") from None


async def _hazard(session: AsyncSession, ref: EvidenceRef, subject: OrgUnit) -> str | None:
    hazard = (await session.execute(select(Hazard).join(OrgUnit, OrgUnit.id == Hazard.school_id)
                                    .where(Hazard.id == _uuid(ref), within(subject.path)))).scalar_one_or_none()
    return None if hazard is None else f"隐患：{short(hazard.description)}（{shanghai_date(hazard.found_at)}）"


async def _duty_target(session: AsyncSession, ref: EvidenceRef, subject: OrgUnit) -> str | None:
    item = (await session.execute(
        select(DutyItem).join(DutyList, DutyList.id == DutyItem.list_id).join(OrgUnit, OrgUnit.id == DutyList.org_unit_id)
        .where(DutyItem.id == _uuid(ref), within(subject.path)))).scalar_one_or_none()
    return None if item is None else duty_target_label(item.text, item.due_on)


async def _annual_report(session: AsyncSession, ref: EvidenceRef, subject: OrgUnit) -> str | None:
    match = ANNUAL_REPORT.match(ref.id)
    if match is None:  # a report named by its own id, as duty evidence names it
        found = await DUTY_LABELLERS["annual_report"](session, _uuid(ref), subject.path)
        return found[0] if found else None
    year = int(match["year"])
    try:
        unit_id = uuid.UUID(match["unit"])
    except ValueError:
        raise _invalid(ref, "an annual report is named <unit id>/<year>.") from None
    if not 2000 <= year <= today().year:
        raise _invalid(ref, "no annual report for that year.")
    unit = (await session.execute(select(OrgUnit.id).where(OrgUnit.id == unit_id, within(subject.path)))).scalar()
    if unit is None:
        return None
    submitted_at = await session.scalar(select(AnnualReport.submitted_at).where(
        AnnualReport.org_unit_id == unit_id, AnnualReport.year == year))
    return report_label(year, submitted_at)


async def _inspection_window(session: AsyncSession, ref: EvidenceRef, subject: OrgUnit) -> str | None:
    match = WINDOW.match(ref.id)
    if match is None:
        raise _invalid(ref, "an inspection window is named <term>/<term_start|term_mid|term_end>.")
    term = (await session.execute(select(Term).where(Term.code == match["term"]))).scalar_one_or_none()
    if term is None:
        raise _invalid(ref, "no such term.")
    span = {w.kind: w for w in windows(term)}[match["kind"]]
    return window_label(term.name, match["kind"], span.opens_on, span.closes_on)


async def _supervision(session: AsyncSession, ref: EvidenceRef, subject: OrgUnit) -> str | None:
    match = SUPERVISION.match(ref.id)
    if match is None or not 2000 <= int(match["year"]) <= today().year:
        raise _invalid(ref, "a half-year of supervision is named <year>-01 or <year>-07.")
    return supervision_label(int(match["year"]), int(match["month"]))


def _record(kind: str) -> Labeller:
    """A record kind labelled as duty evidence labels it (inspection, drill, incident)."""
    async def label(session: AsyncSession, ref: EvidenceRef, subject: OrgUnit) -> str | None:
        found = await DUTY_LABELLERS[kind](session, _uuid(ref), subject.path)
        return found[0] if found else None

    return label


LABELLERS: dict[str, Labeller] = {
    "hazard": _hazard, "incident": _record("incident"), "drill": _record("drill"),
    "inspection": _record("inspection"), "duty_target": _duty_target, "duty_item": _duty_target,
    "annual_report": _annual_report, "inspection_window": _inspection_window, "supervision": _supervision,
}


async def checked(session: AsyncSession, subject: OrgUnit, refs: list[EvidenceRef]) -> list[EvidenceRef]:
    """The references, each checked against the subject's subtree and labelled by the server."""
    out = []
    for ref in refs:
        labeller = LABELLERS.get(ref.kind)
        if labeller is None:
            raise InvalidInput(f"Unknown kind of evidence {ref.kind!r}.", code="invalid_evidence")
        label = await labeller(session, ref, subject)
        if label is None:
            raise _out_of_scope(ref, subject)
        out.append(EvidenceRef(kind=ref.kind, id=ref.id, label=label))
    return out
