"""Test databases on both backends: each test gets a fresh copy of a template that was
migrated and loaded with the seeds and demo data once per run."""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import pytest
from safecampus.db.engine import Database
from safecampus.db.migrate import upgrade
from safecampus.seeding.loader import load_demo, load_reference
from safecampus.settings import REPO_ROOT
from sqlalchemy.engine.url import make_url

BACKENDS = ("sqlite", "postgresql")
PG_URL = os.environ.get("SAFECAMPUS_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"
SEEDS_DIR = REPO_ROOT / "seeds"
T = TypeVar("T")


def _isolated(fn: Callable[..., T], *args: Any) -> T:
    """Run in a worker thread: the Playwright sync API keeps an event loop running in the
    main thread, where asyncio.run (ours and Alembic's) would refuse to start."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args).result()


def prepare(database_url: str) -> None:
    """Migrate and load reference and demo data, exactly as `make run` does."""
    _isolated(upgrade, database_url)

    async def load() -> None:
        db = Database(database_url)
        try:
            async with db.session() as session:
                await load_reference(session, SEEDS_DIR)
                await load_demo(session, SEEDS_DIR)
        finally:
            await db.dispose()

    _isolated(asyncio.run, load())


def _asyncpg_dsn(url: str, database: str | None = None) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    if database:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


def _pg_admin(sql: str) -> None:
    _isolated(asyncio.run, _pg_admin_async(sql))


async def _pg_admin_async(sql: str) -> None:
    connection = await asyncpg.connect(_asyncpg_dsn(PG_URL), timeout=5)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def postgres_unavailable() -> str | None:
    try:
        _pg_admin("SELECT 1")
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        return f"PostgreSQL at {PG_URL} is not reachable: {exc}"
    return None


class DatabasePool:
    """Hands out fresh databases; builds each backend's template on first use."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.prefix = f"sc_{os.getpid()}"
        self._templates: dict[str, str] = {}
        self._counter = itertools.count()
        self._pg_problem: str | None | bool = False

    def _require_postgres(self) -> None:
        if self._pg_problem is False:
            self._pg_problem = postgres_unavailable()
        if self._pg_problem:
            if IN_CI:
                pytest.fail(f"CI=true requires PostgreSQL: {self._pg_problem}")
            pytest.skip(str(self._pg_problem))

    def _template(self, backend: str) -> str:
        if backend not in self._templates:
            if backend == "sqlite":
                url = f"sqlite+aiosqlite:///{self.workdir / 'template.db'}"
            else:
                name = f"{self.prefix}_template"
                _pg_admin(f"DROP DATABASE IF EXISTS {name}")
                _pg_admin(f"CREATE DATABASE {name}")
                url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
            prepare(url)
            self._templates[backend] = url
        return self._templates[backend]

    def create(self, backend: str) -> str:
        if backend == "postgresql":
            self._require_postgres()
        return self.copy(self._template(backend))

    def copy(self, source: str) -> str:
        """A new database holding what ``source`` holds; nobody may be connected to ``source``."""
        n = next(self._counter)
        if make_url(source).get_backend_name() == "sqlite":
            target = self.workdir / f"test_{n}.db"
            shutil.copyfile(make_url(source).database or "", target)
            return f"sqlite+aiosqlite:///{target}"
        name = f"{self.prefix}_{n}"
        _pg_admin(f"CREATE DATABASE {name} TEMPLATE {make_url(source).database}")
        return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        parsed = make_url(url)
        if parsed.get_backend_name() == "postgresql":
            _pg_admin(f"DROP DATABASE IF EXISTS {parsed.database} WITH (FORCE)")
        elif parsed.database:
            for suffix in ("", "-wal", "-shm"):
                Path(parsed.database + suffix).unlink(missing_ok=True)

    def close(self) -> None:
        if "postgresql" in self._templates:
            self.drop(self._templates["postgresql"])
