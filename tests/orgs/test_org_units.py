"""The org tree, seen only within the caller's subtree (第二十四条)."""

from __future__ import annotations

import uuid

import pytest

ALL_UNITS = 1 + 8 + 3 + 34  # city, counties, direct units, demo schools


@pytest.mark.parametrize("username,expected", [("admin", ALL_UNITS), ("viewer", ALL_UNITS), ("inspector", 5),
                                               ("principal", 1), ("officer", 1), ("principal2", 1)])
async def test_each_user_sees_exactly_their_subtree(client, as_user, username, expected):
    response = await client.get("/api/v1/org-units", headers=await as_user(username))
    assert response.status_code == 200
    assert len(response.json()) == expected


async def test_city_sees_the_shuangyashan_tree_in_order(client, as_user):
    units = (await client.get("/api/v1/org-units", headers=await as_user("viewer"))).json()
    assert units[0]["name"] == "双鸭山市教育和体育局"
    assert units[0]["depth"] == 0 and units[0]["parent_id"] is None
    counties = [u["name"] for u in units if u["kind"] == "county_bureau"]
    assert [name.removesuffix("教育和体育局") for name in counties] == [
        "尖山区", "岭东区", "四方台区", "宝山区", "集贤县", "友谊县", "宝清县", "饶河县"]
    seen = set()
    for unit in units:  # parents come before their children
        assert unit["parent_id"] is None or unit["parent_id"] in seen
        seen.add(unit["id"])


async def test_inspector_sees_the_county_and_its_schools_only(client, as_user):
    units = (await client.get("/api/v1/org-units", headers=await as_user("inspector"))).json()
    assert {u["kind"] for u in units} == {"county_bureau", "school"}
    assert all(u["name"].startswith("尖山区") for u in units)


async def test_kind_and_name_filters(client, as_user):
    headers = await as_user("admin")
    schools = (await client.get("/api/v1/org-units", params={"kind": "school"}, headers=headers)).json()
    assert len(schools) == 34 and all(s["lat"] and s["lon"] and s["radius_m"] for s in schools)
    found = (await client.get("/api/v1/org-units", params={"q": "宝清县"}, headers=headers)).json()
    assert {u["name"] for u in found} >= {"宝清县教育和体育局", "宝清县第三小学"}
    assert (await client.get("/api/v1/org-units", params={"kind": "castle"}, headers=headers)).status_code == 400


async def test_subtree_under_a_unit(client, as_user, unit_ids):
    response = await client.get("/api/v1/org-units", params={"under": unit_ids["230523"]},
                                headers=await as_user("viewer"))
    assert [u["name"] for u in response.json()][0] == "宝清县教育和体育局"
    assert len(response.json()) == 5


@pytest.mark.parametrize("username,code", [
    ("inspector", "230523"),      # another county
    ("inspector", "230523-02"),   # a school of another county
    ("inspector", "230500"),      # the parent: scope goes down, never up
    ("principal", "230502-02"),   # another school of the same county
    ("principal", "230523-02"),   # the other principal's school
    ("principal2", "230502-01"),
    ("officer", "230502"),
])
async def test_units_outside_the_scope_are_404(client, as_user, unit_ids, username, code):
    headers = await as_user(username)
    response = await client.get(f"/api/v1/org-units/{unit_ids[code]}", headers=headers)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    under = await client.get("/api/v1/org-units", params={"under": unit_ids[code]}, headers=headers)
    assert under.status_code == 404


async def test_unknown_id_looks_the_same_as_out_of_scope(client, as_user):
    response = await client.get(f"/api/v1/org-units/{uuid.uuid4()}", headers=await as_user("admin"))
    assert response.status_code == 404
    assert (await client.get("/api/v1/org-units/not-a-uuid", headers=await as_user("admin"))).status_code == 404


@pytest.mark.parametrize("username,code", [("inspector", "230502-03"), ("principal", "230502-01"),
                                           ("admin", "230524-01")])
async def test_units_inside_the_scope_are_readable(client, as_user, unit_ids, username, code):
    response = await client.get(f"/api/v1/org-units/{unit_ids[code]}", headers=await as_user(username))
    assert response.status_code == 200
    assert response.json()["code"] == code
