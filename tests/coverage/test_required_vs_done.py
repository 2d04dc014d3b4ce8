"""The annual report's question: term inspections and supervisions required of a unit's
schools in a calendar year, and how they went (on the seeded calendar)."""

from __future__ import annotations

from datetime import date

from safecampus.coverage.tally import Tally, required_vs_done
from safecampus.db import OrgUnit
from sqlalchemy import select

SCHOOL = "230502-01"


async def _tally(db, code: str, year: int, on: date | None = None):
    async with db.session(read_only=True) as session:
        unit = (await session.execute(select(OrgUnit).where(OrgUnit.code == code))).scalar_one()
        return await required_vs_done(session, unit, year, on)


async def test_required_vs_done_in_2025(db, unit_ids, inspect):
    school = unit_ids[SCHOOL]
    await inspect(school, "term_end", date(2025, 1, 20))  # 2024-autumn, window 2025-01-04 … 01-31
    await inspect(school, "term_start", date(2025, 3, 5))  # 2025-spring, in the window
    await inspect(school, "term_mid", date(2025, 6, 1))  # 2025-spring, window 04-21 … 05-25: late
    await inspect(school, "term_start", date(2025, 9, 10))  # 2025-autumn, in the window
    await inspect(school, "term_start", date(2024, 9, 2))  # 2024-autumn: its window closed in 2024
    await inspect(school, "supervision_general", date(2025, 4, 10))  # first half-year
    # 2025 holds six windows: 2024-autumn's term_end, the three of 2025-spring, and
    # 2025-autumn's term_start and term_mid (its term_end closes in January 2026).
    tally = await _tally(db, SCHOOL, 2025)
    assert (tally.year, tally.schools) == (2025, 1)
    assert tally.term_inspections == Tally(required=6, done=3, late=1, missing=2, pending=0)
    assert tally.supervisions == Tally(required=2, done=1, missing=1)
    county = await _tally(db, "230502", 2025)
    assert county.schools == 4
    assert county.term_inspections == Tally(required=24, done=3, late=1, missing=20)
    assert county.supervisions == Tally(required=8, done=1, missing=7)
    # Seen on 5 September 2025: 2025-autumn's term_start window is open and term_mid ahead,
    # the second half-year is under way; what was done later does not count yet.
    early = await _tally(db, SCHOOL, 2025, on=date(2025, 9, 5))
    assert early.term_inspections == Tally(required=6, done=2, late=1, missing=1, pending=2)
    assert early.supervisions == Tally(required=2, done=1, pending=1)
