"""Ingest: concurrent clients PUT checklist inspections (40 items, 5 hazards, each naming photos
by hash that were never uploaded: the server lists them as missing, the real sync contract) for
a fixed time; then the same rows written by raw asyncpg COPY into the same tables, same run."""

from __future__ import annotations

import asyncio
import hashlib
import random
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx

from bench.common import (
    BENCH_CHECKLIST,
    BENCH_ITEMS,
    BenchDatabase,
    Result,
    fresh_database,
    serve,
    summary_ms,
)
from bench.phones import Phone, Tally, field_data

TABLES = ("inspection", "inspection_result", "hazard", "hazard_photo", "audit_event")
HAZARDS = 5
PHOTOS_PER_HAZARD = 2
GOAL_RATIO, GOAL_P99_MS = 0.10, 250


def body(checklist: dict[str, Any], school_id: str, photos: Sequence[Sequence[str]] | None = None) -> dict[str, Any]:
    """An inspection answering every item, with HAZARDS hazards each naming PHOTOS_PER_HAZARD
    hashes of photos never uploaded; or with one hazard per group of ``photos``."""
    started = datetime.now(UTC) - timedelta(minutes=30)
    groups = iter(photos if photos is not None else [
        [hashlib.sha256(uuid.uuid4().bytes).hexdigest() for _ in range(PHOTOS_PER_HAZARD)] for _ in range(HAZARDS)])
    hazard_items = set(random.sample(range(len(checklist["items"])), HAZARDS if photos is None else len(photos)))
    results = []
    for i, item in enumerate(checklist["items"]):
        if i in hazard_items:
            results.append({"item_code": item["code"], "outcome": "hazard", "hazard": {
                "id": str(uuid.uuid4()), "description": f"{item['check']}：发现问题", "photos": list(next(groups)),
                "location_note": "教学楼东侧"}})
        else:
            results.append({"item_code": item["code"], "outcome": "pass"})
    return {"school_id": school_id, "checklist_id": checklist["id"], "kind": "daily",
            "started_at": started.isoformat(), "finished_at": (started + timedelta(minutes=20)).isoformat(),
            "results": results, "location": {"lat": 46.6435, "lon": 131.1590, "accuracy_m": 12.0}}


async def _counts(connection: asyncpg.Connection) -> dict[str, int]:
    return {t: await connection.fetchval(f"SELECT count(*) FROM {t}") for t in TABLES}


async def _clients(url: str, token: str, checklist: dict[str, Any], schools: list[str], clients: int,
                   seconds: float, warmup: float) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"}, limits=limits,
                                 timeout=60) as client:
        start = time.perf_counter()
        measure_from, stop_at = start + warmup, start + warmup + seconds

        async def one_client() -> None:
            nonlocal errors
            while (now := time.perf_counter()) < stop_at:
                payload = body(checklist, random.choice(schools))
                sent = time.perf_counter()
                response = await client.put(f"/api/v1/inspections/{uuid.uuid4()}", json=payload)
                took = (time.perf_counter() - sent) * 1000
                if response.status_code != 201:
                    errors += 1
                    if errors < 3:
                        print(f"ingest: HTTP {response.status_code}: {response.text[:300]}")
                elif now >= measure_from:
                    latencies.append(took)

        await asyncio.gather(*(one_client() for _ in range(clients)))
        elapsed = time.perf_counter() - measure_from
    return latencies, errors, elapsed


async def _copy_same_rows(dsn: str, inspections: int) -> tuple[int, float]:
    """Read back what the server wrote for a sample of inspections, give the copies new ids,
    and COPY ``inspections`` inspections' worth of those rows into the same tables."""
    connection = await asyncpg.connect(dsn)
    try:
        sample_ids = [r[0] for r in await connection.fetch("SELECT id FROM inspection ORDER BY created_at DESC LIMIT 20")]
        rows: dict[str, list[asyncpg.Record]] = {
            "inspection": await connection.fetch("SELECT * FROM inspection WHERE id = ANY($1)", sample_ids),
            "inspection_result": await connection.fetch(
                "SELECT * FROM inspection_result WHERE inspection_id = ANY($1)", sample_ids),
            "hazard": await connection.fetch("SELECT * FROM hazard WHERE inspection_id = ANY($1)", sample_ids),
        }
        hazard_ids = [r["id"] for r in rows["hazard"]]
        rows["hazard_photo"] = await connection.fetch("SELECT * FROM hazard_photo WHERE hazard_id = ANY($1)", hazard_ids)
        keys = [str(i) for i in sample_ids + hazard_ids]
        rows["audit_event"] = await connection.fetch("SELECT * FROM audit_event WHERE entity_id = ANY($1)", keys)
        columns = {t: list(rows[t][0].keys()) for t in TABLES}
        seq = await connection.fetchval("SELECT max(seq) FROM audit_event")
        # Build every record first: COPY alone is timed.
        records: dict[str, list[tuple[Any, ...]]] = {t: [] for t in TABLES}
        rounds = max(1, round(inspections / len(sample_ids)))
        for _ in range(rounds):
            fresh: dict[Any, Any] = {}
            for table in TABLES:
                for record in rows[table]:
                    values = []
                    for column, value in record.items():
                        if table == "audit_event" and column == "seq":
                            seq += 1
                            value = seq
                        elif isinstance(value, uuid.UUID) and (column == "id" or value in fresh):
                            value = fresh.setdefault(value, uuid.uuid4())
                        elif table == "audit_event" and column == "entity_id" and value:
                            value = str(fresh.setdefault(uuid.UUID(value), uuid.uuid4()))
                        values.append(value)
                    records[table].append(tuple(values))
        total = sum(len(v) for v in records.values())
        started = time.perf_counter()
        async with connection.transaction():
            for table in TABLES:  # parents before children: the foreign keys are checked
                await connection.copy_records_to_table(table, records=records[table], columns=columns[table])
        took = time.perf_counter() - started
        return total, took
    finally:
        await connection.close()


