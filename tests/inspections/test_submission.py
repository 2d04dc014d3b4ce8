"""Submitting inspections from phones: complete answers, idempotent replays, scope."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from safecampus.db import Hazard, Inspection, InspectionResult
from sqlalchemy import func, select

from tests.factories import CAMPUS, checklist, inspection_body, jpeg, sha, upload


@pytest.fixture
async def daily(client, as_user):
    return await checklist(client, await as_user("inspector"), "daily_campus")


async def _counts(db):
    async with db.session() as session:
        return tuple([await session.scalar(select(func.count()).select_from(m))
                      for m in (Inspection, InspectionResult, Hazard)])


async def test_submit_lists_hazards_and_missing_photos(client, as_user, unit_ids, daily):
    headers = await as_user("inspector")
    photo = jpeg(1)
    item = daily["items"][0]["code"]
    body = inspection_body(daily, unit_ids["230502-01"], hazards={item: {"photos": [sha(photo)]}},
                           location={"lat": CAMPUS[0], "lon": CAMPUS[1], "accuracy_m": 20})
    inspection_id = str(uuid.uuid4())
    response = await client.put(f"/api/v1/inspections/{inspection_id}", json=body, headers=headers)
    assert response.status_code == 201, response.text
    result = response.json()
    assert result["missing_photos"] == [sha(photo)] and len(result["hazard_ids"]) == 1
    assert result["off_site"] is False and result["checklist_code"] == "daily_campus"
    assert result["inspector"] == "张海涛（尖山区检查员）" and len(result["results"]) == len(daily["items"])
    await upload(client, headers, photo)
    again = (await client.get(f"/api/v1/inspections/{inspection_id}", headers=headers)).json()
    assert again["missing_photos"] == []
    hazard = (await client.get(f"/api/v1/hazards/{result['hazard_ids'][0]}", headers=headers)).json()
    item_grade = daily["items"][0]["grade"]
    days = 3 if item_grade == "general" else 30  # defaults: general daily finding 3 days, major 30
    found_day = (datetime.fromisoformat(body["started_at"]).astimezone(UTC) + timedelta(hours=8)).date()
    assert date.fromisoformat(hazard["due_on"]) == found_day + timedelta(days=days)
    assert hazard["section"] == daily["items"][0]["section"]


async def test_the_same_inspection_three_times_is_stored_once(client, as_user, db, unit_ids, daily):
    headers = await as_user("inspector")
    body = inspection_body(daily, unit_ids["230502-01"], hazards={daily["items"][1]["code"]: {"photos": [sha(b"x")]}})
    url = f"/api/v1/inspections/{uuid.uuid4()}"
    before = await _counts(db)
    statuses = [(await client.put(url, json=body, headers=headers)).status_code for _ in range(3)]
    assert statuses == [201, 200, 200]
    assert await _counts(db) == (before[0] + 1, before[1] + len(daily["items"]), before[2] + 1)


async def test_ten_concurrent_sends_store_one_inspection(client, as_user, db, unit_ids, daily):
    headers = await as_user("inspector")
    body = inspection_body(daily, unit_ids["230502-01"], hazards={daily["items"][2]["code"]: {"photos": [sha(b"a")]},
                                                                  daily["items"][3]["code"]: {"photos": [sha(b"b")]}})
    url = f"/api/v1/inspections/{uuid.uuid4()}"
    before = await _counts(db)
    responses = await asyncio.gather(*(client.put(url, json=body, headers=headers) for _ in range(10)))
    assert sorted(r.status_code for r in responses) == [200] * 9 + [201]
    assert await _counts(db) == (before[0] + 1, before[1] + len(daily["items"]), before[2] + 2)


async def test_same_id_with_other_content_is_409(client, as_user, unit_ids, daily):
    headers = await as_user("inspector")
    body = inspection_body(daily, unit_ids["230502-01"])
    url = f"/api/v1/inspections/{uuid.uuid4()}"
    assert (await client.put(url, json=body, headers=headers)).status_code == 201
    body["results"][0]["note"] = "改了"
    response = await client.put(url, json=body, headers=headers)
    assert response.status_code == 409 and response.json()["code"] == "id_conflict"


def _mutate(kind: str, body: dict, daily: dict) -> dict:
    if kind == "missing":
        body["results"].pop()
    elif kind == "unknown":
        body["results"].append({"item_code": "NOPE-01", "outcome": "pass"})
    elif kind == "twice":
        body["results"].append(dict(body["results"][0]))
    elif kind == "hazard_without_details":
        body["results"][0] = {"item_code": body["results"][0]["item_code"], "outcome": "hazard"}
    elif kind == "photo_required":
        item = next(i for i in daily["items"] if i["photo_required"])
        result = next(r for r in body["results"] if r["item_code"] == item["code"])
        result |= {"outcome": "hazard", "hazard": {"id": str(uuid.uuid4()), "description": "无照片"}}
    elif kind == "naive_time":
        body["started_at"] = "2026-11-28T08:00:00"
    elif kind == "future":
        body["finished_at"] = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    elif kind == "wrong_kind":
        body["kind"] = "supervision_general"
    elif kind == "unknown_field":
        body["weather"] = "晴"
    return body


@pytest.mark.parametrize("kind,code", [
    ("missing", "results_mismatch"), ("unknown", "results_mismatch"), ("twice", "results_mismatch"),
    ("hazard_without_details", "results_mismatch"), ("photo_required", "results_mismatch"),
    ("naive_time", "invalid_request"), ("future", "invalid_time"), ("wrong_kind", "checklist_kind_mismatch"),
    ("unknown_field", "invalid_request"),
])
async def test_incomplete_or_wrong_inspections_are_400_and_store_nothing(client, as_user, db, unit_ids, daily,
                                                                         kind, code):
    headers = await as_user("inspector")
    before = await _counts(db)
    body = _mutate(kind, inspection_body(daily, unit_ids["230502-01"]), daily)
    response = await client.put(f"/api/v1/inspections/{uuid.uuid4()}", json=body, headers=headers)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == code
    assert await _counts(db) == before


async def test_missing_items_are_named(client, as_user, unit_ids, daily):
    body = inspection_body(daily, unit_ids["230502-01"])
    dropped = body["results"].pop(3)["item_code"]
    response = await client.put(f"/api/v1/inspections/{uuid.uuid4()}", json=body, headers=await as_user("inspector"))
    assert response.json()["details"]["missing"] == [dropped] and dropped in response.json()["message"]


async def test_off_site_inspections_are_flagged(client, as_user, unit_ids, daily):
    body = inspection_body(daily, unit_ids["230502-01"], location={"lat": 46.60, "lon": 131.30, "accuracy_m": 30})
    response = await client.put(f"/api/v1/inspections/{uuid.uuid4()}", json=body, headers=await as_user("inspector"))
    assert response.json()["off_site"] is True and response.json()["distance_m"] > 5000


@pytest.mark.parametrize("username,school,kind,status", [
    ("principal2", "230502-01", "daily", 404),   # another county's school
    ("principal", "230502-02", "daily", 404),    # another school in the same county
    ("inspector", "230523-02", "daily", 404),    # outside the inspector's county
    ("officer", "230502-01", "term_start", 403),  # school staff run daily self-inspections only
    ("viewer", "230502-01", "daily", 403),
    ("officer", "230502-01", "daily", 201),
    ("inspector", "230502", "daily", 400),        # a county bureau is not a school
])
async def test_who_may_submit_where(client, as_user, unit_ids, username, school, kind, status):
    headers = await as_user(username)
    code = "term_inspection" if kind == "term_start" else "daily_campus"
    template = await checklist(client, headers, code)
    body = inspection_body(template, unit_ids[school], kind=kind)
    response = await client.put(f"/api/v1/inspections/{uuid.uuid4()}", json=body, headers=headers)
    assert response.status_code == status, response.text


async def test_the_other_school_cannot_read_anything(client, as_user, unit_ids, daily):
    inspector = await as_user("inspector")
    photo = jpeg(5)
    item = daily["items"][0]["code"]
    body = inspection_body(daily, unit_ids["230502-01"], hazards={item: {"photos": [sha(photo)]}})
    inspection = (await client.put(f"/api/v1/inspections/{uuid.uuid4()}", json=body, headers=inspector)).json()
    await upload(client, inspector, photo)
    hazard_id = inspection["hazard_ids"][0]
    other = await as_user("principal2")
    for url in (f"/api/v1/inspections/{inspection['id']}", f"/api/v1/hazards/{hazard_id}",
                f"/api/v1/photos/{sha(photo)}", f"/api/v1/photos/{sha(photo)}/thumb",
                f"/api/v1/inspections/{inspection['id']}/notice"):
        assert (await client.get(url, headers=other)).status_code == 404, url
    assert (await client.get("/api/v1/inspections", headers=other)).json()["total"] == 0
    assert (await client.get("/api/v1/hazards", headers=other)).json()["total"] == 0
    assert hazard_id[:8].upper() not in (await client.get("/api/v1/ledger.csv", headers=other)).text
    assert (await client.get("/api/v1/hazards", params={"school_id": unit_ids["230502-01"]},
                             headers=other)).status_code == 404
    # Replaying someone else's id does not reveal it either.
    replay = await client.put(f"/api/v1/inspections/{inspection['id']}", json=body, headers=other)
    assert replay.status_code == 404
    # The principal of the school sees it all.
    principal = await as_user("principal")
    assert (await client.get(f"/api/v1/photos/{sha(photo)}", headers=principal)).status_code == 200
    assert (await client.get("/api/v1/hazards", headers=principal)).json()["total"] == 1


async def test_list_filters(client, as_user, unit_ids, daily):
    inspector = await as_user("inspector")
    for school in ("230502-01", "230502-03"):
        body = inspection_body(daily, unit_ids[school])
        assert (await client.put(f"/api/v1/inspections/{uuid.uuid4()}", json=body,
                                 headers=inspector)).status_code == 201
    everything = (await client.get("/api/v1/inspections", headers=inspector)).json()
    assert everything["total"] == 2
    one = (await client.get("/api/v1/inspections", params={"school_id": unit_ids["230502-03"]},
                            headers=inspector)).json()
    assert [i["school_name"] for i in one["items"]] == ["尖山区第六中学"]
    later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    assert (await client.get("/api/v1/inspections", params={"from": later}, headers=inspector)).json()["total"] == 0
    assert (await client.get("/api/v1/inspections", params={"kind": "daily", "page_size": 1},
                             headers=inspector)).json()["items"].__len__() == 1
