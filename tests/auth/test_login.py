"""Signing in, tokens, and what makes them stop working."""

from __future__ import annotations

from dataclasses import replace

import pytest
from safecampus.app import create_app
from safecampus.db import AuditEvent
from sqlalchemy import func, select

from tests.conftest import DEMO_USERS, demo_password, login, make_client


@pytest.mark.parametrize("username", DEMO_USERS)
async def test_every_demo_account_signs_in(client, username):
    response = await client.post("/api/v1/auth/login", json={"username": username, "password": demo_password(username)})
    assert response.status_code == 200
    body = response.json()
    assert body["user"]["username"] == username
    assert set(body["user"]) == {"id", "username", "name", "role", "org_unit_id"}
    me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200
    assert me.json()["id"] == body["user"]["id"]


async def test_me_names_the_unit(client, as_user):
    me = (await client.get("/api/v1/me", headers=await as_user("principal2"))).json()
    assert me["role"] == "principal"
    assert me["org_unit_name"] == "宝清县第三小学"
    assert me["org_unit_kind"] == "school"


@pytest.mark.parametrize("username,password", [("inspector", "wrong-password"), ("nobody", "demo-nobody")])
async def test_wrong_credentials_are_401_and_audited(client, db, username, password):
    response = await client.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    assert "token" not in response.json()
    async with db.session() as session:
        [event] = (await session.execute(select(AuditEvent).where(AuditEvent.action == "auth.login_failed"))).scalars()
    # An unknown "username" may be a password typed into the wrong field: it is not kept.
    assert (username in event.data) == (username == "inspector")


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer not-a-real-token", "Basic aW5zcGVjdG9yOng="])
async def test_api_needs_a_valid_bearer_token(client, header):
    response = await client.get("/api/v1/org-units", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_usernames_are_case_insensitive_and_tokens_are_not_cached(client):
    response = await client.post("/api/v1/auth/login", json={"username": " Inspector ", "password": "demo-inspector"})
    assert response.status_code == 200 and response.json()["user"]["username"] == "inspector"
    assert "no-store" in response.headers["cache-control"]


async def test_logout_revokes_the_token(client, as_user):
    headers = await as_user("officer")
    assert (await client.post("/api/v1/auth/logout", headers=headers)).status_code == 204
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 401


async def test_expired_token_is_refused(settings):
    async with make_client(create_app(replace(settings, token_ttl_days=0))) as client:
        headers = await login(client, "inspector")
        assert (await client.get("/api/v1/me", headers=headers)).status_code == 401


async def test_password_change_kills_every_token(client):
    first = await login(client, "officer")
    second = await login(client, "officer")
    response = await client.post("/api/v1/me/password", headers=first,
                                 json={"current_password": "demo-officer", "new_password": "new-secret-42"})
    assert response.status_code == 204
    for headers in (first, second):
        assert (await client.get("/api/v1/me", headers=headers)).status_code == 401
    assert (await client.post("/api/v1/auth/login",
                              json={"username": "officer", "password": "demo-officer"})).status_code == 401
    await login(client, "officer", "new-secret-42")


@pytest.mark.parametrize("current,new,code", [("demo-officer", "short", "weak_password"),
                                              ("demo-officer", "aaaaaaaaaa", "weak_password"),
                                              ("not-my-password", "new-secret-42", "wrong_password")])
async def test_password_change_refusals_change_nothing(client, as_user, current, new, code):
    headers = await as_user("officer")
    response = await client.post("/api/v1/me/password", headers=headers,
                                 json={"current_password": current, "new_password": new})
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 200


async def test_disabled_user_token_dies_at_once(client, as_user, user_ids):
    officer = await as_user("officer")
    response = await client.post(f"/api/v1/users/{user_ids['officer']}/disable", headers=await as_user("admin"))
    assert response.status_code == 200
    assert (await client.get("/api/v1/me", headers=officer)).status_code == 401
    assert (await client.post("/api/v1/auth/login",
                              json={"username": "officer", "password": "demo-officer"})).status_code == 401


async def test_login_is_rate_limited_per_username(settings):
    app = create_app(replace(settings, login_attempts_per_username=3))
    async with make_client(app) as client:
        for _ in range(3):
            bad = await client.post("/api/v1/auth/login", json={"username": "inspector", "password": "guess-guess"})
            assert bad.status_code == 401
        blocked = await client.post("/api/v1/auth/login",
                                    json={"username": "inspector", "password": "demo-inspector"})
        assert blocked.status_code == 429
        assert blocked.json()["code"] == "too_many_attempts"
        assert int(blocked.headers["retry-after"]) > 0
        # Another account from the same client is not locked out by the first one's failures.
        await login(client, "viewer")


async def test_parallel_guesses_cannot_pass_the_limit(settings):
    import asyncio

    async with make_client(create_app(replace(settings, login_attempts_per_username=5))) as client:
        responses = await asyncio.gather(*(
            client.post("/api/v1/auth/login", json={"username": "principal2", "password": f"guess-{i}"})
            for i in range(20)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [401] * 5 + [429] * 15


async def test_a_right_password_does_not_count_as_a_failure(settings):
    async with make_client(create_app(replace(settings, login_attempts_per_username=3))) as client:
        for _ in range(5):
            await login(client, "viewer")
        assert (await client.post("/api/v1/auth/login",
                                  json={"username": "viewer", "password": "wrong-wrong"})).status_code == 401


async def test_guessing_the_current_password_is_limited_and_audited(settings, db):
    async with make_client(create_app(replace(settings, login_attempts_per_username=2))) as client:
        headers = await login(client, "officer")
        body = {"current_password": "guess-guess", "new_password": "new-secret-42"}
        statuses = [(await client.post("/api/v1/me/password", headers=headers, json=body)).status_code
                    for _ in range(3)]
    assert statuses == [400, 400, 429]
    async with db.session() as session:
        failed = (await session.execute(
            select(func.count()).where(AuditEvent.action == "auth.password_change_failed"))).scalar()
    assert failed == 2


async def test_an_admin_set_password_must_be_changed_first(client, as_user, user_ids):
    reset = await client.post(f"/api/v1/users/{user_ids['officer']}/password-reset", headers=await as_user("admin"))
    one_time = reset.json()["initial_password"]
    response = await client.post("/api/v1/auth/login", json={"username": "officer", "password": one_time})
    assert response.json()["must_change_password"] is True
    headers = {"Authorization": f"Bearer {response.json()['token']}"}
    blocked = await client.get("/api/v1/org-units", headers=headers)
    assert blocked.status_code == 403 and blocked.json()["code"] == "password_change_required"
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 200
    changed = await client.post("/api/v1/me/password", headers=headers,
                                json={"current_password": one_time, "new_password": "officer-own-pw"})
    assert changed.status_code == 204
    assert (await client.get("/api/v1/org-units", headers=await login(client, "officer", "officer-own-pw"))
            ).status_code == 200


async def test_login_is_rate_limited_per_client(settings):
    app = create_app(replace(settings, login_attempts_per_client=4))
    async with make_client(app) as client:
        for name in ("a1", "a2", "a3", "a4"):
            assert (await client.post("/api/v1/auth/login",
                                      json={"username": name, "password": "whatever1"})).status_code == 401
        blocked = await client.post("/api/v1/auth/login", json={"username": "viewer", "password": "demo-viewer"})
        assert blocked.status_code == 429


@pytest.mark.parametrize("body,field", [
    ({"username": "inspector", "password": "demo-inspector", "remember": True}, "remember"),
    ({"username": "inspector"}, "password"),
    ({"username": 42, "password": "demo-inspector"}, "username"),
    ({"username": "", "password": "demo-inspector"}, "username"),
])
async def test_bad_login_bodies_name_the_field(client, db, body, field):
    async with db.session() as session:
        before = await session.scalar(select(func.count()).select_from(AuditEvent))
    response = await client.post("/api/v1/auth/login", json=body)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_request"
    assert field in response.json()["message"]
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(AuditEvent)) == before


async def test_body_over_the_limit_is_413(settings):
    async with make_client(create_app(replace(settings, max_body_bytes=2048))) as client:
        response = await client.post("/api/v1/auth/login", content=b'{"username": "' + b"x" * 4096 + b'"}',
                                     headers={"Content-Type": "application/json"})
        assert response.status_code == 413
        assert response.json()["code"] == "payload_too_large"
