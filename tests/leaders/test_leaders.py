"""A unit's leadership on record: set by its principal or an admin in scope, read in scope."""

from __future__ import annotations

import uuid


def leader(unit_id: str, **overrides) -> dict:
    return {"org_unit_id": unit_id, "name": "钱立新", "position": "副校长（分管后勤）",
            "duty_role": "other_leader"} | overrides


async def test_demo_leaders_are_listed_by_scope(client, as_user, unit_ids):
    school = (await client.get("/api/v1/leaders", headers=await as_user("principal"))).json()
    assert {(x["name"], x["duty_role"]) for x in school} == {
        ("刘淑芬", "main_leader"), ("赵国庆", "main_leader"), ("孙立伟", "safety_deputy"), ("周敏", "other_leader")}
    county = (await client.get("/api/v1/leaders", headers=await as_user("inspector"))).json()
    assert {x["org_unit_name"] for x in county} == {"尖山区教育和体育局", "尖山区第一小学"}
    other = await client.get("/api/v1/leaders", params={"org_unit_id": unit_ids["230502-01"]},
                             headers=await as_user("principal2"))
    assert other.status_code == 404


async def test_the_principal_keeps_the_schools_leaders(client, as_user, unit_ids, user_ids):
    principal, school = await as_user("principal"), unit_ids["230502-01"]
    leader_id = str(uuid.uuid4())
    created = await client.put(f"/api/v1/leaders/{leader_id}", json=leader(school), headers=principal)
    assert created.status_code == 201, created.text
    again = await client.put(f"/api/v1/leaders/{leader_id}", json=leader(school), headers=principal)
    assert again.status_code == 200
    moved_on = await client.put(f"/api/v1/leaders/{leader_id}", json=leader(school, active=False), headers=principal)
    assert moved_on.json()["active"] is False
    names = [x["name"] for x in (await client.get("/api/v1/leaders", headers=principal)).json()]
    assert "钱立新" not in names
    everyone = (await client.get("/api/v1/leaders", params={"include_inactive": "true"}, headers=principal)).json()
    assert "钱立新" in [x["name"] for x in everyone]
    linked = await client.put(f"/api/v1/leaders/{leader_id}", headers=principal,
                              json=leader(school, user_id=user_ids["principal2"]))
    assert linked.status_code == 400 and linked.json()["code"] == "user_not_in_unit"
    move = await client.put(f"/api/v1/leaders/{leader_id}", json=leader(unit_ids["230502-03"]), headers=principal)
    assert move.status_code in (400, 404)


async def test_who_may_change_leaders(client, as_user, unit_ids):
    school = unit_ids["230502-01"]
    for username in ("officer", "inspector", "viewer"):
        response = await client.put(f"/api/v1/leaders/{uuid.uuid4()}", json=leader(school),
                                    headers=await as_user(username))
        assert response.status_code == 403, username
    assert (await client.put(f"/api/v1/leaders/{uuid.uuid4()}", json=leader(school),
                             headers=await as_user("principal2"))).status_code == 404
    assert (await client.put(f"/api/v1/leaders/{uuid.uuid4()}", json=leader(school),
                             headers=await as_user("admin"))).status_code == 201
    blank = await client.put(f"/api/v1/leaders/{uuid.uuid4()}", json=leader(school, name="  "),
                             headers=await as_user("admin"))
    assert blank.status_code == 400
