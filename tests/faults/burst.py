"""A burst of field work from simulated phones (bench/phones.py: they retry as the app's outbox
does) against the production server, with faults struck while it runs; then what the server
stored is counted against what was sent."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bench.common import PHONE_PASSWORD, SHORT_CHECKLIST, BenchDatabase, Server, phone_username
from bench.ingest import body
from bench.phones import Phone, Tally, field_data, stored, stored_of
from bench.photos import distinct_copies, scene_jpeg

INSPECTIONS, PHOTOS, PHONES = 500, 1000, 20
PHOTOS_PER_INSPECTION = PHOTOS // INSPECTIONS
PHOTOS_PER_HAZARD = 2
PHOTO_SIZE = (160, 120)  # small: the server's work per photo is not what is tested here


@dataclass
class Fault:
    """``strike`` (blocking; the phones keep going meanwhile) once ``at`` of the burst's writes
    are acknowledged."""

    at: float
    name: str
    strike: Callable[[], None]


@dataclass
class Outcome:
    tally: Tally
    items_per_inspection: int
    added: dict[str, int]  # rows and files the burst added
    of_sent: dict[str, int]  # rows of the sent ids
    struck: list[str] = field(default_factory=list)  # faults, with how long each took
    left: int = 0  # writes still queued on the phones at the end
    seconds: float = 0.0


async def _strike_on_progress(tally: Tally, total: int, faults: list[Fault], done: asyncio.Event,
                              struck: list[str]) -> None:
    for fault in faults:
        while sum(map(len, tally.acknowledged.values())) < fault.at * total:
            if done.is_set():
                return
            await asyncio.sleep(0.02)
        started = time.monotonic()
        await asyncio.to_thread(fault.strike)
        struck.append(f"{fault.name} ({time.monotonic() - started:.1f} s)")


async def burst(database: BenchDatabase, server: Server, faults: list[Fault], *, limit_s: float = 240) -> Outcome:
    tally = Tally()
    phones = [Phone(server.url, phone_username(n), PHONE_PASSWORD, tally, seed=n) for n in range(PHONES)]
    try:
        await asyncio.gather(*(phone.login() for phone in phones))
        checklist, schools = await field_data(phones[0], database.dsn, SHORT_CHECKLIST)
        photos = distinct_copies(scene_jpeg(*PHOTO_SIZE), PHOTOS, tag="faults")
        for i in range(INSPECTIONS):
            phone = phones[i % PHONES]
            mine = photos[i * PHOTOS_PER_INSPECTION:(i + 1) * PHOTOS_PER_INSPECTION]
            hashes = [phone.queue_photo(photo) for photo in mine]
            groups = [hashes[j:j + PHOTOS_PER_HAZARD] for j in range(0, len(hashes), PHOTOS_PER_HAZARD)]
            phone.queue_inspection(body(checklist, schools[i % len(schools)], photos=groups))
        before = await stored(database.dsn, database.photo_dir)
        started = time.monotonic()
        done, struck = asyncio.Event(), []

        async def sync_all() -> None:
            await asyncio.gather(*(phone.sync(until=started + limit_s) for phone in phones))
            done.set()

        async with asyncio.TaskGroup() as group:  # a fault that fails to strike ends the burst at once
            group.create_task(sync_all())
            group.create_task(_strike_on_progress(tally, INSPECTIONS + PHOTOS, faults, done, struck))
        seconds = time.monotonic() - started
        after = await stored(database.dsn, database.photo_dir)
        sent = tally.queued
        of_sent = await stored_of(database.dsn, sent["inspection"], sent["hazard"], sent["photo"])
    finally:
        await asyncio.gather(*(phone.close() for phone in phones))
    return Outcome(tally, len(checklist["items"]), {k: after[k] - before[k] for k in after}, of_sent, struck,
                   sum(len(phone.outbox) for phone in phones), seconds)


def expected(outcome: Outcome) -> dict[str, int]:
    """What exactly-once means in rows and files, for what was sent."""
    inspections, photos, hazards = (len(outcome.tally.queued[k]) for k in ("inspection", "photo", "hazard"))
    return {"inspections": inspections, "items": inspections * outcome.items_per_inspection, "hazards": hazards,
            "hazard_photos": photos, "photos": photos, "photo_holders": photos, "inspection_events": inspections,
            "photo_events": photos, "image_files": photos, "thumb_files": photos}


def report(outcome: Outcome, server: Server) -> dict[str, Any]:
    """Everything worth reading when an assertion fails."""
    errors = [line for line in server.log_path.read_text(errors="replace").splitlines()
              if "ERROR" in line or "Error" in line][:20]
    return {"struck": outcome.struck, "statuses": dict(outcome.tally.statuses), "left": outcome.left,
            "held": [(op.kind, op.key, status, answer) for op, status, answer in outcome.tally.held[:5]],
            "added": outcome.added, "of_sent": outcome.of_sent, "seconds": round(outcome.seconds, 1),
            "server_errors": errors}
