"""Load: simulated phones (bench/phones.py: they sync as the field app does) against the production
server (uvicorn, one process, as `safecampus serve`) on a fresh PostgreSQL database, over loopback.
Each phone signs in (at most LOGIN_CONCURRENCY at a time: argon2 takes a quarter of a second of CPU
per sign-in, on purpose), then, for the measured seconds, over and over makes an inspection of the
22-item daily checklist with HAZARDS hazards, each with one 1600 px photo (the app's downscale), and
syncs it: the photos, then the inspection. Then the phones get DRAIN_S to empty their outboxes, and
what the server stored is counted against what it acknowledged: nothing lost, nothing doubled."""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter
from typing import Any

from bench.common import (
    PHONE_PASSWORD,
    BenchDatabase,
    Result,
    Server,
    fresh_database,
    phone_username,
    serve,
    summary_ms,
)
from bench.ingest import body
from bench.phones import NO_ANSWER, Phone, Tally, field_data, stored, stored_of
from bench.photos import camera_jpegs, distinct_copies, phone_downscale

HAZARDS = 2
LOGIN_CONCURRENCY = 8
DRAIN_S = 60.0
CHECKLIST = "daily_campus"
# Every phone has its own address, as behind the reverse proxy of a deployment (README): the
# server trusts X-Forwarded-For from loopback, so that the per-address sign-in limit counts phones.
SERVER_ENV = {"SAFECAMPUS_FORWARDED_ALLOW_IPS": "127.0.0.1"}


def _address(n: int) -> str:
    return f"10.0.{n // 250}.{n % 250 + 1}"


async def _sign_in(phones: list[Phone]) -> tuple[list[float], float]:
    gate = asyncio.Semaphore(LOGIN_CONCURRENCY)

    async def one(phone: Phone) -> float:
        async with gate:
            return await phone.login()

    started = time.perf_counter()
    took = await asyncio.gather(*(one(phone) for phone in phones))
    return list(took), time.perf_counter() - started


async def _work(phone: Phone, n: int, checklist: dict[str, Any], schools: list[str], photo: bytes,
                until: float) -> None:
    """Inspection after inspection until ``until``, each synced before the next is made."""
    made = 0
    while time.monotonic() < until:
        copies = distinct_copies(photo, HAZARDS, tag=f"{phone.username}-{made}")
        hashes = [phone.queue_photo(data) for data in copies]
        phone.queue_inspection(body(checklist, schools[(n + made) % len(schools)], photos=[[sha] for sha in hashes]))
        made += 1
        await phone.sync(until)


def _snapshot(tally: Tally) -> dict[str, Any]:
    return {"requests": tally.requests, "acknowledged": {k: len(v) for k, v in tally.acknowledged.items()},
            "latencies": {k: len(v) for k, v in tally.latencies_ms.items()}}


async def _window(tally: Tally, seconds: float) -> dict[str, Any]:
    """What the phones did in the measured seconds (answers that came later belong to the drain)."""
    start = _snapshot(tally)
    await asyncio.sleep(seconds)
    end = _snapshot(tally)
    return {"seconds": seconds, "requests": end["requests"] - start["requests"],
            "acknowledged": {k: n - start["acknowledged"].get(k, 0) for k, n in end["acknowledged"].items()},
            "latencies": {k: (start["latencies"].get(k, 0), n) for k, n in end["latencies"].items()}}


def _server_log(server: Server) -> dict[str, int]:
    """The server's warnings and errors by kind, e.g. "database unavailable: TimeoutError" (the
    wait for a pooled connection ran out) or "unhandled error" (a bug)."""
    found: Counter[str] = Counter()
    for line in server.log_path.read_text(errors="replace").splitlines():
        if match := re.search(r"(database unavailable) on \S+ \S+: (\w+)", line):
            found[f"{match[1]}: {match[2]}"] += 1
        elif "unhandled error" in line:
            found["unhandled error"] += 1
    return dict(found)


