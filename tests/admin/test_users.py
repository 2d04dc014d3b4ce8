"""Users: search, and changes of role or unit that never reach past the admin's own scope."""

from __future__ import annotations

from safecampus.db import AuditEvent
from sqlalchemy import select

from tests.conftest import login


async def test_search_by_name_username_or_phone_with_filters(client, as_user, county_admin, unit_ids):
    await as_user("officer")  # signs in: last login is shown
    users = (await client.get("/api/v1/users", headers=county_admin)).json()
    by_name = {u["username"]: u for u in users}
    assert set(by_name) == {"jsadmin", "inspector", "principal", "officer"}
    assert by_name["officer"]["last_login_at"] is not None
    assert [u["username"] for u in (await client.get("/api/v1/users", params={"q": "13800000502"},
                                                       headers=county_admin)).json()] == ["jsadmin"]
    assert [u["username"] for u in (await client.get("/api/v1/users", params={"role": "inspector"},
                                                       headers=county_admin)).json()] == ["inspector"]
    school = (await client.get("/api/v1/users", params={"unit": unit_ids["230502-01"]}, headers=county_admin)).json()
    assert {u["username"] for u in school} == {"principal", "officer"}
    outside = await client.get("/api/v1/users", params={"unit": unit_ids["230523"]}, headers=county_admin)
    assert outside.status_code == 404
    assert (await client.get("/api/v1/users", params={"active": "false"}, headers=county_admin)).json() == []


async def test_a_county_admin_never_grants_more_than_its_county(client, as_user, county_admin, unit_ids, user_ids):
    # Nobody at the city bureau, nor in another county.
    for code in ("230500", "230523-02"):
        response = await client.post("/api/v1/users", headers=county_admin, json={
            "username": f"x{code}", "name": "越权", "role": "admin" if code == "230500" else "principal",
            "org_unit_id": unit_ids[code]})
        assert response.status_code == 404
    moved_out = await client.patch(f"/api/v1/users/{user_ids['officer']}", headers=county_admin,
                                   json={"org_unit_id": unit_ids["230523-02"]})
    assert moved_out.status_code == 404
    assert (await client.patch(f"/api/v1/users/{user_ids['principal2']}", headers=county_admin,
                               json={"name": "x"})).status_code == 404
    # Another admin of the county itself is the same scope, no more: allowed.
    peer = await client.post("/api/v1/users", headers=county_admin, json={
        "username": "jsadmin2", "name": "尖山区管理员二", "role": "admin", "org_unit_id": unit_ids["230502"]})
    assert peer.status_code == 201
    # A role must fit the unit; an admin does not change its own rights.
    wrong = await client.patch(f"/api/v1/users/{user_ids['officer']}", headers=county_admin, json={"role": "admin"})
    assert wrong.status_code == 400 and wrong.json()["code"] == "role_not_allowed"
    own = await client.patch(f"/api/v1/users/{peer.json()['user']['id']}", headers=county_admin, json={"role": "admin"})
    assert own.status_code == 200  # unchanged: nothing to refuse
    me = (await client.get("/api/v1/me", headers=county_admin)).json()
    self_change = await client.patch(f"/api/v1/users/{me['id']}", headers=county_admin, json={"role": "inspector"})
    assert self_change.status_code == 400 and self_change.json()["code"] == "cannot_change_self"


async def test_a_new_role_or_unit_ends_the_sessions(client, as_user, county_admin, unit_ids, user_ids, db):
    officer = await login(client, "officer", "demo-officer")
    renamed = await client.patch(f"/api/v1/users/{user_ids['officer']}", headers=county_admin,
                                 json={"name": "王安全", "phone": "13900000001"})
    assert renamed.status_code == 200 and renamed.json()["name"] == "王安全"
    assert (await client.get("/api/v1/me", headers=officer)).status_code == 200  # a new name is no new right
    promoted = await client.patch(f"/api/v1/users/{user_ids['officer']}", headers=county_admin,
                                  json={"role": "principal", "org_unit_id": unit_ids["230502-03"]})
    assert promoted.status_code == 200, promoted.text
    assert promoted.json()["role"] == "principal" and promoted.json()["org_unit_id"] == unit_ids["230502-03"]
    assert (await client.get("/api/v1/me", headers=officer)).status_code == 401
    # An inspector moves to a school only with a school role.
    inspector = await client.patch(f"/api/v1/users/{user_ids['inspector']}", headers=county_admin,
                                   json={"org_unit_id": unit_ids["230502-01"]})
    assert inspector.status_code == 400 and inspector.json()["code"] == "role_not_allowed"
    async with db.session() as session:
        changes = (await session.execute(select(AuditEvent).where(AuditEvent.action == "user.change")
                                         .order_by(AuditEvent.seq))).scalars().all()
    assert [e.entity_id for e in changes] == [user_ids["officer"]] * 2
    assert '"sessions_revoked":true' in changes[1].data and '"role":"principal"' in changes[1].data
