"""PostgreSQL for the fault tests: the shared server (never restarted) and a private cluster
that a test may restart. Missing, they are skipped with the reason; with CI=true, a failure."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.databases import IN_CI, PG_URL, _asyncpg_dsn, postgres_unavailable
from tests.faults.cluster import PrivateCluster, unavailable


def _missing(problem: str) -> None:
    if IN_CI:
        pytest.fail(f"CI=true requires it: {problem}")
    pytest.skip(problem)


@pytest.fixture
def shared_postgres() -> str:
    """The maintenance database of the shared server, where the bench helpers create theirs."""
    if problem := postgres_unavailable():
        _missing(problem)
    return _asyncpg_dsn(PG_URL, "postgres")


@pytest.fixture
def private_postgres() -> Iterator[PrivateCluster]:
    if problem := unavailable():
        _missing(f"no private PostgreSQL cluster can be made: {problem}")
    cluster = PrivateCluster()
    try:
        cluster.create_and_start()
        yield cluster
    finally:
        cluster.destroy()
