"""Simulated phones that sync the way the field app does (pwa/outbox.js, pwa/sync.js, pwa/app.js).

Every write is queued first, under the client's id (photos under their SHA-256). A flush sends
the photos one by one, then the records in the order they were made. No answer, 408, 429 and 5xx
are retried after the outbox's back-off (5 s, 15 s, 30 s, ... ±20 %: read from pwa/outbox.js)
with the same request; such a failure ends the round, and the retry timer wakes the phone when
the next operation is due, never sooner than a second. Any other refusal is held (the app shows
it and never retries it by itself); a 401 stops the phone until someone signs in. A phone has one
connection of its own and sends one request at a time. Every answer goes into a Tally, so that
what the server acknowledged can be counted against what it stored (``stored``)."""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import random
import re
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from safecampus.settings import REPO_ROOT

_OUTBOX_JS = REPO_ROOT / "pwa" / "outbox.js"
BACKOFF_S = tuple(float(s) for s in re.search(  # type: ignore[union-attr]
    r"BACKOFF_S\s*=\s*\[([\d,\s]+)\]", _OUTBOX_JS.read_text("utf-8")).group(1).split(","))
TIMER_FLOOR_S = 1.0  # app.js scheduleRetry: the retry timer never fires sooner than a second
RECORD_TIMEOUT_S, PHOTO_TIMEOUT_S = 20.0, 60.0  # api.js: 20 s by default, sync.js: 60 s for a photo
NO_ANSWER = "no answer"  # a refused connection, a reset, a timeout: the app's NetworkError


def classify(status: int) -> str:
    """outbox.js classify: "retry" later, sign in again ("auth"), or hold ("conflict"/"failed").
    ``status`` 0 is no answer."""
    if not status:
        return "retry"
    if status == 401:
        return "auth"
    if status == 409:
        return "conflict"
    if status in (408, 429) or status >= 500:
        return "retry"
    return "failed"


def backoff_s(attempts: int, rng: random.Random) -> float:
    """outbox.js backoffMs, in seconds: the n-th failure's step, the last step repeating, ±20 %."""
    return BACKOFF_S[min(max(attempts, 1), len(BACKOFF_S)) - 1] * (0.8 + 0.4 * rng.random())


@dataclass
class Op:
    """One queued write: the exact request, sent again unchanged on every retry."""

    kind: str  # "photo" | "inspection"
    key: str  # the photo's SHA-256, the inspection's id
    path: str
    content: bytes
    content_type: str
    seq: int
    state: str = "pending"  # "pending" | "conflict" | "failed" (held)
    attempts: int = 0
    next_at: float = 0.0  # time.monotonic()

    @property
    def timeout(self) -> float:
        return PHOTO_TIMEOUT_S if self.kind == "photo" else RECORD_TIMEOUT_S


@dataclass
class Tally:
    """Every answer every phone got."""

    queued: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # keys, by kind
    statuses: Counter[str] = field(default_factory=Counter)  # "201", "200", "503", NO_ANSWER, ...
    latencies_ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))  # answered, by kind
    acknowledged: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # keys, by kind
    hazards: set[str] = field(default_factory=set)  # ids of the hazards of acknowledged inspections
    missing_photos: int = 0  # hashes an acknowledged inspection listed as not uploaded yet
    held: list[tuple[Op, int, str]] = field(default_factory=list)  # (op, status, answer) the app would show
    signed_out: int = 0  # phones stopped by a 401

    def record(self, kind: str, status: int, took_ms: float) -> None:
        self.statuses[str(status) if status else NO_ANSWER] += 1
        if status:
            self.latencies_ms[kind].append(took_ms)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    def count(self, predicate: Any) -> int:
        return sum(n for status, n in self.statuses.items() if predicate(status))

    @property
    def server_errors(self) -> int:
        return self.count(lambda s: s[0] == "5")


