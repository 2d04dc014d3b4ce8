"""Coverage of a term: each school's term inspections by window, its daily checks and
supervision, the summary, and who may see which schools."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from safecampus.db import OrgUnit
from sqlalchemy import func, select

from tests.coverage.conftest import clear_calendar, shanghai_today, term_body

A, B, C, D = "230502-01", "230502-03", "230502-02", "230502-04"  # the four schools of 尖山区


def _by_code(body: dict, unit_ids: dict) -> dict[str, dict]:
    codes = {uid: code for code, uid in unit_ids.items()}
    return {codes[row["school_id"]]: row for row in body["schools"]}


async def test_cells_daily_checks_supervision_and_summary(client, as_user, unit_ids, term, inspect):
    t = shanghai_today()  # the term started on t − 75: term_start window t−89 … t−62, term_mid t−26 … t+8
    ids = {
        "a_start": await inspect(unit_ids[A], "term_start", t - timedelta(days=70)),
        "a_mid": await inspect(unit_ids[A], "term_mid", t - timedelta(days=20)),
        "a_supervision": await inspect(unit_ids[A], "supervision_general", t - timedelta(days=11)),
        "b_start": await inspect(unit_ids[B], "term_start", t - timedelta(days=55)),
    }
    await inspect(unit_ids[A], "term_start", t - timedelta(days=50))  # a second one changes nothing
    for days_ago in (1, 5, 31):  # the one 31 days ago is outside the last 30 days
        await inspect(unit_ids[A], "daily", t - timedelta(days=days_ago))
    await inspect(unit_ids[A], "daily", t - timedelta(days=1), hour=7)  # the day before in UTC, same day here
    await inspect(unit_ids[B], "term_mid", t - timedelta(days=40))  # too early: the window is still open
    await inspect(unit_ids[B], "term_end", t - timedelta(days=30))  # too early: the window is ahead
    await inspect(unit_ids[D], "term_start", t - timedelta(days=95))  # before the window and the term

    response = await client.get("/api/v1/coverage", headers=await as_user("inspector"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["org_unit_id"] == unit_ids["230502"] and body["term"]["code"] == term["code"]
    assert body["term"]["current"] is True and body["today"] == t.isoformat()
    assert (body["daily_from"], body["daily_to"]) == ((t - timedelta(days=29)).isoformat(), t.isoformat())
    middle = date.fromisoformat(term["starts_on"]) + timedelta(days=64)
    assert body["supervision_from"] <= middle.isoformat() <= body["supervision_to"]
    assert body["supervision_from"][5:] in ("01-01", "07-01")
    schools = _by_code(body, unit_ids)
    assert list(schools) == [A, C, B, D]  # tree order
    a, b, c, d = schools[A], schools[B], schools[C], schools[D]
    assert a["county_name"] == "尖山区教育和体育局" and a["name"] == "尖山区第一小学"
    assert a["term_start"] == {"status": "done", "inspection_id": ids["a_start"],
                               "done_on": (t - timedelta(days=70)).isoformat()}
    assert a["term_mid"] == {"status": "done", "inspection_id": ids["a_mid"],
                             "done_on": (t - timedelta(days=20)).isoformat()}
    assert a["term_end"] == {"status": "upcoming", "inspection_id": None, "done_on": None}
    assert a["daily"] == {"count": 3, "days": 2}
    assert a["supervision"] == {"count": 1, "last_on": (t - timedelta(days=11)).isoformat(), "missing": False}
    assert b["term_start"] == {"status": "late", "inspection_id": ids["b_start"],
                               "done_on": (t - timedelta(days=55)).isoformat()}
    assert (b["term_mid"]["status"], b["term_end"]["status"]) == ("due", "upcoming")
    assert b["supervision"] == {"count": 0, "last_on": None, "missing": True}
    assert [c[k]["status"] for k in ("term_start", "term_mid", "term_end")] == ["missing", "due", "upcoming"]
    assert c["daily"] == {"count": 0, "days": 0} and d["term_start"]["status"] == "missing"
    assert not any(row["complete"] for row in schools.values())
    assert body["summary"] == {"schools": 4, "complete": 0,
                               "missing": {"term_start": 2, "term_mid": 0, "term_end": 0},
                               "late": {"term_start": 1, "term_mid": 0, "term_end": 0}, "without_supervision": 3}


async def test_a_past_term_by_code(client, as_user, unit_ids, term, inspect):
    start = date.fromisoformat(term["starts_on"]) - timedelta(days=190)
    end = start + timedelta(days=129)
    code, previous = term_body(start, end, season="spring")
    response = await client.put(f"/api/v1/terms/{code}", json=previous, headers=await as_user("admin"))
    assert response.status_code == 201, response.text
    await inspect(unit_ids[A], "term_start", start)
    await inspect(unit_ids[A], "term_mid", start + timedelta(days=60))
    await inspect(unit_ids[A], "term_end", end + timedelta(days=10))  # the window runs two weeks past the end
    late = await inspect(unit_ids[B], "term_mid", start + timedelta(days=90))
    body = (await client.get("/api/v1/coverage", params={"term": code, "org_unit_id": unit_ids["230502"]},
                             headers=await as_user("viewer"))).json()
    assert body["term"]["code"] == code and body["term"]["current"] is False
    schools = _by_code(body, unit_ids)
    assert schools[A]["complete"] is True
    assert schools[B]["term_mid"] == {"status": "late", "inspection_id": late,
                                      "done_on": (start + timedelta(days=90)).isoformat()}
    assert body["summary"]["complete"] == 1
    assert body["summary"]["missing"] == {"term_start": 3, "term_mid": 2, "term_end": 3}


async def test_each_role_sees_its_own_schools(client, as_user, unit_ids, db, term):
    for username in ("principal", "officer"):
        body = (await client.get("/api/v1/coverage", headers=await as_user(username))).json()
        assert [row["school_id"] for row in body["schools"]] == [unit_ids[A]]
        assert body["org_unit_name"] == "尖山区第一小学"
    city = (await client.get("/api/v1/coverage", headers=await as_user("viewer"))).json()
    async with db.session() as session:
        schools = await session.scalar(select(func.count()).select_from(OrgUnit).where(OrgUnit.kind == "school"))
    assert city["summary"]["schools"] == len(city["schools"]) == schools
    counties = {row["school_id"]: row["county_name"] for row in city["schools"]}
    assert counties[unit_ids["230523-02"]] == "宝清县教育和体育局"
    assert counties[unit_ids["230500-S01"]] == "双鸭山市教育和体育局"  # directly under the city
    county = (await client.get("/api/v1/coverage", params={"org_unit_id": unit_ids["230502"]},
                               headers=await as_user("admin"))).json()
    assert len(county["schools"]) == 4


@pytest.mark.parametrize(("username", "unit"), [
    ("inspector", "230523"), ("inspector", "230523-02"), ("inspector", "230500"),
    ("principal", "230502"), ("principal", "230502-03"), ("principal2", "230502-01"),
])
async def test_units_outside_the_scope_are_not_found(client, as_user, unit_ids, term, username, unit):
    response = await client.get("/api/v1/coverage", params={"org_unit_id": unit_ids[unit]},
                                headers=await as_user(username))
    assert response.status_code == 404 and response.json()["code"] == "not_found"


async def test_an_unknown_term_is_not_found(client, as_user, db):
    headers = await as_user("viewer")
    response = await client.get("/api/v1/coverage", params={"term": "1999-autumn"}, headers=headers)
    assert response.status_code == 404 and response.json()["code"] == "term_not_found"
    await clear_calendar(db)
    assert (await client.get("/api/v1/terms", headers=headers)).json()["current"] is None
    response = await client.get("/api/v1/coverage", headers=headers)
    assert response.status_code == 404 and response.json()["code"] == "term_not_found"


@pytest.mark.parametrize("params", [{"org_unit_id": "not-a-uuid"}, {"term": "x" * 21}])
async def test_bad_query_values_are_400(client, as_user, params):
    response = await client.get("/api/v1/coverage", params=params, headers=await as_user("viewer"))
    assert response.status_code == 400 and response.json()["code"] == "invalid_request"
