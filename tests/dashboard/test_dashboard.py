"""The dashboard's figures, checked against the hazard ledger computed independently."""

from __future__ import annotations

import statistics
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.hazards.test_ledger import _close

SHANGHAI = timedelta(hours=8)


def _day(iso: str) -> date:
    return (datetime.fromisoformat(iso).astimezone(UTC) + SHANGHAI).date()


async def _ledger(client, headers) -> list[dict]:
    """Every hazard of the scope with its detail (closed_at, recurrence), page by page."""
    items, page = [], 1
    while True:
        body = (await client.get("/api/v1/hazards", params={"page": page, "page_size": 200}, headers=headers)).json()
        items += body["items"]
        if len(items) >= body["total"]:
            return items
        page += 1


@pytest.fixture
async def history(client, as_user, unit_ids, found):
    """尖山区: the general hazard closed, the major one open, an overdue one at another school;
    宝清县: one open hazard."""
    await _close(client, as_user, found["general"]["id"])
    ten_days_ago = (datetime.now(UTC) - timedelta(days=10)).isoformat()
    for username, school, grade in (("inspector", "230502-03", "general"), ("principal2", "230523-02", "major")):
        body = {"school_id": unit_ids[school], "description": "围墙裂缝", "grade": grade, "found_at": ten_days_ago,
                "domain": "buildings"}
        response = await client.put(f"/api/v1/hazards/{uuid.uuid4()}", json=body, headers=await as_user(username))
        assert response.status_code == 201


async def test_city_totals_match_the_ledger(client, as_user, history):
    viewer = await as_user("viewer")
    figures = (await client.get("/api/v1/dashboard", headers=viewer)).json()
    ledger = await _ledger(client, viewer)
    start, end = date.fromisoformat(figures["period_from"]), date.fromisoformat(figures["period_to"])
    in_period = [h for h in ledger if start <= _day(h["found_at"]) <= end]
    closed = [h for h in ledger if h["closed_at"] and start <= _day(h["closed_at"]) <= end]
    still_open = [h for h in ledger if h["status"] != "closed"]
    totals = figures["totals"]
    assert totals["open_general"] == sum(h["grade"] == "general" for h in still_open) == 1
    assert totals["open_major"] == sum(h["grade"] == "major" for h in still_open) == 2
    assert totals["overdue"] == sum(h["overdue"] for h in ledger) == 1
    assert totals["found"] == len(in_period) == 4 and totals["closed"] == len(closed) == 1
    assert totals["closure_rate"] == round(sum(h["status"] == "closed" for h in in_period) / len(in_period), 4)
    assert totals["on_time_closure_rate"] == 1.0
    durations = [(datetime.fromisoformat(h["closed_at"]) - datetime.fromisoformat(h["found_at"])).total_seconds()
                 / 86400 for h in closed]
    assert totals["median_days_to_close"] == round(statistics.median(durations), 1)
    assert totals["awaiting_verification"] == sum(h["status"] == "submitted" for h in ledger) == 0
    by_county = {u["name"]: u for u in figures["by_unit"]}
    assert len(by_county) == 8 + 3 + 2  # counties, direct units, the two schools directly under the city
    assert by_county["尖山区教育和体育局"]["open"] == 2 and by_county["尖山区教育和体育局"]["closed"] == 1
    assert by_county["宝清县教育和体育局"]["open"] == 1 and by_county["饶河县教育和体育局"]["found"] == 0
    assert sum(w["found"] for w in figures["weekly"]) == totals["found"]
    assert [m["school_name"] for m in figures["open_major"]] == ["宝清县第三小学", "尖山区第一小学"]
    assert {s["key"] for s in figures["by_section"]} >= {"planning_finance"}


async def test_county_view_lists_its_schools_and_nothing_else(client, as_user, history, unit_ids):
    figures = (await client.get("/api/v1/dashboard", headers=await as_user("inspector"))).json()
    assert figures["org_unit_name"] == "尖山区教育和体育局"
    assert figures["totals"]["open_major"] == 1  # 宝清县's major hazard is not in this scope
    schools = {u["name"]: u for u in figures["by_unit"]}
    assert set(schools) == {"尖山区第一小学", "尖山区实验幼儿园", "尖山区第六中学", "尖山区启航教育培训学校"}
    assert schools["尖山区第六中学"]["overdue"] == 1
    outside = await client.get("/api/v1/dashboard", params={"org_unit_id": unit_ids["230523"]},
                               headers=await as_user("inspector"))
    assert outside.status_code == 404


@pytest.mark.parametrize("params", [{"from": "2026-12-01", "to": "2026-01-01"}, {"from": "2001-01-01"},
                                    {"to": "yesterday"}])
async def test_bad_periods_are_400(client, as_user, params):
    response = await client.get("/api/v1/dashboard", params=params, headers=await as_user("viewer"))
    assert response.status_code == 400


async def test_the_trail_runs_from_the_callers_unit_to_the_viewed_one(client, as_user, unit_ids):
    viewer, inspector = await as_user("viewer"), await as_user("inspector")
    school = (await client.get("/api/v1/dashboard", params={"org_unit_id": unit_ids["230502-01"]},
                               headers=viewer)).json()
    assert [u["name"] for u in school["trail"]] == ["双鸭山市教育和体育局", "尖山区教育和体育局", "尖山区第一小学"]
    assert school["org_unit_kind"] == "school" and school["by_unit"] == []
    county = (await client.get("/api/v1/dashboard", params={"org_unit_id": unit_ids["230502-01"]},
                               headers=inspector)).json()
    assert [u["name"] for u in county["trail"]] == ["尖山区教育和体育局", "尖山区第一小学"]  # never above the scope


async def test_the_map_places_open_hazards_by_geotag_inspection_or_campus(client, as_user, history, unit_ids):
    viewer = await as_user("viewer")
    city = (await client.get("/api/v1/dashboard/map", headers=viewer)).json()
    figures = (await client.get("/api/v1/dashboard", headers=viewer)).json()["totals"]
    assert len(city["points"]) + city["unplaced"] == figures["open_general"] + figures["open_major"]
    assert city["unplaced"] == 0 and city["tiles"] is None
    places = {p["name"]: p for p in city["places"]}
    assert places["尖山区教育和体育局"]["kind"] == "county_bureau"
    assert 46.6 < places["尖山区教育和体育局"]["lat"] < 46.7  # the middle of its schools
    county = (await client.get("/api/v1/dashboard/map", params={"org_unit_id": unit_ids["230502"]},
                               headers=viewer)).json()
    assert {p["name"] for p in county["places"]} >= {"尖山区第一小学", "尖山区第六中学"}
    assert all(p["overdue"] == (p["school_id"] == unit_ids["230502-03"]) for p in county["points"])
    outside = await client.get("/api/v1/dashboard/map", params={"org_unit_id": unit_ids["230523"]},
                               headers=await as_user("inspector"))
    assert outside.status_code == 404
