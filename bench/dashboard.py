"""Dashboard: after `safecampus demo --scale N` on a fresh database (load time reported), p50/p95
of GET /api/v1/dashboard/ for the city and for one county (宝清县 230523, the default 90 days)
over HTTP, against the same figures computed by hand-written SQL on the raw tables (asyncpg,
same database, same run): the ratio. `run()` is what `python -m bench dashboard` calls.

For a closer look at a database you filled yourself, in process (the service function, no HTTP),
with the plans of the queries it sends:

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

import asyncpg
import httpx
from safecampus.auth.identity import CurrentUser
from safecampus.dashboard import services
from safecampus.db import OrgUnit
from safecampus.db.engine import Database
from safecampus.hazards.rules import today
from sqlalchemy import event, select

from bench.common import Result, fresh_database, login, serve, summary_ms


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


GOAL_P95_MS, GOAL_LOAD_S = 300, 300
COUNTY = "230523"

# The dashboard's figures by hand on the raw tables: what the database must do at least.
HAND_SQL = [
    """SELECT c.id, h.category, h.section_code,
              count(*) FILTER (WHERE h.status <> 'closed' AND h.grade = 'general'),
              count(*) FILTER (WHERE h.status <> 'closed' AND h.grade = 'major'),
              count(*) FILTER (WHERE h.status <> 'closed' AND h.due_on < $5),
              count(*) FILTER (WHERE h.found_at >= $3 AND h.found_at < $4),
              count(*) FILTER (WHERE h.closed_at >= $3 AND h.closed_at < $4),
              count(*) FILTER (WHERE h.found_at >= $3 AND h.found_at < $4 AND h.status = 'closed'),
              count(*) FILTER (WHERE h.closed_at >= $3 AND h.closed_at < $4
                               AND (h.closed_at AT TIME ZONE 'Asia/Shanghai')::date <= h.due_on),
              count(*) FILTER (WHERE h.found_at >= $3 AND h.found_at < $4 AND h.recurrence_of IS NOT NULL),
              count(*) FILTER (WHERE h.status = 'submitted')
       FROM hazard h JOIN org_unit s ON s.id = h.school_id AND s.path LIKE $1 || '%'
       LEFT JOIN org_unit c ON c.parent_id = $2 AND left(s.path, length(c.path)) = c.path
       WHERE h.status <> 'closed' OR (h.found_at >= $3 AND h.found_at < $4) OR (h.closed_at >= $3 AND h.closed_at < $4)
       GROUP BY 1, 2, 3""",
    """SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM h.closed_at - h.found_at) / 86400)
       FROM hazard h JOIN org_unit s ON s.id = h.school_id AND s.path LIKE $1 || '%'
       WHERE h.closed_at >= $2 AND h.closed_at < $3""",
    """SELECT date_trunc('week', h.found_at AT TIME ZONE 'Asia/Shanghai') AS week, count(*)
       FROM hazard h JOIN org_unit s ON s.id = h.school_id AND s.path LIKE $1 || '%'
       WHERE h.found_at >= $2 AND h.found_at < $3 GROUP BY 1""",
    """SELECT date_trunc('week', h.closed_at AT TIME ZONE 'Asia/Shanghai') AS week, count(*)
       FROM hazard h JOIN org_unit s ON s.id = h.school_id AND s.path LIKE $1 || '%'
       WHERE h.closed_at >= $2 AND h.closed_at < $3 GROUP BY 1""",
    """SELECT h.id, s.name, h.description, h.status, h.found_at, h.due_on
       FROM hazard h JOIN org_unit s ON s.id = h.school_id AND s.path LIKE $1 || '%'
       WHERE h.status <> 'closed' AND h.grade = 'major' ORDER BY h.found_at, h.id""",
]


async def _hand_sql(dsn: str, unit: asyncpg.Record, runs: int) -> list[float]:
    span = services.period(None, None)
    begin, finish = span.bounds
    connection = await asyncpg.connect(dsn)
    await connection.execute("SET plan_cache_mode = force_custom_plan")  # as the app does: see rollups.py
    took = []
    try:
        for i in range(runs + 2):
            started = time.perf_counter()
            async with connection.transaction(readonly=True):
                await connection.fetch(HAND_SQL[0], unit["path"], unit["id"], begin, finish, span.end)
                await connection.fetchval(HAND_SQL[1], unit["path"], begin, finish)
                for sql in HAND_SQL[2:4]:
                    await connection.fetch(sql, unit["path"], begin, finish)
                await connection.fetch(HAND_SQL[4], unit["path"])
            if i >= 2:  # two to warm up, as for the API
                took.append((time.perf_counter() - started) * 1000)
    finally:
        await connection.close()
    return took


async def _http(url: str, token: str, unit_id: object | None, runs: int) -> list[float]:
    took = []
    params = {"org_unit_id": str(unit_id)} if unit_id else {}
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=120) as client:
        for i in range(runs + 2):
            started = time.perf_counter()
            response = await client.get("/api/v1/dashboard/", params=params)
            response.raise_for_status()
            if i >= 2:
                took.append((time.perf_counter() - started) * 1000)
    return took


async def _units(dsn: str) -> tuple[asyncpg.Record, asyncpg.Record, int]:
    connection = await asyncpg.connect(dsn)
    try:
        city = await connection.fetchrow("SELECT id, path FROM org_unit WHERE kind = 'city_bureau'")
        county = await connection.fetchrow("SELECT id, path FROM org_unit WHERE code = $1", COUNTY)
        hazards = await connection.fetchval("SELECT count(*) FROM hazard")
        return city, county, hazards
    finally:
        await connection.close()


def run(sizes: list[int], runs: int = 30) -> Result:
    result = Result("dashboard")
    figures = []
    for size in sizes:
        with fresh_database(f"dash{size}") as database:
            started = time.perf_counter()
            database.cli("demo", "--scale", str(size))
            load_s = time.perf_counter() - started
            city, county, hazards = asyncio.run(_units(database.dsn))
            entry: dict[str, Any] = {"schools": size, "hazards": hazards, "load_seconds": round(load_s, 1)}
            with serve(database) as server:
                token = login(server.url, "viewer")
                for label, unit in (("city", city), ("county", county)):
                    api = summary_ms(asyncio.run(_http(server.url, token, None if label == "city" else unit["id"], runs)))
                    sql = summary_ms(asyncio.run(_hand_sql(database.dsn, unit, runs)))
                    entry[label] = {"api": api, "hand_sql": sql,
                                    "ratio_p50": round(api["p50_ms"] / sql["p50_ms"], 2),
                                    "ratio_p95": round(api["p95_ms"] / sql["p95_ms"], 2)}
            figures.append(entry)
    result.data = {"sizes": figures, "runs": runs, "period": "the default 90 days"}
    for entry in figures:
        size = entry["schools"]
        result.add(f"load `demo --scale {size}` ({entry['hazards']:,} hazards)", f"{entry['load_seconds']:.0f} s",
                   f"< {GOAL_LOAD_S} s" if size >= 1000 else "")
        for label in ("city", "county"):
            f = entry[label]
            result.add(f"{size} schools, {label}: p50 / p95 API (hand SQL)",
                       f"{f['api']['p50_ms']:.0f} / {f['api']['p95_ms']:.0f} ms "
                       f"({f['hand_sql']['p50_ms']:.0f} / {f['hand_sql']['p95_ms']:.0f})",
                       f"p95 < {GOAL_P95_MS} ms" if label == "city" else "")
            result.add(f"{size} schools, {label}: API / hand SQL", f"{f['ratio_p50']:.1f}x p50, {f['ratio_p95']:.1f}x p95")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("database_url")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    asyncio.run(main(args.database_url, args.runs, args.explain))
