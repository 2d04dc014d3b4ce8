"""Dashboard latency on a filled database, in process (the service function, no HTTP), and
the plans of the queries it sends.

    .venv/bin/python bench/dashboard.py postgresql+asyncpg://postgres@127.0.0.1:5432/sc_scale --runs 50 --explain

Prints p50/p95 for the city and one county (default 90 days, and a whole year), then with
--explain the EXPLAIN (ANALYZE, BUFFERS) of every query of one city-wide request (PostgreSQL)."""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid
from datetime import timedelta
from typing import Any

from safecampus.auth.identity import CurrentUser
from safecampus.dashboard import services
from safecampus.db import OrgUnit
from safecampus.db.engine import Database
from safecampus.hazards.rules import today
from sqlalchemy import event, select


def _viewer(unit: OrgUnit) -> CurrentUser:
    return CurrentUser(id=uuid.uuid4(), username="bench", name="bench", role="bureau_viewer", org_unit_id=unit.id,
                       org_path=unit.path, session_id=uuid.uuid4())


async def _time(db: Database, user: CurrentUser, unit: OrgUnit, span: services.Period, runs: int) -> list[float]:
    took = []
    for _ in range(runs):
        async with db.session(read_only=True) as session:
            started = time.perf_counter()
            await services.dashboard(session, user, unit.id, span)
            took.append((time.perf_counter() - started) * 1000)
    return took


def _report(label: str, took: list[float]) -> None:
    ordered = sorted(took)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"{label:<34} p50 {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms   (n={len(ordered)})")


async def _explain(db: Database, user: CurrentUser, city: OrgUnit, span: services.Period) -> None:
    sent: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        sent.append((statement, parameters))

    event.listen(db.engine.sync_engine, "before_cursor_execute", capture)
    async with db.session(read_only=True) as session:
        await services.dashboard(session, user, city.id, span)
    event.remove(db.engine.sync_engine, "before_cursor_execute", capture)
    async with db.engine.connect() as connection:
        for statement, parameters in sent:
            if "hazard" not in statement:
                continue  # the unit and section look-ups
            plan = await connection.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", parameters)
            print("\n" + " ".join(statement.split())[:400] + "\n" + "\n".join(row[0] for row in plan))


async def main(url: str, runs: int, explain: bool) -> None:
    db = Database(url)
    try:
        async with db.session(read_only=True) as session:
            city = (await session.execute(select(OrgUnit).where(OrgUnit.kind == "city_bureau"))).scalar_one()
            county = (await session.execute(select(OrgUnit).where(OrgUnit.code == "230523"))).scalar_one()
        user = _viewer(city)
        end = today()
        for days in (90, 365):
            span = services.period(end - timedelta(days=days), end)
            for unit in (city, county):
                await _time(db, user, unit, span, 2)  # warm the cache and the statement cache
                _report(f"{unit.name} {days} days", await _time(db, user, unit, span, runs))
        if explain:
            await _explain(db, user, city, services.period(None, None))
    finally:
        await db.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("database_url")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    asyncio.run(main(args.database_url, args.runs, args.explain))
