"""What a careless or hostile client sends: clear 4xx answers, never a 500."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("body", [
    b'{"username": "a\\u0000b", "password": "x"}',
    b'[' * 100_000,
    b'{"username": ' + b'{"a": ' * 5000 + b'1' + b'}' * 5000 + b', "password": "x"}',
])
async def test_hostile_login_bodies_are_400(client, body):
    response = await client.post("/api/v1/auth/login", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    assert response.json()["code"] in ("invalid_request", "nul_character")


async def test_nul_in_a_query_or_a_created_name_is_400(client, as_user, unit_ids):
    headers = await as_user("admin")
    assert (await client.get("/api/v1/org-units?q=%00", headers=headers)).status_code == 400
    response = await client.post("/api/v1/users", headers=headers, json={
        "username": "nul.user", "name": "a\u0000b", "role": "principal", "org_unit_id": unit_ids["230502-02"]})
    assert response.status_code == 400 and response.json()["code"] == "nul_character"


@pytest.mark.parametrize("path", ["/api/v1/org-units/../users", "/api/v1/org-units/%2e%2e/users",
                                  "/api/v1/hazards/1", "/api/v1/photos/../../etc/passwd"])
async def test_path_tricks_are_404(client, as_user, path):
    response = await client.get(path, headers=await as_user("principal"))
    assert response.status_code in (400, 403, 404)  # ".." may resolve to /users, which needs an admin
    assert response.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("params", [{"page": "0"}, {"page_size": "100000"}, {"overdue": "maybe"},
                                    {"school_id": "not-a-uuid"}, {"status": "lost"}])
async def test_bad_query_values_are_400(client, as_user, params):
    response = await client.get("/api/v1/hazards", params=params, headers=await as_user("viewer"))
    assert response.status_code == 400 and response.json()["code"] == "invalid_request"


async def test_nul_is_refused_whatever_the_declared_content_type(client, as_user, unit_ids):
    body = ('{"school_id": "%s", "description": "a\\u0000b", "grade": "general"}' % unit_ids["230502-01"]).encode()
    for content_type in ("text/plain", "application/JSON", "application/x-www-form-urlencoded"):
        response = await client.put("/api/v1/hazards/6c4d0a3e-8a55-4b5e-9d53-0b7f3c1f9a10", content=body,
                                    headers=await as_user("officer") | {"Content-Type": content_type})
        assert response.status_code == 400, (content_type, response.text)


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+01:00", "9999-12-31T12:00:00+08:00",
                                    "2026-11-28T08:00:00"])
async def test_implausible_or_naive_times_are_400(client, as_user, unit_ids, moment):
    headers = await as_user("officer")
    body = {"school_id": unit_ids["230502-01"], "description": "时间不对", "grade": "general", "found_at": moment}
    response = await client.put("/api/v1/hazards/6c4d0a3e-8a55-4b5e-9d53-0b7f3c1f9a11", json=body, headers=headers)
    assert response.status_code == 400
    if not moment.startswith("9999"):  # a search may reach into the future
        listing = await client.get("/api/v1/inspections", params={"from": moment}, headers=headers)
        assert listing.status_code == 400


async def test_declared_photo_metadata_is_checked(client, as_user):
    from tests.factories import jpeg, upload

    headers = await as_user("officer")
    assert (await upload(client, headers, jpeg(1), lat=46.6)).json()["code"] == "incomplete_location"
    assert (await upload(client, headers, jpeg(1), taken_at="0001-01-01T00:00:00+01:00")).status_code == 400
    assert (await upload(client, headers, jpeg(1), accuracy_m=1e300)).status_code == 400


@pytest.mark.parametrize("path", ["/api/v1/incidents", "/api/v1/incidents/export.xlsx", "/api/v1/drills",
                                  "/api/v1/accountability/signals", "/api/v1/accountability/export.xlsx"])
async def test_a_year_the_app_cannot_hold_is_400(client, as_user, path):
    response = await client.get(path, params={"year": "9999"}, headers=await as_user("admin"))
    assert response.status_code == 400 and response.json()["code"] == "invalid_request"


@pytest.mark.parametrize("url", ["/api/v1/hazards?found_from=0001-01-01", "/api/v1/hazards?closed_to=9999-12-31",
                                 "/api/v1/ledger.csv?found_to=9999-12-31", "/api/v1/ledger.xlsx?closed_from=0001-01-01",
                                 "/api/v1/dashboard?from=9999-12-27&to=9999-12-31",
                                 "/api/v1/dashboard?from=0001-01-01&to=0001-01-02",
                                 "/api/v1/inspections?to=9999-12-31T23:00:00-05:00"])
async def test_a_day_the_app_cannot_hold_is_400(client, as_user, url):
    response = await client.get(url, headers=await as_user("admin"))
    assert response.status_code == 400 and response.json()["code"] in ("invalid_date", "invalid_time"), response.text


async def test_a_checklist_version_beyond_the_column_is_400(client, as_user):
    response = await client.get("/api/v1/checklists/daily_campus/diff", params={"from": 2**51, "to": 1},
                                headers=await as_user("admin"))
    assert response.status_code == 400 and response.json()["code"] == "invalid_request"
