"""The dashboard's grouped aggregate queries. Each reads only the hazards that matter for
the view: still open (partial index ix_hazard_open_by_school), found in the period
(ix_hazard_found_at) or closed in it (ix_hazard_closed_at)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, and_, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from safecampus.dashboard.dialect import days_between, shanghai_day, week_start
from safecampus.db import Hazard, OrgUnit
from safecampus.orgs.scope import within

# The SQLite median reads at most this many rows (the middle one or two), never the whole set.
_MIDDLE = 2


@dataclass(frozen=True, slots=True)
class View:
    """What one dashboard request looks at: a subtree, a period [begin, finish), a day."""

    root: OrgUnit
    begin: datetime
    finish: datetime
    today: date
    dialect: str

    @property
    def still_open(self) -> ColumnElement[bool]:
        return Hazard.status != "closed"

    @property
    def found_in(self) -> ColumnElement[bool]:
        return and_(Hazard.found_at >= self.begin, Hazard.found_at < self.finish)

    @property
    def closed_in(self) -> ColumnElement[bool]:
        return and_(Hazard.closed_at >= self.begin, Hazard.closed_at < self.finish)


async def plan_per_request(session: AsyncSession, view: View) -> None:
    """asyncpg prepares every statement, and after five runs PostgreSQL may switch to a
    generic plan that cannot see the period bounds: measured at 4 s instead of 0.2 s for
    the city at 500k hazards. Plan each query for its own bounds (planning takes < 1 ms)."""
    if view.dialect == "postgresql":
        await session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))


def _in_scope(view: View) -> ColumnElement[bool]:
    return and_(OrgUnit.id == Hazard.school_id, within(view.root.path))


async def facts(session: AsyncSession, view: View) -> list[Row[Any]]:
    """One row per (child unit, category, section) with every count the dashboard shows.
    The child is the unit right under the viewed one whose path prefixes the school's;
    NULL for hazards of the viewed unit itself (a school looking at its own figures)."""
    child = aliased(OrgUnit)
    open_, found, closed = view.still_open, view.found_in, view.closed_in
    count = func.count()
    stmt = (
        select(child.id.label("unit_id"), Hazard.category, Hazard.section_code,
               count.filter(open_, Hazard.grade == "general").label("open_general"),
               count.filter(open_, Hazard.grade == "major").label("open_major"),
               count.filter(open_, Hazard.due_on < view.today).label("overdue"),
               count.filter(found).label("found"),
               count.filter(closed).label("closed"),
               count.filter(found, Hazard.status == "closed").label("found_closed"),
               count.filter(closed, shanghai_day(view.dialect, Hazard.closed_at) <= Hazard.due_on).label("on_time"),
               count.filter(found, Hazard.recurrence_of.is_not(None)).label("recurrences"),
               count.filter(Hazard.status == "submitted").label("awaiting_verification"))
        .select_from(Hazard).join(OrgUnit, _in_scope(view))
        .outerjoin(child, and_(child.parent_id == view.root.id,
                               func.substr(OrgUnit.path, 1, func.length(child.path)) == child.path))
        .where(or_(open_, found, closed))
        .group_by(child.id, Hazard.category, Hazard.section_code)
    )
    return list((await session.execute(stmt)).all())


async def median_days_to_close(session: AsyncSession, view: View) -> float | None:
    """Of the hazards closed in the period. PostgreSQL interpolates like statistics.median;
    SQLite has no percentile, so it counts, then reads only the middle one or two values."""
    days = days_between(view.dialect, Hazard.closed_at, Hazard.found_at)
    closed = select(days.label("days")).select_from(Hazard).join(OrgUnit, _in_scope(view)).where(view.closed_in)
    if view.dialect == "postgresql":
        return await session.scalar(select(func.percentile_cont(0.5).within_group(days)).select_from(Hazard)
                                    .join(OrgUnit, _in_scope(view)).where(view.closed_in))
    total = await session.scalar(select(func.count()).select_from(closed.subquery())) or 0
    if not total:
        return None
    middle = list((await session.execute(
        closed.order_by(days).offset((total - 1) // 2).limit(_MIDDLE - total % 2))).scalars())
    return sum(middle) / len(middle)


async def by_week(session: AsyncSession, view: View, moment: Any, in_period: ColumnElement[bool]) -> Counter[date]:
    week = week_start(view.dialect, moment).label("week")
    rows = await session.execute(select(week, func.count()).select_from(Hazard).join(OrgUnit, _in_scope(view)).where(in_period)
                                 .group_by(week))
    return Counter(dict(rows.all()))


async def open_major(session: AsyncSession, view: View) -> list[Row[Any]]:
    """Oldest first: the hazards a bureau chases. Few, and found through the open-hazards index."""
    return list((await session.execute(
        select(Hazard.id, OrgUnit.name, Hazard.description, Hazard.status, Hazard.found_at, Hazard.due_on)
        .select_from(Hazard).join(OrgUnit, _in_scope(view)).where(view.still_open, Hazard.grade == "major")
        .order_by(Hazard.found_at, Hazard.id))).all())