class Phone:
    """One phone: an account, a connection, an outbox."""

    def __init__(self, url: str, username: str, password: str, tally: Tally, *, address: str | None = None,
                 seed: int = 0) -> None:
        # ``address``: the phone's own address as a reverse proxy would forward it (X-Forwarded-For),
        # for a server started with SAFECAMPUS_FORWARDED_ALLOW_IPS=127.0.0.1.
        self.client = httpx.AsyncClient(base_url=url, headers={"X-Forwarded-For": address} if address else {},
                                        limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
                                        timeout=RECORD_TIMEOUT_S)
        self.username, self.password = username, password
        self.tally = tally
        self.outbox: list[Op] = []
        self.rng = random.Random(seed)
        self._seq = itertools.count()
        self.signed_out = False

    async def login(self) -> float:
        """Sign in; returns the milliseconds it took."""
        started = time.perf_counter()
        response = await self.client.post("/api/v1/auth/login", json={
            "username": self.username, "password": self.password})
        took = (time.perf_counter() - started) * 1000
        self.tally.record("login", response.status_code, took)
        response.raise_for_status()
        self.client.headers["Authorization"] = f"Bearer {response.json()['token']}"
        return took

    async def get_json(self, path: str) -> Any:
        response = await self.client.get(path)
        response.raise_for_status()
        return response.json()

    def queue_photo(self, data: bytes) -> str:
        """sync.js enqueuePhoto: once per hash; the capture time goes along as the app declares it."""
        sha = hashlib.sha256(data).hexdigest()
        if not any(op.key == sha for op in self.outbox):
            taken_at = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
            self.outbox.append(Op("photo", sha, f"/api/v1/photos/{sha}?taken_at={taken_at}", data, "image/jpeg",
                                  next(self._seq)))
            self.tally.queued["photo"].add(sha)
        return sha

    def queue_inspection(self, body: dict[str, Any]) -> str:
        inspection_id = str(uuid.uuid4())
        self.outbox.append(Op("inspection", inspection_id, f"/api/v1/inspections/{inspection_id}",
                              json.dumps(body, ensure_ascii=False).encode(), "application/json", next(self._seq)))
        self.tally.queued["inspection"].add(inspection_id)
        self.tally.queued["hazard"].update(r["hazard"]["id"] for r in body["results"] if "hazard" in r)
        return inspection_id

    async def flush(self) -> None:
        """sync.js flushOnce: what is due, photos first, then records; a retry or 401 ends the round."""
        if self.signed_out:
            return
        now = time.monotonic()
        due = [op for op in self.outbox if op.state == "pending" and op.next_at <= now]
        for kind_is_photo in (True, False):
            for op in sorted((op for op in due if (op.kind == "photo") == kind_is_photo), key=lambda op: op.seq):
                if not await self._handle(op):
                    return

    async def sync(self, until: float) -> None:
        """app.js sync and scheduleRetry: flush, then sleep until the next operation is due, until
        the outbox is empty (or only holds refused operations) or ``until`` (time.monotonic())."""
        while True:
            await self.flush()
            due = [op.next_at for op in self.outbox if op.state == "pending"]
            if not due or self.signed_out or time.monotonic() >= until:
                return
            await asyncio.sleep(min(max(TIMER_FLOOR_S, min(due) - time.monotonic()), max(0.0, until - time.monotonic())))

    async def _handle(self, op: Op) -> bool:
        status, answer = await self._send(op)
        if 200 <= status < 300:
            self.outbox.remove(op)
            self.tally.acknowledged[op.kind].add(op.key)
            if op.kind == "inspection":
                self.tally.hazards.update(answer["hazard_ids"])
                self.tally.missing_photos += len(answer["missing_photos"])
            return True
        kind = classify(status)
        if kind == "retry":
            op.attempts += 1
            op.next_at = time.monotonic() + backoff_s(op.attempts, self.rng)
            return False
        if kind == "auth":
            self.signed_out = True
            self.tally.signed_out += 1
            return False
        op.attempts += 1
        op.state = kind
        self.tally.held.append((op, status, json.dumps(answer, ensure_ascii=False)[:300]))
        return True

    async def _send(self, op: Op) -> tuple[int, Any]:
        started = time.perf_counter()
        try:
            async with asyncio.timeout(op.timeout):  # api.js aborts the whole request, not one read
                response = await self.client.put(op.path, content=op.content, timeout=None,
                                                 headers={"Content-Type": op.content_type})
        except (httpx.TransportError, TimeoutError):  # refused, reset, timed out: no answer
            self.tally.record(op.kind, 0, 0.0)
            return 0, None
        self.tally.record(op.kind, response.status_code, (time.perf_counter() - started) * 1000)
        try:
            return response.status_code, response.json()
        except ValueError:
            return response.status_code, response.text

    async def close(self) -> None:
        await self.client.aclose()


