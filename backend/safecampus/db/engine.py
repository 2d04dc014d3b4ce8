"""Engine and session factory for the embedded SQLite default and for PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine.url import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from safecampus.audit.guard import AuditedSession


def _prepare_sqlite(engine: AsyncEngine) -> None:
    """Serialize writers up front: a deferred SQLite transaction that reads and then writes
    fails with SQLITE_BUSY when another writer committed in between, so a transaction
    starts with BEGIN IMMEDIATE and waits on the busy timeout instead. Read-only sessions
    (``sqlite_begin="DEFERRED"``) take no lock, so readers never wait for writers (WAL)."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        connection.exec_driver_sql(f"BEGIN {mode}")


def create_engine(database_url: str) -> AsyncEngine:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, pool_size=5, max_overflow=5)
        _prepare_sqlite(engine)
        return engine
    return create_async_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)


class Database:
    """One engine and its session factory; owned by the app (or a CLI command)."""

    def __init__(self, database_url: str) -> None:
        self.engine = create_engine(database_url)
        self.sessionmaker = async_sessionmaker(
            self.engine, expire_on_commit=False, sync_session_class=AuditedSession
        )
        self.read_sessionmaker = async_sessionmaker(
            self.engine.execution_options(sqlite_begin="DEFERRED"), expire_on_commit=False,
            sync_session_class=AuditedSession,
        )

    @asynccontextmanager
    async def session(self, *, read_only: bool = False) -> AsyncIterator[AsyncSession]:
        """A session; ``read_only`` ones must not write (on SQLite they take no write lock)."""
        async with (self.read_sessionmaker if read_only else self.sessionmaker)() as session:
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()
