"""The synthetic load: schools and their people, then each school's history, streamed to
the database in chunks and recorded as one audited bulk import."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from safecampus.audit import services as audit
from safecampus.audit.services import Actor
from safecampus.db import Checklist, OrgUnit
from safecampus.db.base import utcnow
from safecampus.hazards.rules import shanghai_date
from safecampus.seeding.synthetic.calendar import terms
from safecampus.seeding.synthetic.campus import County, School, staff
from safecampus.seeding.synthetic.draw import Draw
from safecampus.seeding.synthetic.history import Batch, Item, Template, item_weights, school_history
from safecampus.seeding.synthetic.sink import COLUMNS, Sink

LOADER = Actor(label="demo --scale")
YEARS = 5
CHUNK = 25  # schools per write: about 100k rows, a few seconds of work between progress lines
VACUUMED = ("org_unit", "app_user", "inspection", "inspection_result", "hazard", "rectification")
_TALLIED = tuple(COLUMNS["hazard"].index(name) for name in ("grade", "status", "due_on", "recurrence_of"))
SYNTHETIC_CODE = "%-S____"  # 230523-S0042: the codes the generator gives its schools


@dataclass
class Tally:
    schools: int = 0
    users: int = 0
    inspections: int = 0
    results: int = 0
    hazards: int = 0
    major: int = 0
    open: int = 0
    overdue: int = 0
    recurrences: int = 0
    rectifications: int = 0

    def __str__(self) -> str:
        return ", ".join(f"{value:,} {name}" for name, value in asdict(self).items())


async def synthetic_schools(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).select_from(OrgUnit).where(
        OrgUnit.kind == "school", OrgUnit.code.like(SYNTHETIC_CODE))) or 0


async def _catalogue(session: AsyncSession, draw: Draw) -> list[Template]:
    checklists = (await session.execute(
        select(Checklist).where(Checklist.status == "published").order_by(Checklist.code)
        .options(selectinload(Checklist.items)))).scalars().all()
    catalogue = []
    for checklist in checklists:
        weights = item_weights(draw, len(checklist.items))
        catalogue.append(Template(checklist.id, checklist.code, tuple(checklist.kinds), tuple(checklist.school_types),
                                  tuple(Item(i.code, i.category, i.check, i.grade, i.domain_code, i.section_code, w)
                                        for i, w in zip(checklist.items, weights, strict=True))))
    return catalogue


async def _counties(session: AsyncSession) -> list[County]:
    units = (await session.execute(select(OrgUnit).where(OrgUnit.kind == "county_bureau")
                                   .order_by(OrgUnit.code))).scalars().all()
    city = (await session.execute(select(OrgUnit).where(OrgUnit.kind == "city_bureau"))).scalar_one()
    # A county bureau edited without coordinates gets its schools around the city's seat.
    return [County(u.id, u.code, u.name.removesuffix("教育和体育局"), u.path, u.lat or city.lat or 46.65,
                   u.lon or city.lon or 131.16) for u in units]


async def _write(sink: Sink, batch: Batch, tally: Tally, today: date) -> None:
    await sink.tuples("inspection", batch.inspections)
    await sink.tuples("inspection_result", batch.results)
    await sink.tuples("hazard", batch.hazards)
    await sink.tuples("rectification", batch.rectifications)
    tally.inspections += len(batch.inspections)
    tally.results += len(batch.results)
    tally.hazards += len(batch.hazards)
    tally.rectifications += len(batch.rectifications)
    for hazard in batch.hazards:
        grade, status, due_on, recurrence = (hazard[i] for i in _TALLIED)
        tally.major += grade == "major"
        tally.open += status != "closed"
        tally.overdue += status != "closed" and due_on < today
        tally.recurrences += recurrence is not None


async def load_synthetic(session: AsyncSession, schools: int, seed: int, report: Callable[[str], None]) -> Tally:
    """Adds ``schools`` schools with five years of history ending now. The reference seeds
    (org tree, checklists) must be loaded. The same seed gives the same data on the same day."""
    started = time.perf_counter()
    draw, now = Draw(seed), utcnow()
    last = shanghai_date(now)
    first = last - timedelta(days=round(YEARS * 365.25))
    counties = await _counties(session)
    taken = set((await session.execute(select(OrgUnit.name))).scalars())
    people = staff(draw, counties, schools, taken, now)
    sink = Sink(session)
    await sink.rows("org_unit", people.units)
    await sink.rows("app_user", people.users)
    tally = Tally(schools=len(people.schools), users=len(people.users))
    catalogue, school_terms = await _catalogue(session, draw), terms(first, last)

    def generate(chunk: list[School]) -> Batch:
        batch = Batch()
        for school in chunk:
            school_history(draw, school, people.inspectors[school.county.code], catalogue, school_terms, first,
                           now, batch)
        return batch

    async def write(batch: Batch, done: int) -> None:
        await _write(sink, batch, tally, last)
        report(f"{done:,}/{tally.schools:,} schools: {tally.inspections:,} inspections, {tally.results:,} results, "
               f"{tally.hazards:,} hazards ({time.perf_counter() - started:.1f} s)")

    writing: asyncio.Task[None] | None = None
    for start in range(0, tally.schools, CHUNK):
        # The next chunk is generated (in a thread) while the database stores the last one.
        generating = asyncio.to_thread(generate, people.schools[start:start + CHUNK])
        batch = (await asyncio.gather(generating, writing))[0] if writing else await generating
        writing = asyncio.create_task(write(batch, min(start + CHUNK, tally.schools)))
    if writing:
        await writing
    # One event for the whole import, in its transaction: the audit guard accepts the
    # commit because the load is recorded, not because the guard was switched off.
    await audit.record(session, LOADER, "demo.synthetic_load", "org_unit", None, {
        "seed": seed, "from": first.isoformat(), "to": last.isoformat(), **asdict(tally)})
    await session.commit()
    if sink.copy:
        await _vacuum(session)
    return tally


async def _vacuum(session: AsyncSession) -> None:
    """Statistics for the planner, and the visibility map that lets the dashboard's counts
    read indexes only; VACUUM cannot run inside a transaction."""
    async with session.bind.connect() as connection:
        connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text(f"VACUUM ANALYZE {', '.join(VACUUMED)}"))