async def _setup(database: BenchDatabase, url: str) -> tuple[str, dict[str, Any], list[str]]:
    phone = Phone(url, "inspector", "demo-inspector", Tally())
    try:
        await phone.login()
        checklist, schools = await field_data(phone, database.dsn, BENCH_CHECKLIST)
    finally:
        await phone.close()
    assert len(checklist["items"]) == BENCH_ITEMS
    return phone.client.headers["Authorization"].removeprefix("Bearer "), checklist, schools


async def _round(database: BenchDatabase, workers: int, clients: int, seconds: float, warmup: float) -> dict[str, Any]:
    with serve(database, workers=workers) as server:
        token, checklist, schools = await _setup(database, server.url)
        connection = await asyncpg.connect(database.dsn)
        before = await _counts(connection)
        cpu_before = server.cpu_seconds()
        latencies, errors, elapsed = await _clients(server.url, token, checklist, schools, clients, seconds, warmup)
        cpu = server.cpu_seconds() - cpu_before
        after = await _counts(connection)
        await connection.close()
    written = sum(after[t] - before[t] for t in TABLES)
    total_inspections = after["inspection"] - before["inspection"]
    rows_per_inspection = written / max(total_inspections, 1)
    done = len(latencies)
    return {"workers": workers, "clients": clients, "seconds": round(elapsed, 2), "inspections": done,
            "errors": errors, "inspections_per_s": round(done / elapsed, 2),
            "rows_per_inspection": round(rows_per_inspection, 1),
            "rows_per_s": round(done * rows_per_inspection / elapsed, 1),
            "server_cpu_ms_per_inspection": round(cpu * 1000 / max(total_inspections, 1), 1),
            **summary_ms(latencies)}


def run(seconds: float = 20, clients: int = 20, warmup: float = 2, worker_counts: tuple[int, ...] = (1, 2)) -> Result:
    result = Result("ingest")
    with fresh_database("ingest") as database:
        rounds = [asyncio.run(_round(database, w, clients, seconds, warmup)) for w in worker_counts]
        copy_inspections = max(200, max(r["inspections"] for r in rounds))
        copied, took = asyncio.run(_copy_same_rows(database.dsn, copy_inspections))
    copy_rows_per_s = copied / took
    result.data = {"rounds": rounds, "copy": {"rows": copied, "seconds": round(took, 3),
                                              "rows_per_s": round(copy_rows_per_s, 1)},
                   "hazards_per_inspection": HAZARDS, "photos_per_hazard": PHOTOS_PER_HAZARD,
                   "items_per_inspection": BENCH_ITEMS}
    for r in rounds:
        r["ratio_to_copy"] = round(r["rows_per_s"] / copy_rows_per_s, 4)
        label = f"ingest, {r['workers']} worker{'s' if r['workers'] > 1 else ''}, {r['clients']} clients"
        result.add(f"{label}: inspections/s", f"{r['inspections_per_s']:.1f} ({r['rows_per_s']:.0f} rows/s)")
        result.add(f"{label}: p50 / p99", f"{r['p50_ms']:.0f} / {r['p99_ms']:.0f} ms", f"p99 < {GOAL_P99_MS} ms")
        result.add(f"{label}: rows/s vs raw COPY", f"{r['ratio_to_copy']:.1%}", f">= {GOAL_RATIO:.0%}")
    result.add("raw asyncpg COPY, same rows, same tables", f"{copy_rows_per_s:,.0f} rows/s")
    return result
