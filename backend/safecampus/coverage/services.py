"""The term calendar (read by everyone, edited by the city's admins) and the coverage
report of a subtree for one term."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.audit import services as audit
from safecampus.auth.identity import CurrentUser
from safecampus.coverage import calendar, tally
from safecampus.coverage.schemas import (
    Coverage,
    DailyChecks,
    KindCounts,
    SchoolCoverage,
    Summary,
    Supervision,
    TermIn,
    TermList,
    TermOut,
    WindowOut,
)
from safecampus.db import Term
from safecampus.errors import Conflict, Forbidden, NotFound
from safecampus.hazards.rules import today
from safecampus.orgs.scope import unit_in_scope
from safecampus.vocabulary import TERM_KINDS

DAILY_PERIOD_DAYS = 30


@dataclass(frozen=True, slots=True)
class ProposedDates:
    code: str
    starts_on: date
    ends_on: date


def term_out(term: Term, current: Term | None) -> TermOut:
    return TermOut(code=term.code, school_year=term.school_year, season=term.season,  # type: ignore[arg-type]
                   name=term.name, starts_on=term.starts_on, ends_on=term.ends_on,
                   current=current is not None and term.code == current.code,
                   windows=[WindowOut(kind=w.kind, opens_on=w.opens_on, closes_on=w.closes_on)  # type: ignore[arg-type]
                            for w in calendar.windows(term)])


async def _all_terms(session: AsyncSession) -> Sequence[Term]:
    return (await session.execute(select(Term).order_by(Term.starts_on))).scalars().all()


async def list_terms(session: AsyncSession) -> TermList:
    terms, now = await _all_terms(session), today()
    current = calendar.current(terms, now)
    return TermList(today=now, current=current.code if current else None,
                    terms=[term_out(t, current) for t in terms])


def _ensure_city_admin(user: CurrentUser) -> None:
    # One calendar holds for every school of the city, so only the top of the tree sets it.
    if user.role != "admin" or user.org_path.count("/") != 2:
        raise Forbidden("Only an admin of the city bureau edits the term calendar.", code="term_calendar_city_only")


async def put_term(session: AsyncSession, user: CurrentUser, code: str, data: TermIn) -> tuple[TermOut, bool]:
    """Create or edit the term ``code``; the same body again changes nothing. Returns the
    term and whether it was created."""
    _ensure_city_admin(user)
    terms = {t.code: t for t in await _all_terms(session)}
    calendar.check_term(ProposedDates(code, data.starts_on, data.ends_on), data.season, data.school_year,
                        terms.values())
    values = {"school_year": data.school_year, "season": data.season, "name": data.name,
              "starts_on": data.starts_on, "ends_on": data.ends_on}
    term = terms.get(code)
    created = term is None
    if term is None:
        term = Term(code=code, edited_by=user.id, **values)
        session.add(term)
        await audit.record(session, user.actor, "term.create", "term", code, values)
    elif changed := {name: value for name, value in values.items() if getattr(term, name) != value}:
        before = {name: getattr(term, name) for name in changed}
        for name, value in changed.items():
            setattr(term, name, value)
        term.edited_by = user.id
        await audit.record(session, user.actor, "term.update", "term", code, {"from": before, "to": changed})
    try:
        await session.commit()
    except IntegrityError:  # the same new code, created by a request that committed first
        await session.rollback()
        raise Conflict("This term was created by another request at the same moment; send it again.",
                       code="term_conflict") from None
    return term_out(term, calendar.current(await _all_terms(session), today())), created


async def _term(session: AsyncSession, code: str | None) -> tuple[Term, Term | None]:
    """The term asked for (default: the current one), and the current one."""
    terms = await _all_terms(session)
    current = calendar.current(terms, today())
    term = next((t for t in terms if t.code == code), None) if code else current
    if term is None:
        raise NotFound(f"No term {code!r} in the calendar." if code else "The term calendar is empty.",
                       code="term_not_found")
    return term, current


async def coverage(session: AsyncSession, user: CurrentUser, org_unit_id: uuid.UUID | None,
                   term_code: str | None) -> Coverage:
    root = await unit_in_scope(session, user.org_path, org_unit_id or user.org_unit_id)
    term, current = await _term(session, term_code)
    now = today()
    daily_from, half = now - timedelta(days=DAILY_PERIOD_DAYS - 1), calendar.supervision_half_year(term)
    schools = await tally.schools_under(session, root)
    cells = await tally.term_cells(session, root, term, [s.id for s in schools], now)
    daily = await tally.daily_checks(session, root, daily_from, now)
    supervised = await tally.supervisions(session, root, half)
    rows = []
    for school in schools:
        by_kind = cells[school.id]
        count, days = daily.get(school.id, (0, 0))
        supervisions, last_on = supervised.get(school.id, (0, None))
        rows.append(SchoolCoverage(
            school_id=school.id, name=school.name, school_type=school.school_type, county_name=school.county_name,
            term_start=by_kind["term_start"], term_mid=by_kind["term_mid"], term_end=by_kind["term_end"],
            daily=DailyChecks(count=count, days=days),
            supervision=Supervision(count=supervisions, last_on=last_on, missing=not supervisions),
            complete=all(cell.status in ("done", "late") for cell in by_kind.values())))
    return Coverage(org_unit_id=root.id, org_unit_name=root.name, term=term_out(term, current), today=now,
                    daily_from=daily_from, daily_to=now, supervision_from=half.starts_on,
                    supervision_to=half.ends_on, summary=_summary(rows), schools=rows)


def _summary(rows: list[SchoolCoverage]) -> Summary:
    statuses = Counter((kind, getattr(row, kind).status) for row in rows for kind in TERM_KINDS)
    return Summary(
        schools=len(rows), complete=sum(row.complete for row in rows),
        missing=KindCounts(**{kind: statuses[kind, "missing"] for kind in TERM_KINDS}),
        late=KindCounts(**{kind: statuses[kind, "late"] for kind in TERM_KINDS}),
        without_supervision=sum(row.supervision.missing for row in rows))
