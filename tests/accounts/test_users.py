"""Account management by admins, within their subtree."""

from __future__ import annotations

import uuid

import pytest
from safecampus.accounts.services import create_user
from safecampus.audit.services import Actor
from safecampus.db import AuditEvent, User
from sqlalchemy import func, select

from tests.conftest import login


@pytest.fixture
async def county_admin(client, db, unit_ids):
    """An admin of 尖山区 (230502): sees that county, not the city or other counties."""
    async with db.session() as session:
        await create_user(session, Actor("test"), "/", username="jsadmin", name="尖山区管理员", role="admin",
                          org_unit_id=uuid.UUID(unit_ids["230502"]), password="county-admin-pw")
    return await login(client, "jsadmin", "county-admin-pw")


@pytest.mark.parametrize("username", ["viewer", "inspector", "principal", "officer"])
async def test_only_admins_manage_users(client, as_user, user_ids, username):
    headers = await as_user(username)
    assert (await client.get("/api/v1/users", headers=headers)).status_code == 403
    assert (await client.get(f"/api/v1/users/{user_ids['officer']}", headers=headers)).status_code == 403
    response = await client.post(f"/api/v1/users/{user_ids['officer']}/disable", headers=headers)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


async def test_city_admin_lists_everyone(client, as_user):
    users = (await client.get("/api/v1/users", headers=await as_user("admin"))).json()
    assert {u["username"] for u in users} == {"admin", "viewer", "inspector", "principal", "officer", "principal2"}
    assert "password_hash" not in users[0]


async def test_county_admin_sees_and_acts_within_the_county_only(client, county_admin, user_ids, unit_ids):
    users = (await client.get("/api/v1/users", headers=county_admin)).json()
    assert {u["username"] for u in users} == {"jsadmin", "inspector", "principal", "officer"}
    for other in ("principal2", "admin", "viewer"):
        assert (await client.get(f"/api/v1/users/{user_ids[other]}", headers=county_admin)).status_code == 404
        assert (await client.post(f"/api/v1/users/{user_ids[other]}/disable",
                                  headers=county_admin)).status_code == 404
        assert (await client.post(f"/api/v1/users/{user_ids[other]}/password-reset",
                                  headers=county_admin)).status_code == 404
    # Cannot create anyone outside the county, nor in the city bureau above it.
    for code in ("230523-02", "230500"):
        response = await client.post("/api/v1/users", headers=county_admin, json={
            "username": f"x{code}", "name": "越权", "role": "principal", "org_unit_id": unit_ids[code]})
        assert response.status_code == 404


async def test_create_user_with_one_time_password(client, as_user, unit_ids):
    response = await client.post("/api/v1/users", headers=await as_user("admin"), json={
        "username": "teacher.li", "name": "李老师", "role": "school_officer", "org_unit_id": unit_ids["230503-02"],
        "phone": "13900000000"})
    assert response.status_code == 201
    body = response.json()
    assert body["user"]["must_change_password"] is True
    headers = await login(client, "teacher.li", body["initial_password"])
    me = (await client.get("/api/v1/me", headers=headers)).json()
    assert me["must_change_password"] is True and me["org_unit_name"] == "岭东区中心幼儿园"


@pytest.mark.parametrize("change,status,code", [
    ({"username": "inspector"}, 409, "username_taken"),
    ({"role": "inspector"}, 400, "role_not_allowed"),  # an inspector belongs to a bureau, not a school
    ({"password": "short"}, 400, "weak_password"),
    ({"username": "bad name!"}, 400, "invalid_request"),
    ({"role": "superuser"}, 400, "invalid_request"),
    ({"is_root": True}, 400, "invalid_request"),
])
async def test_create_user_refusals_store_nothing(client, db, as_user, unit_ids, change, status, code):
    headers = await as_user("admin")
    async with db.session() as session:
        before = (await session.scalar(select(func.count()).select_from(User)),
                  await session.scalar(select(func.count()).select_from(AuditEvent)))
    body = {"username": "new.user", "name": "新用户", "role": "principal", "org_unit_id": unit_ids["230502-02"]}
    response = await client.post("/api/v1/users", headers=headers, json=body | change)
    assert response.status_code == status
    assert response.json()["code"] == code
    async with db.session() as session:
        after = (await session.scalar(select(func.count()).select_from(User)),
                 await session.scalar(select(func.count()).select_from(AuditEvent)))
    assert after == before


async def test_reset_password_kills_tokens_and_gives_a_one_time_password(client, as_user, user_ids):
    officer = await as_user("officer")
    response = await client.post(f"/api/v1/users/{user_ids['officer']}/password-reset",
                                 headers=await as_user("admin"))
    assert response.status_code == 200
    assert (await client.get("/api/v1/me", headers=officer)).status_code == 401
    headers = await login(client, "officer", response.json()["initial_password"])
    assert (await client.get("/api/v1/me", headers=headers)).json()["must_change_password"] is True


async def test_disable_and_enable(client, as_user, user_ids):
    admin = await as_user("admin")
    assert (await client.post(f"/api/v1/users/{user_ids['admin']}/disable", headers=admin)).status_code == 400
    disabled = await client.post(f"/api/v1/users/{user_ids['principal2']}/disable", headers=admin)
    assert disabled.json()["active"] is False
    enabled = await client.post(f"/api/v1/users/{user_ids['principal2']}/enable", headers=admin)
    assert enabled.json()["active"] is True
    await login(client, "principal2")
