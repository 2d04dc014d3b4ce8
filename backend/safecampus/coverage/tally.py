"""Which school did which inspection when, over a whole subtree: a handful of grouped
queries whatever the number of schools (never one per school), and the per-school,
per-term cells built from them. Other features (the annual report) reuse these.

An inspection counts by its kind and the Asia/Shanghai calendar day of its finished_at,
at its school."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from safecampus.coverage.calendar import TWO_WEEKS, HalfYear, TermDates, Window, half_year_of, windows
from safecampus.coverage.schemas import Cell
from safecampus.db import Inspection, OrgUnit, Term
from safecampus.hazards.rules import SHANGHAI, shanghai_date, today
from safecampus.orgs.scope import within
from safecampus.vocabulary import SUPERVISION_KINDS, TERM_KINDS


class ShanghaiDay(FunctionElement[Any]):
    """The Asia/Shanghai calendar day of a stored UTC time, computed by the database."""

    inherit_cache = True


@compiles(ShanghaiDay)
def _shanghai_day_postgresql(element: ShanghaiDay, compiler: Any, **kw: Any) -> str:
    return f"date(timezone('Asia/Shanghai', {compiler.process(element.clauses, **kw)}))"


@compiles(ShanghaiDay, "sqlite")
def _shanghai_day_sqlite(element: ShanghaiDay, compiler: Any, **kw: Any) -> str:
    # SQLite holds naive UTC text; China has no daylight saving, so +8 hours is exact.
    return f"date({compiler.process(element.clauses, **kw)}, '+8 hours')"


def _finished_between(first: date, last: date) -> ColumnElement[bool]:
    """Finished on one of the Shanghai days first … last (both included)."""
    return and_(Inspection.finished_at >= datetime.combine(first, time(), SHANGHAI),
                Inspection.finished_at < datetime.combine(last + timedelta(days=1), time(), SHANGHAI))


def _at_schools_under(root: OrgUnit, stmt: Select[Any]) -> Select[Any]:
    return stmt.join(OrgUnit, OrgUnit.id == Inspection.school_id).where(within(root.path))


@dataclass(frozen=True, slots=True)
class School:
    id: uuid.UUID
    name: str
    school_type: str | None
    county_name: str  # the county bureau above it, or its parent unit when none


async def schools_under(session: AsyncSession, root: OrgUnit) -> list[School]:
    """The active schools of the subtree in tree order, each with the name of its county."""
    rows = (await session.execute(
        select(OrgUnit.id, OrgUnit.name, OrgUnit.school_type, OrgUnit.path)
        .where(within(root.path), OrgUnit.kind == "school", OrgUnit.active.is_(True)).order_by(OrgUnit.path))).all()
    chains = {row.id: row.path.strip("/").split("/") for row in rows}
    ancestors = {code for chain in chains.values() for code in chain[:-1]}
    units = {code: (name, kind) for code, name, kind in (await session.execute(
        select(OrgUnit.code, OrgUnit.name, OrgUnit.kind).where(OrgUnit.code.in_(ancestors)))).all()}

    def county(chain: list[str]) -> str:
        above = chain[:-1]
        counties = [code for code in above if code in units and units[code][1] == "county_bureau"]
        nearest = counties[-1] if counties else above[-1] if above else None
        return units[nearest][0] if nearest in units else ""

    return [School(id=row.id, name=row.name, school_type=row.school_type, county_name=county(chains[row.id]))
            for row in rows]


First = tuple[date, uuid.UUID]  # the day and id of the first inspection that counts


def _cell(window: Window, on_time: First | None, in_term: First | None, on: date) -> Cell:
    """``in_term``: the first in the term but outside the window; it counts (late) once the
    window has closed without one on time."""
    if on_time:
        return Cell(status="done", done_on=on_time[0], inspection_id=on_time[1])
    state = window.state(on)
    if state != "closed":
        return Cell(status="due" if state == "open" else "upcoming")
    return Cell(status="late", done_on=in_term[0], inspection_id=in_term[1]) if in_term else Cell(status="missing")


async def term_cells(session: AsyncSession, root: OrgUnit, term: TermDates, school_ids: Iterable[uuid.UUID],
                     on: date | None = None) -> dict[uuid.UUID, dict[str, Cell]]:
    """For each school, the cell of term_start, term_mid and term_end in ``term`` as seen on
    ``on`` (default today). One query for the whole subtree, which keeps per school and kind
    only the first inspection on time and the first elsewhere in the term."""
    on = on or today()
    term_windows = windows(term)
    timing = case(*((and_(Inspection.kind == w.kind, _finished_between(w.opens_on, w.closes_on)), "on_time")
                   for w in term_windows),
                 (_finished_between(term.starts_on, term.ends_on), "in_term"))
    ranked = _at_schools_under(root, select(
        Inspection.school_id, Inspection.kind, Inspection.id, Inspection.finished_at, timing.label("timing"),
        func.row_number().over(partition_by=(Inspection.school_id, Inspection.kind, timing),
                               order_by=(Inspection.finished_at, Inspection.id)).label("rank"))
        .where(Inspection.kind.in_(TERM_KINDS),
               _finished_between(term.starts_on - TWO_WEEKS, min(term.ends_on + TWO_WEEKS, on)))).subquery()
    firsts: dict[tuple[uuid.UUID, str, str], First] = {
        (school_id, kind, timing): (shanghai_date(finished_at), inspection_id)
        for school_id, kind, timing, inspection_id, finished_at in await session.execute(
            select(ranked.c.school_id, ranked.c.kind, ranked.c.timing, ranked.c.id, ranked.c.finished_at)
            .where(ranked.c.rank == 1, ranked.c.timing.is_not(None)))}
    return {school_id: {w.kind: _cell(w, firsts.get((school_id, w.kind, "on_time")),
                                      firsts.get((school_id, w.kind, "in_term")), on) for w in term_windows}
            for school_id in school_ids}


async def daily_checks(session: AsyncSession, root: OrgUnit, first: date, last: date) -> dict[uuid.UUID, tuple[int, int]]:
    """Per school: daily inspections finished on the days first … last, and on how many distinct days."""
    rows = await session.execute(_at_schools_under(root, select(
        Inspection.school_id, func.count(), func.count(distinct(ShanghaiDay(Inspection.finished_at)))))
        .where(Inspection.kind == "daily", _finished_between(first, last)).group_by(Inspection.school_id))
    return {school_id: (count, days) for school_id, count, days in rows}


async def supervisions(session: AsyncSession, root: OrgUnit, half: HalfYear) -> dict[uuid.UUID, tuple[int, date]]:
    """Per school supervised in the half-year: how many supervisions, and the day of the last."""
    rows = await session.execute(_at_schools_under(root, select(
        Inspection.school_id, func.count(), func.max(Inspection.finished_at)))
        .where(Inspection.kind.in_(SUPERVISION_KINDS), _finished_between(half.starts_on, half.ends_on))
        .group_by(Inspection.school_id))
    return {school_id: (count, shanghai_date(last)) for school_id, count, last in rows}


@dataclass(slots=True)
class Tally:
    required: int = 0
    done: int = 0  # in the window; for supervision, at least one in the half-year
    late: int = 0  # in the term, outside the window
    missing: int = 0  # the window (half-year) closed without one
    pending: int = 0  # the window (half-year) has not closed yet, none so far


@dataclass(slots=True)
class YearTally:
    year: int
    schools: int
    term_inspections: Tally = field(default_factory=Tally)
    supervisions: Tally = field(default_factory=Tally)


async def required_vs_done(session: AsyncSession, root_unit: OrgUnit, year: int,
                           on: date | None = None) -> YearTally:
    """Term inspections and supervisions required of the schools under ``root_unit`` in the
    calendar year, and how they went, as seen on ``on`` (default today). A term inspection
    belongs to the year its window closes in (an autumn term's term_end to the next year);
    a supervision is required once per school per half-year."""
    on = on or today()
    school_ids = [school.id for school in await schools_under(session, root_unit)]
    tally = YearTally(year=year, schools=len(school_ids))
    for term, kinds in await term_windows_closing_in(session, year):
        cells = await term_cells(session, root_unit, term, school_ids, on)
        for by_kind in cells.values():
            for kind in kinds:
                _count(tally.term_inspections, by_kind[kind].status)
    for half in (half_year_of(date(year, 1, 1)), half_year_of(date(year, 7, 1))):
        supervised = await supervisions(session, root_unit, HalfYear(half.starts_on, min(half.ends_on, on)))
        for school_id in school_ids:
            _count(tally.supervisions, "done" if school_id in supervised else
                   "missing" if half.ends_on < on else "pending")
    return tally


async def term_windows_closing_in(session: AsyncSession, year: int) -> list[tuple[Term, list[str]]]:
    """The terms with term inspections whose window closes in ``year``, and those kinds."""
    terms = (await session.execute(select(Term).where(
        Term.starts_on <= date(year, 12, 31), Term.ends_on >= date(year, 1, 1) - TWO_WEEKS)
        .order_by(Term.starts_on))).scalars().all()
    found = [(term, [w.kind for w in windows(term) if w.closes_on.year == year]) for term in terms]
    return [(term, kinds) for term, kinds in found if kinds]


def _count(tally: Tally, status: str) -> None:
    tally.required += 1
    attribute = {"due": "pending", "upcoming": "pending"}.get(status, status)
    setattr(tally, attribute, getattr(tally, attribute) + 1)
