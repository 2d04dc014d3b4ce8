"""Dashboard figures, computed in SQL by grouped aggregates (see rollups.py) over the
hazards that matter for the view: those still open, and those found or closed in the period."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import CurrentUser
from safecampus.clock import check_search_day
from safecampus.dashboard import rollups
from safecampus.dashboard.rollups import View
from safecampus.dashboard.schemas import (
    Dashboard,
    GroupCount,
    MajorHazard,
    Totals,
    UnitFigures,
    UnitRef,
    WeekPoint,
)
from safecampus.db import Hazard, OrgUnit, Section
from safecampus.errors import InvalidInput
from safecampus.hazards.rules import SHANGHAI, is_overdue, shanghai_date, today
from safecampus.orgs.scope import unit_in_scope

DEFAULT_PERIOD = timedelta(days=90)
MAX_PERIOD = timedelta(days=366 * 5)
# The counts of rollups.facts, in its column order after (unit, category, section).
_COUNTS = ("open_general", "open_major", "overdue", "found", "closed", "found_closed", "on_time", "recurrences",
           "awaiting_verification")


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        return (datetime.combine(self.start, time(), SHANGHAI),
                datetime.combine(self.end + timedelta(days=1), time(), SHANGHAI))


def period(start: date | None, end: date | None) -> Period:
    check_search_day(start, "from")
    check_search_day(end, "to")
    end = end or today()
    start = start or end - DEFAULT_PERIOD
    if start > end or end - start > MAX_PERIOD:
        raise InvalidInput("The period must start before it ends and span at most five years.",
                           code="invalid_period")
    return Period(start, end)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


async def dashboard(session: AsyncSession, user: CurrentUser, org_unit_id: uuid.UUID | None,
                    span: Period) -> Dashboard:
    root = await unit_in_scope(session, user.org_path, org_unit_id or user.org_unit_id)
    now = today()
    view = View(root, *span.bounds, now, session.bind.dialect.name)
    await rollups.plan_per_request(session, view)
    rows = await rollups.facts(session, view)
    # A county's view has thousands of (school, category, section) rows: summed column-wise.
    sums = [sum(column) for column in zip(*(row[3:] for row in rows), strict=True)] or [0] * len(_COUNTS)
    total = dict(zip(_COUNTS, sums, strict=True))
    totals = Totals(
        open_general=total["open_general"], open_major=total["open_major"], overdue=total["overdue"],
        found=total["found"], closed=total["closed"], closure_rate=_rate(total["found_closed"], total["found"]),
        on_time_closure_rate=_rate(total["on_time"], total["closed"]),
        median_days_to_close=await _median(session, view, total["closed"]),
        recurrences=total["recurrences"], awaiting_verification=total["awaiting_verification"],
    )
    names = dict((await session.execute(select(Section.code, Section.name))).all())
    return Dashboard(
        org_unit_id=root.id, org_unit_name=root.name, org_unit_kind=root.kind,
        trail=await trail(session, user.org_path, root), period_from=span.start, period_to=span.end, totals=totals,
        by_unit=await _by_unit(session, root, rows), by_category=_groups(rows, "category", {}),
        by_section=_groups(rows, "section_code", names), weekly=await _weekly(session, view, span),
        open_major=[MajorHazard(id=h.id, school_name=h.name, description=h.description, status=h.status,
                                age_days=(now - shanghai_date(h.found_at)).days, due_on=h.due_on,
                                overdue=is_overdue(h.status, h.due_on, now))
                    for h in await rollups.open_major(session, view)],
    )


async def trail(session: AsyncSession, scope_path: str, unit: OrgUnit) -> list[UnitRef]:
    """The units from the top of the caller's scope down to ``unit``, never above the scope."""
    codes = unit.path.strip("/").split("/")
    paths = [p for p in ("/" + "/".join(codes[:i]) + "/" for i in range(1, len(codes) + 1))
             if p.startswith(scope_path)]
    units = (await session.execute(select(OrgUnit).where(OrgUnit.path.in_(paths)))).scalars().all()
    return [UnitRef(id=u.id, name=u.name, kind=u.kind) for u in sorted(units, key=lambda u: len(u.path))]


async def _median(session: AsyncSession, view: View, closed: int) -> float | None:
    if not closed:
        return None
    return round(await rollups.median_days_to_close(session, view), 1)


async def _by_unit(session: AsyncSession, root: OrgUnit, rows: list) -> list[UnitFigures]:
    """One line per child of the viewed unit (counties under the city, schools under a county)."""
    children = (await session.execute(select(OrgUnit).where(OrgUnit.parent_id == root.id)
                                      .order_by(OrgUnit.path))).scalars().all()
    figures: dict[uuid.UUID | None, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for unit_id, _, _, open_general, open_major, overdue, found, closed, *_ in rows:
        line = figures[unit_id]
        line[0] += open_general + open_major
        line[1] += overdue
        line[2] += found
        line[3] += closed
    return [UnitFigures(org_unit_id=c.id, name=c.name, kind=c.kind,
                        **dict(zip(("open", "overdue", "found", "closed"), figures[c.id], strict=True)))
            for c in children]


def _groups(rows: list, attribute: str, names: dict[str, str]) -> list[GroupCount]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        group = counts[getattr(row, attribute) or ""]
        group[0] += row.open_general + row.open_major
        group[1] += row.found
    return sorted((GroupCount(key=k, name=names.get(k, k) or "未分类", open=open_, found=found)
                   for k, (open_, found) in counts.items() if open_ or found), key=lambda g: (-g.open, -g.found, g.key))


async def _weekly(session: AsyncSession, view: View, span: Period) -> list[WeekPoint]:
    found = await rollups.by_week(session, view, Hazard.found_at, view.found_in)
    closed = await rollups.by_week(session, view, Hazard.closed_at, view.closed_in)
    first = span.start - timedelta(days=span.start.weekday())
    weeks = [first + timedelta(weeks=i) for i in range((span.end - first).days // 7 + 1)]
    return [WeekPoint(week_start=w, found=found[w], closed=closed[w]) for w in weeks]
