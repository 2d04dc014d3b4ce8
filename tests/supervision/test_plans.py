"""Supervision plans (第十六条): made by a bureau for the schools below it, visited by assigned
inspectors; a supervision inspection in the window counts toward the plan."""

from __future__ import annotations

import io
import uuid
from datetime import date, timedelta

import openpyxl
import pytest

from tests.factories import checklist, inspection_body


def plan(targets: list[str], inspectors: list[str] | None = None, **overrides) -> dict:
    today = date.today()
    return {"kind": "supervision_general", "title": "2026年秋季学期综合督查", "topic": "冬季取暖与消防安全",
            "starts_on": (today - timedelta(days=3)).isoformat(), "ends_on": (today + timedelta(days=20)).isoformat(),
            "targets": targets, "inspectors": inspectors or []} | overrides


async def _supervise(client, headers, school_id: str) -> str:
    body = inspection_body(await checklist(client, headers, "supervision_general"), school_id,
                           kind="supervision_general")
    inspection_id = str(uuid.uuid4())
    response = await client.put(f"/api/v1/inspections/{inspection_id}", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return inspection_id


async def test_the_city_plans_and_a_county_inspector_carries_it_out(client, as_user, unit_ids, user_ids):
    admin, county = await as_user("admin"), await as_user("inspector")
    plan_id = str(uuid.uuid4())
    body = plan([unit_ids["230502-01"], unit_ids["230502-03"]], [user_ids["inspector"]])
    created = await client.put(f"/api/v1/supervision-plans/{plan_id}", json=body, headers=admin)
    assert created.status_code == 201, created.text
    assert created.json()["done"] == 0 and created.json()["total"] == 2
    assert {t["status"] for t in created.json()["targets"]} == {"pending"}
    assert (await client.put(f"/api/v1/supervision-plans/{plan_id}", json=body, headers=admin)).status_code == 200
    other = await client.put(f"/api/v1/supervision-plans/{plan_id}", json=body | {"title": "另一个"}, headers=admin)
    assert other.status_code == 409

    mine = (await client.get("/api/v1/supervision-plans", params={"assigned_to_me": "true"}, headers=county)).json()
    assert [p["id"] for p in mine] == [plan_id]
    inspection_id = await _supervise(client, county, unit_ids["230502-01"])
    progress = (await client.get(f"/api/v1/supervision-plans/{plan_id}", headers=county)).json()
    done = {t["school_name"]: t for t in progress["targets"]}
    assert done["尖山区第一小学"]["status"] == "done" and done["尖山区第一小学"]["inspection_id"] == inspection_id
    assert done["尖山区第一小学"]["inspector_name"] == "张海涛（尖山区检查员）" and progress["done"] == 1
    assert done["尖山区第六中学"]["status"] == "pending"
    city = (await client.get("/api/v1/supervision-plans", params={"year": date.today().year}, headers=admin)).json()
    assert [(p["id"], p["done"]) for p in city] == [(plan_id, 1)]


async def test_the_county_plans_for_its_own_schools_only(client, as_user, unit_ids, user_ids):
    county = await as_user("inspector")
    ok = await client.put(f"/api/v1/supervision-plans/{uuid.uuid4()}", headers=county,
                          json=plan([unit_ids["230502-01"]], [user_ids["inspector"]], kind="supervision_special"))
    assert ok.status_code == 201, ok.text
    foreign = await client.put(f"/api/v1/supervision-plans/{uuid.uuid4()}", headers=county,
                               json=plan([unit_ids["230523-02"]]))
    assert foreign.status_code == 400 and foreign.json()["code"] == "unknown_target"
    for username in ("principal", "viewer"):
        refused = await client.put(f"/api/v1/supervision-plans/{uuid.uuid4()}", headers=await as_user(username),
                                   json=plan([unit_ids["230502-01"]]))
        assert refused.status_code == 403, username
    hidden = await client.get(f"/api/v1/supervision-plans/{ok.json()['id']}", headers=await as_user("principal2"))
    assert hidden.status_code == 404


@pytest.mark.parametrize(("change", "code"), [
    ({"ends_on": "2020-01-01"}, "invalid_window"),
    ({"starts_on": "2026-01-01", "ends_on": "2026-12-31"}, "invalid_window"),
    ("duplicate_target", "duplicate_target"),
    ("viewer_as_inspector", "unknown_inspector"),
    ("unreachable", "target_unreachable"),
])
async def test_bad_plans_are_refused(client, as_user, unit_ids, user_ids, change, code):
    targets = [unit_ids["230502-01"]]
    body = plan(targets)
    if change == "duplicate_target":
        body["targets"] = targets * 2
    elif change == "viewer_as_inspector":
        body["inspectors"] = [user_ids["viewer"]]
    elif change == "unreachable":  # the county inspector cannot inspect a school of 宝清县
        body |= {"targets": [unit_ids["230523-02"]], "inspectors": [user_ids["inspector"]]}
    else:
        body |= change
    response = await client.put(f"/api/v1/supervision-plans/{uuid.uuid4()}", json=body, headers=await as_user("admin"))
    assert response.status_code == 400 and response.json()["code"] == code


async def test_changing_and_calling_off_a_plan(client, as_user, unit_ids, user_ids):
    county = await as_user("inspector")
    plan_id = str(uuid.uuid4())
    await client.put(f"/api/v1/supervision-plans/{plan_id}", json=plan([unit_ids["230502-01"]]), headers=county)
    path = f"/api/v1/supervision-plans/{plan_id}"
    changed = await client.patch(path, headers=county, json={
        "base_version": 1, "title": "消防安全专项督查", "targets": [unit_ids["230502-01"], unit_ids["230502-03"]]})
    assert changed.status_code == 200, changed.text
    assert changed.json()["version"] == 2 and changed.json()["total"] == 2
    stale = await client.patch(path, json={"base_version": 1, "title": "x"}, headers=county)
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    assert (await client.patch(path, json={"base_version": 2, "title": "x"},
                               headers=await as_user("admin"))).status_code == 403  # not the planning unit
    called_off = await client.post(f"{path}/cancellation", json={"base_version": 2, "reason": "暴雪停课"},
                                   headers=county)
    assert called_off.status_code == 200 and called_off.json()["cancelled_reason"] == "暴雪停课"
    assert {t["status"] for t in called_off.json()["targets"]} == {"missed"}
    again = await client.patch(path, json={"base_version": 3, "title": "y"}, headers=county)
    assert again.status_code == 409 and again.json()["code"] == "plan_cancelled"


async def test_assignable_inspectors_are_those_of_the_subtree(client, as_user):
    city = (await client.get("/api/v1/supervision-plans/inspectors", headers=await as_user("admin"))).json()
    assert [(i["name"], i["org_unit_name"]) for i in city] == [("张海涛（尖山区检查员）", "尖山区教育和体育局")]
    school = await client.get("/api/v1/supervision-plans/inspectors", headers=await as_user("principal2"))
    assert school.status_code == 403


async def test_plans_export_one_row_per_target_school(client, as_user, unit_ids):
    county = await as_user("inspector")
    await client.put(f"/api/v1/supervision-plans/{uuid.uuid4()}", headers=county,
                     json=plan([unit_ids["230502-01"], unit_ids["230502-03"]]))
    response = await client.get("/api/v1/supervision-plans/export.xlsx", headers=county)
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("计划单位", "计划名称", "督查类型")
    assert sorted(r[7] for r in rows[1:]) == ["尖山区第一小学", "尖山区第六中学"]
    assert {r[8] for r in rows[1:]} == {"待督查"}