async def _run(database: BenchDatabase, server: Server, phone_count: int, seconds: float) -> dict[str, Any]:
    photo = phone_downscale(camera_jpegs(1)[0])
    tally = Tally()
    phones = [Phone(server.url, phone_username(n), PHONE_PASSWORD, tally, address=_address(n), seed=n)
              for n in range(phone_count)]
    try:
        logins, login_s = await _sign_in(phones)
        checklist, schools = await field_data(phones[0], database.dsn, CHECKLIST)
        before = await stored(database.dsn, database.photo_dir)
        cpu_before = server.cpu_seconds()
        until = time.monotonic() + seconds
        measured = asyncio.create_task(_window(tally, seconds))
        await asyncio.gather(*(_work(phone, n, checklist, schools, photo, until) for n, phone in enumerate(phones)))
        window = await measured
        cpu = server.cpu_seconds() - cpu_before  # the answers still coming after the window included
        requests = tally.requests - len(phones)  # not the sign-ins
        await asyncio.gather(*(phone.sync(until=time.monotonic() + DRAIN_S) for phone in phones))
        drained_s = time.monotonic() - until
        after = await stored(database.dsn, database.photo_dir)
        of_acknowledged = await stored_of(database.dsn, tally.acknowledged["inspection"], tally.hazards,
                                          tally.acknowledged["photo"])
    finally:
        await asyncio.gather(*(phone.close() for phone in phones))
    added = {k: after[k] - before[k] for k in after}
    in_window = {kind: tally.latencies_ms[kind][a:b] for kind, (a, b) in window["latencies"].items() if kind != "login"}
    acknowledged = {k: len(tally.acknowledged[k]) for k in ("inspection", "photo")}
    left = sum(len(phone.outbox) for phone in phones)
    lost = {"inspections": acknowledged["inspection"] - of_acknowledged["inspections"],
            "photos": acknowledged["photo"] - of_acknowledged["photos"],
            "hazards": len(tally.hazards) - of_acknowledged["hazards"]}
    # One audit event per stored inspection and per photo holder: a write processed twice shows here.
    doubled = {"inspections": added["inspection_events"] - added["inspections"],
               "photos": added["photo_events"] - added["photo_holders"]}
    # Stored without an acknowledgement: only what is still queued on a phone that missed the answer.
    unacknowledged = {"inspections": added["inspections"] - of_acknowledged["inspections"],
                      "photos": added["photos"] - of_acknowledged["photos"]}
    return {
        "phones": phone_count, "seconds": seconds, "after_window_seconds": round(drained_s, 1),
        "sign_in": {"seconds": round(login_s, 1), **summary_ms(logins)},
        "window": window, "statuses": dict(tally.statuses), "acknowledged": acknowledged, "left_on_phones": left,
        "held": len(tally.held), "added": added, "of_acknowledged": of_acknowledged, "lost": lost, "doubled": doubled,
        "stored_unacknowledged": unacknowledged, "missing_photos_listed": tally.missing_photos,
        "server_cpu_ms_per_request": round(cpu * 1000 / max(requests, 1), 1),
        "latency": {kind: summary_ms(values) for kind, values in in_window.items()},
        "all_requests": summary_ms([v for values in in_window.values() for v in values]),
        "server_log": _server_log(server),
    }


def run(phones: int = 200, seconds: float = 60) -> Result:
    with fresh_database("load", phones=phones) as database, serve(database, env=SERVER_ENV) as server:
        data = asyncio.run(_run(database, server, phones, seconds))
        data["audit"] = database.cli("audit", "verify").strip()
    result = Result("load", data=data)
    window, s = data["window"], data["seconds"]
    inspections, photos = window["acknowledged"].get("inspection", 0), window["acknowledged"].get("photo", 0)
    statuses = data["statuses"]
    server_errors = sum(n for status, n in statuses.items() if status.startswith("5"))
    other = {status: n for status, n in statuses.items() if status[0] not in "25"}
    sign_in = data["sign_in"]
    result.add(f"{phones} phones sign in ({LOGIN_CONCURRENCY} at a time)",
               f"{sign_in['seconds']:.0f} s, p50 / p99 {sign_in['p50_ms']:.0f} / {sign_in['p99_ms']:.0f} ms")
    result.add(f"{phones} phones, {s:.0f} s: inspections/s, photos/s, requests/s",
               f"{inspections / s:.1f}, {photos / s:.1f}, {window['requests'] / s:.1f}")
    for label, figures in (("photo PUT", data["latency"].get("photo")),
                           ("inspection PUT", data["latency"].get("inspection")), ("every request", data["all_requests"])):
        if figures and figures["n"]:
            result.add(f"{label}: p50 / p99", f"{figures['p50_ms']:.0f} / {figures['p99_ms']:.0f} ms")
    result.add("5xx answers; other refusals; no answer (timeouts)",
               f"{server_errors}; {sum(n for st, n in other.items() if st != NO_ANSWER)}; {other.get(NO_ANSWER, 0)}",
               "0 5xx")
    result.add("acknowledged but not stored; processed twice; stored, not acknowledged",
               f"{sum(data['lost'].values())}; {sum(data['doubled'].values())}; "
               f"{sum(data['stored_unacknowledged'].values())} (left on phones: {data['left_on_phones']})", "0; 0")
    result.add("audit trail", data["audit"])
    return result
