"""Dashboard figures, computed from the hazards that matter for the view: those still
open, and those found or closed in the period. (A later step moves the rollups into SQL
and summary tables for city-wide scale; the definitions stay these.)"""

from __future__ import annotations

import statistics
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import CurrentUser
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
from safecampus.orgs.scope import unit_in_scope, within

DEFAULT_PERIOD = timedelta(days=90)
MAX_PERIOD = timedelta(days=366 * 5)


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        return (datetime.combine(self.start, time(), SHANGHAI),
                datetime.combine(self.end + timedelta(days=1), time(), SHANGHAI))

    def holds(self, moment: datetime | None) -> bool:
        return moment is not None and self.start <= shanghai_date(moment) <= self.end


def period(start: date | None, end: date | None) -> Period:
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
    begin, finish = span.bounds
    rows = (await session.execute(
        select(Hazard, OrgUnit.path, OrgUnit.name).join(OrgUnit, OrgUnit.id == Hazard.school_id)
        .where(within(root.path), or_(Hazard.status != "closed", Hazard.found_at.between(begin, finish),
                                      Hazard.closed_at.between(begin, finish))))).all()
    now = today()
    opened = [(h, p, n) for h, p, n in rows if h.status != "closed"]
    found = [h for h, _, _ in rows if span.holds(h.found_at)]
    closed = [h for h, _, _ in rows if span.holds(h.closed_at)]
    totals = Totals(
        open_general=sum(h.grade == "general" for h, _, _ in opened),
        open_major=sum(h.grade == "major" for h, _, _ in opened),
        overdue=sum(is_overdue(h.status, h.due_on, now) for h, _, _ in opened),
        found=len(found), closed=len(closed),
        closure_rate=_rate(sum(h.status == "closed" for h in found), len(found)),
        on_time_closure_rate=_rate(sum(shanghai_date(h.closed_at) <= h.due_on for h in closed if h.closed_at),
                                   len(closed)),
        median_days_to_close=round(statistics.median(
            (h.closed_at - h.found_at).total_seconds() / 86400 for h in closed if h.closed_at), 1) if closed else None,
        recurrences=sum(h.recurrence_of is not None for h in found),
        awaiting_verification=sum(h.status == "submitted" for h, _, _ in opened),
    )
    return Dashboard(
        org_unit_id=root.id, org_unit_name=root.name, org_unit_kind=root.kind,
        trail=await trail(session, user.org_path, root), period_from=span.start, period_to=span.end, totals=totals,
        by_unit=await _by_unit(session, root, rows, span, now), by_category=_groups(rows, span, "category", {}),
        by_section=_groups(rows, span, "section_code",
                           dict((await session.execute(select(Section.code, Section.name))).all())),
        weekly=_weekly(found, closed, span),
        open_major=sorted((MajorHazard(id=h.id, school_name=n, description=h.description, status=h.status,
                                       age_days=(now - shanghai_date(h.found_at)).days, due_on=h.due_on,
                                       overdue=is_overdue(h.status, h.due_on, now))
                           for h, _, n in opened if h.grade == "major"), key=lambda m: -m.age_days),
    )


async def trail(session: AsyncSession, scope_path: str, unit: OrgUnit) -> list[UnitRef]:
    """The units from the top of the caller's scope down to ``unit``, never above the scope."""
    codes = unit.path.strip("/").split("/")
    paths = [p for p in ("/" + "/".join(codes[:i]) + "/" for i in range(1, len(codes) + 1))
             if p.startswith(scope_path)]
    units = (await session.execute(select(OrgUnit).where(OrgUnit.path.in_(paths)))).scalars().all()
    return [UnitRef(id=u.id, name=u.name, kind=u.kind) for u in sorted(units, key=lambda u: len(u.path))]


async def _by_unit(session: AsyncSession, root: OrgUnit, rows: list, span: Period, now: date) -> list[UnitFigures]:
    """One line per child of the viewed unit (counties under the city, schools under a county)."""
    depth = root.path.count("/")
    children = (await session.execute(select(OrgUnit).where(OrgUnit.parent_id == root.id)
                                      .order_by(OrgUnit.path))).scalars().all()
    figures: dict[str, Counter[str]] = defaultdict(Counter)
    for hazard, path, _ in rows:
        child_code = path.split("/")[depth] if path != root.path else None
        counter = figures[child_code or ""]
        counter["open"] += hazard.status != "closed"
        counter["overdue"] += is_overdue(hazard.status, hazard.due_on, now)
        counter["found"] += span.holds(hazard.found_at)
        counter["closed"] += span.holds(hazard.closed_at)
    return [UnitFigures(org_unit_id=c.id, name=c.name, kind=c.kind, **{k: figures[c.code][k] for k in
                                                                       ("open", "overdue", "found", "closed")})
            for c in children]


def _groups(rows: list, span: Period, attribute: str, names: dict[str, str]) -> list[GroupCount]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for hazard, _, _ in rows:
        key = getattr(hazard, attribute) or ""
        counts[key]["open"] += hazard.status != "closed"
        counts[key]["found"] += span.holds(hazard.found_at)
    return sorted((GroupCount(key=k, name=names.get(k, k) or "未分类", open=c["open"], found=c["found"])
                   for k, c in counts.items() if c["open"] or c["found"]), key=lambda g: (-g.open, -g.found, g.key))


def _weekly(found: list[Hazard], closed: list[Hazard], span: Period) -> list[WeekPoint]:
    def monday(moment: datetime) -> date:
        day = shanghai_date(moment)
        return day - timedelta(days=day.weekday())

    found_by_week = Counter(monday(h.found_at) for h in found)
    closed_by_week = Counter(monday(h.closed_at) for h in closed if h.closed_at)
    first = span.start - timedelta(days=span.start.weekday())
    weeks = [first + timedelta(weeks=i) for i in range((span.end - first).days // 7 + 1)]
    return [WeekPoint(week_start=w, found=found_by_week[w], closed=closed_by_week[w]) for w in weeks]
