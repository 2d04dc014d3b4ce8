"""Fixtures shared by all tests: a fresh database per test on each backend, the app,
an HTTP client, and helpers to sign in as the demo accounts."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from safecampus.app import create_app
from safecampus.db.engine import Database
from safecampus.settings import Settings, load_settings

from tests.databases import BACKENDS, DatabasePool
from tests.factories import CAMPUS, checklist, inspection_body, jpeg, sha, upload

# The demo accounts: the password of each is "demo-<username>".
DEMO_USERS = ("admin", "viewer", "inspector", "principal", "officer", "principal2")


def demo_password(username: str) -> str:
    return f"demo-{username}"


@pytest.fixture(scope="session")
def test_databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabasePool]:
    databases = DatabasePool(tmp_path_factory.mktemp("databases"))
    yield databases
    databases.close()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, test_databases: DatabasePool) -> Iterator[str]:
    """A fresh, migrated database with seeds and demo data, on SQLite and on PostgreSQL."""
    url = test_databases.create(request.param)
    yield url
    test_databases.drop(url)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return replace(load_settings(), data_dir=tmp_path, database_url=database_url)


@pytest.fixture
async def db(settings: Settings) -> AsyncIterator[Database]:
    """Direct database access for arranging and checking what the API did."""
    database = Database(settings.database_url)
    yield database
    await database.dispose()


def make_client(app: Litestar) -> AsyncTestClient[Litestar]:
    return AsyncTestClient(app, raise_server_exceptions=False)


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with make_client(create_app(settings)) as test_client:
        yield test_client


async def login(client: AsyncTestClient[Any], username: str, password: str | None = None) -> dict[str, str]:
    """Sign in and return the Authorization header."""
    response = await client.post("/api/v1/auth/login",
                                 json={"username": username, "password": password or demo_password(username)})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


@pytest.fixture
async def as_user(client: AsyncTestClient[Litestar]) -> Any:
    """``await as_user("inspector")`` → Authorization header of that demo account (cached per test)."""
    cache: dict[str, dict[str, str]] = {}

    async def sign_in(username: str) -> dict[str, str]:
        if username not in cache:
            cache[username] = await login(client, username)
        return cache[username]

    return sign_in


@pytest.fixture
async def unit_ids(db: Database) -> dict[str, Any]:
    """Org unit ids by code (230502 尖山区, 230502-01 the demo principal's school, ...)."""
    from safecampus.db import OrgUnit
    from sqlalchemy import select

    async with db.session() as session:
        return {code: str(uid) for code, uid in await session.execute(select(OrgUnit.code, OrgUnit.id))}


@pytest.fixture
async def user_ids(db: Database) -> dict[str, str]:
    from safecampus.db import User
    from sqlalchemy import select

    async with db.session() as session:
        return {name: str(uid) for name, uid in await session.execute(select(User.username, User.id))}


# A school with history: shared by the hazard, ledger and dashboard tests.
@pytest.fixture
async def daily(client, as_user) -> dict[str, Any]:
    return await checklist(client, await as_user("inspector"), "daily_campus")


@pytest.fixture
async def found(client, as_user, unit_ids, daily) -> dict[str, Any]:
    """{'inspection': body, 'general': hazard, 'major': hazard, 'evidence': bytes} after the
    inspector submitted it and uploaded the evidence photo."""
    headers = await as_user("inspector")
    evidence = jpeg(100, gps=CAMPUS)
    general_item = next(i for i in daily["items"] if i["grade"] == "general")
    major_item = next(i for i in daily["items"] if i["grade"] == "major")
    body = inspection_body(daily, unit_ids["230502-01"], hazards={
        general_item["code"]: {"photos": [sha(evidence)], "location_note": "教学楼二楼东侧"},
        major_item["code"]: {"photos": [sha(jpeg(101))], "grade": "major"},
    }, location={"lat": CAMPUS[0], "lon": CAMPUS[1], "accuracy_m": 15})
    response = await client.put(f"/api/v1/inspections/{_id()}", json=body, headers=headers)
    assert response.status_code == 201, response.text
    await upload(client, headers, evidence)
    general = next(r["hazard"] for r in body["results"] if r["item_code"] == general_item["code"])
    major = next(r["hazard"] for r in body["results"] if r["item_code"] == major_item["code"])
    return {"inspection": response.json(), "general": general, "major": major, "evidence": evidence,
            "general_item": general_item}


def _id() -> str:
    return str(uuid.uuid4())