async def field_data(phone: Phone, dsn: str, checklist_code: str, county: str = "230502") -> tuple[dict[str, Any], list[str]]:
    """The checklist (with its items) the phones answer, and the schools of the county they inspect."""
    [summary] = [c for c in await phone.get_json("/api/v1/checklists") if c["code"] == checklist_code]
    checklist = await phone.get_json(f"/api/v1/checklists/{summary['id']}")
    connection = await asyncpg.connect(dsn)
    try:
        schools = [str(r[0]) for r in await connection.fetch(
            "SELECT id FROM org_unit WHERE kind = 'school' AND path LIKE $1", f"%/{county}/%")]
    finally:
        await connection.close()
    return checklist, schools


# --- what the server stored ---------------------------------------------------------------------

_TOTALS = {
    "inspections": "SELECT count(*) FROM inspection",
    "items": "SELECT count(*) FROM inspection_result",
    "hazards": "SELECT count(*) FROM hazard",
    "hazard_photos": "SELECT count(*) FROM hazard_photo",
    "photos": "SELECT count(*) FROM photo",
    "photo_holders": "SELECT count(*) FROM photo_holder",
    "inspection_events": "SELECT count(*) FROM audit_event WHERE action = 'inspection.submit'",
    "photo_events": "SELECT count(*) FROM audit_event WHERE action = 'photo.upload'",
}


def photo_files(photo_dir: Path) -> dict[str, int]:
    """Files in the photo store: each photo's image and thumbnail, and temporary files a killed
    upload left behind (never under a photo's name)."""
    names = [p.name for p in photo_dir.rglob("*") if p.is_file()] if photo_dir.exists() else []
    return {"image_files": sum(n.endswith(".image.jpg") for n in names),
            "thumb_files": sum(n.endswith(".thumb.jpg") for n in names),
            "temporary_files": sum(n.startswith(".upload-") for n in names)}


async def stored(dsn: str, photo_dir: Path) -> dict[str, int]:
    """Rows (and files) the server holds now; the difference of two calls is what a run added."""
    connection = await asyncpg.connect(dsn)
    try:
        counts = {name: int(await connection.fetchval(sql)) for name, sql in _TOTALS.items()}
    finally:
        await connection.close()
    return counts | photo_files(photo_dir)


async def stored_of(dsn: str, inspections: set[str], hazards: set[str], photos: set[str]) -> dict[str, int]:
    """How many of these inspections, hazards and photos the server holds, and their audit events."""
    inspection_ids = [uuid.UUID(i) for i in inspections]
    connection = await asyncpg.connect(dsn)
    try:
        return {
            "inspections": await connection.fetchval("SELECT count(*) FROM inspection WHERE id = ANY($1)", inspection_ids),
            "items": await connection.fetchval(
                "SELECT count(*) FROM inspection_result WHERE inspection_id = ANY($1)", inspection_ids),
            "hazards": await connection.fetchval("SELECT count(*) FROM hazard WHERE id = ANY($1)",
                                                 [uuid.UUID(h) for h in hazards]),
            "photos": await connection.fetchval("SELECT count(*) FROM photo WHERE sha256 = ANY($1)", list(photos)),
            "inspection_events": await connection.fetchval(
                "SELECT count(*) FROM audit_event WHERE action = 'inspection.submit' AND entity_id = ANY($1)",
                list(inspections)),
        }
    finally:
        await connection.close()
