"""A server under test for the sync property: the app on a fresh copy of a prepared database
for each example, and what it must hold after what it was sent."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
from safecampus.app import create_app
from safecampus.audit.services import verify
from safecampus.db import AuditEvent, Photo, PhotoHolder
from safecampus.db.engine import Database
from safecampus.settings import Settings
from sqlalchemy import select

from tests.databases import DatabasePool
from tests.sync.phones import Op


class Copies:
    """Copies of the prepared database, made one ahead and dropped behind in a worker thread:
    making or dropping a PostgreSQL database takes a few hundred milliseconds, as long as
    everything else an example does."""

    def __init__(self, pool: DatabasePool, source: str) -> None:
        self.pool, self.source = pool, source
        self.worker = ThreadPoolExecutor(max_workers=1)
        self.next: Future[str] = self.worker.submit(pool.copy, source)

    def take(self) -> str:
        url, self.next = self.next.result(), self.worker.submit(self.pool.copy, self.source)
        return url

    def give_back(self, url: str) -> None:
        self.worker.submit(self.pool.drop, url)

    def close(self) -> None:
        self.give_back(self.next.result())
        self.worker.shutdown()


@dataclass(frozen=True)
class World:
    """The prepared database (demo data, a second inspector, every phone signed in), whose
    copies the examples use, so that none pays for password hashing."""

    copies: Copies
    headers: dict[str, dict[str, str]]
    units: dict[str, str]
    checklists: dict[str, dict[str, Any]]


class Server:
    """The app, built once per test (building one takes about a second, for its OpenAPI
    document) and served in the test's own event loop: without the lifespan, whose thread would
    share database connections with this loop; the test hands the app its database instead.
    Photo files stay between examples: content-addressed and write-once, a file left over is
    the very file a new upload writes."""

    def __init__(self, settings: Settings) -> None:
        self.app = create_app(settings)
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(self.app, raise_app_exceptions=False),
                                        base_url="http://testserver.local")
        self.db: Database | None = None
        self.copy: tuple[Copies, str] | None = None  # the copy of the world this server uses
        self.headers: dict[str, dict[str, str]] = {}
        self.seen: set[str] = set()  # keys of what it stored, whoever sent it
        self.held: set[tuple[str, str]] = set()  # (username, sha): who has sent which photo
        self.answers: dict[str, Any] = {}  # the first answer per key: every repeat must match it

    async def use(self, url: str) -> None:
        await self.close_database()
        self.app.state.db = self.db = Database(url)

    async def fresh(self, world: World) -> None:
        """A new copy of the world, and nothing sent yet."""
        await self.drop()
        url = await asyncio.to_thread(world.copies.take)
        self.copy = (world.copies, url)
        await self.use(url)
        self.headers, self.seen, self.held, self.answers = world.headers, set(), set(), {}

    async def close_database(self) -> None:
        if self.db is not None:
            await self.db.dispose()
            self.db = None

    async def drop(self) -> None:
        await self.close_database()
        if self.copy is not None:
            copies, url = self.copy
            copies.give_back(url)
            self.copy = None

    async def stop(self) -> None:
        await self.drop()
        await self.client.aclose()

    async def _request(self, username: str, op: Op) -> Any:
        headers = self.headers[username]
        if op.is_photo:  # as pwa/sync.js sends it: the downscaled JPEG's bytes, the capture declared in the query
            return await self.client.put(op.path, content=op.data, params=op.params,
                                         headers=headers | {"Content-Type": "image/jpeg"})
        return await self.client.put(op.path, json=op.body, headers=headers)

    @staticmethod
    def _missing(username: str, op: Op, held: set[tuple[str, str]]) -> set[str]:
        return {sha for sha in op.photos if (username, sha) not in held}

    async def send(self, *sends: tuple[str, Op]) -> None:
        """Send at once, then check every answer: 201 for the one request that stored something
        new, 200 with the same record for every other, and never anything else."""
        held_before = set(self.held)
        responses = await asyncio.gather(*(self._request(username, op) for username, op in sends))
        answered = list(zip(sends, responses, strict=True))
        for (username, op), response in answered:
            assert response.status_code in (200, 201), f"{username} {op.key}: {response.status_code} {response.text}"
        self.held |= {(username, op.key.removeprefix("photo:")) for username, op in sends if op.is_photo}
        created = Counter(op.key for (_, op), response in answered if response.status_code == 201)
        for key in {op.key for _, op in sends}:
            assert created[key] == (key not in self.seen), f"{key} created {created[key]} times, " \
                                                           f"stored before: {key in self.seen}"
        self.seen |= set(created)
        for (username, op), response in answered:
            answer = response.json()
            if not op.is_photo:
                # Photos still to send: at most those not sent before, at least those not sent by now.
                missing = answer.pop("missing_photos")
                assert missing == sorted(missing)
                assert self._missing(username, op, self.held) <= set(missing) <= self._missing(username, op,
                                                                                                 held_before)
            assert answer == self.answers.setdefault(op.key, answer), f"{op.key}: a repeat answered otherwise"

    async def check_audit(self) -> None:
        """The chain verifies; each photo's row names the holder whose upload event says it was new
        (the only facts that show which of several phones sent the same bytes first)."""
        assert self.db is not None
        async with self.db.session(read_only=True) as session:
            result = await verify(session)
            assert result.ok, result
            holders = {(sha, user) for sha, user in await session.execute(
                select(PhotoHolder.sha256, PhotoHolder.user_id))}
            first = {sha: user for sha, user in await session.execute(select(Photo.sha256, Photo.uploaded_by))}
            events = (await session.execute(select(AuditEvent.entity_id, AuditEvent.actor_id, AuditEvent.data)
                                            .where(AuditEvent.action == "photo.upload"))).all()
        assert set(first.items()) <= holders
        new = Counter((sha, actor) for sha, actor, data in events if not json.loads(data)["already_stored"])
        assert new == Counter(first.items()), (new, first)
