"""Health, and the JSON error shape for what Litestar itself refuses."""

from __future__ import annotations

from dataclasses import replace

import pytest
from safecampus import __version__
from safecampus.app import create_app
from safecampus.errors import database_unreachable
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from tests.conftest import make_client


async def test_health_reports_the_database(client):
    response = await client.get("/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "version": __version__}


async def test_health_says_when_the_database_is_unreachable(settings):
    broken = replace(settings, database_url="postgresql+asyncpg://postgres@127.0.0.1:1/nowhere")
    async with make_client(create_app(broken)) as client:
        response = await client.get("/api/health")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


async def test_requests_while_the_database_is_unreachable_are_503_to_retry(settings):
    broken = replace(settings, database_url="postgresql+asyncpg://postgres@127.0.0.1:1/nowhere")
    async with make_client(create_app(broken)) as client:
        signed_in = await client.get("/api/v1/me", headers={"Authorization": "Bearer whatever"})
        # Attempts that got no answer about the password do not count against the login limits.
        signing_in = [await client.post("/api/v1/auth/login", json={"username": "inspector", "password": "x"})
                      for _ in range(settings.login_attempts_per_username + 1)]
    for response in (signed_in, *signing_in):
        assert response.status_code == 503, response.text
        assert response.json()["code"] == "database_unavailable" and response.headers["retry-after"] == "5"


class _PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(("error", "unreachable"), [
    (DBAPIError("SELECT 1", None, _PgError("57P03")), True),  # starting up, shutting down
    (DBAPIError("SELECT 1", None, _PgError("08006")), True),  # connection failure
    (DBAPIError("SELECT 1", None, _PgError("57P01"), connection_invalidated=True), True),
    (ConnectionRefusedError(111, "refused"), True),
    (PoolTimeout("QueuePool limit reached"), True),
    (IntegrityError("INSERT", None, _PgError("23505")), False),  # a bug or a race: not the database's absence
    (DBAPIError("SELECT 1", None, _PgError("42P01")), False),
    (ValueError("no"), False),
])
def test_only_an_absent_database_counts_as_unreachable(error, unreachable):
    assert database_unreachable(error) is unreachable


async def test_errors_are_json_with_a_stable_code(client, as_user):
    headers = await as_user("viewer")
    missing = await client.get("/api/v1/no-such-thing", headers=headers)
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    wrong_method = await client.delete("/api/v1/org-units", headers=headers)
    assert wrong_method.status_code == 405 and wrong_method.json()["code"] == "method_not_allowed"
    not_json = await client.post("/api/v1/auth/login", content=b"{not json", headers={"Content-Type": "application/json"})
    assert not_json.status_code == 400 and not_json.json()["code"] == "invalid_request"
    assert "Traceback" not in not_json.text


async def test_pwa_and_schema_are_served(client):
    page = await client.get("/")
    assert page.status_code == 200 and "校园安全" in page.text
    script = await client.get("/app.js")
    assert script.status_code == 200 and "no-cache" in script.headers["cache-control"]
    assert (await client.get("/schema/openapi.json")).status_code == 200
