"""Emergency drills (第八条(六)): recorded offline-safe under the client's id, scoped, with photos."""

from __future__ import annotations

import asyncio
import io
import uuid
from datetime import date, timedelta

import openpyxl
import pytest

from tests.factories import drill_body as drill
from tests.factories import jpeg, sha, upload


async def test_a_school_records_its_drill_once(client, as_user, unit_ids):
    officer = await as_user("officer")
    photo = jpeg(300)
    body = drill(unit_ids["230502-01"], photos=[sha(photo)])
    drill_id = str(uuid.uuid4())
    answers = await asyncio.gather(*(client.put(f"/api/v1/drills/{drill_id}", json=body, headers=officer)
                                     for _ in range(4)))
    assert sorted(a.status_code for a in answers) == [200, 200, 200, 201]
    recorded = answers[0].json()
    assert recorded["missing_photos"] == [sha(photo)] and recorded["photos"] == []
    await upload(client, officer, photo)
    detail = (await client.get(f"/api/v1/drills/{drill_id}", headers=officer)).json()
    assert detail["photos"] == [sha(photo)] and detail["missing_photos"] == []
    assert detail["org_unit_name"] == "尖山区第一小学" and detail["recorded_by_name"] == "陈志强（安全干事）"
    changed = await client.put(f"/api/v1/drills/{drill_id}", json=body | {"participants": 10}, headers=officer)
    assert changed.status_code == 409 and changed.json()["code"] == "id_conflict"

    county = await as_user("inspector")
    listed = (await client.get("/api/v1/drills", params={"year": date.today().year}, headers=county)).json()
    assert [d["id"] for d in listed["items"]] == [drill_id] and listed["total"] == 1
    last_year = (await client.get("/api/v1/drills", params={"year": date.today().year - 1}, headers=county)).json()
    assert last_year["total"] == 0


async def test_drills_stay_in_scope(client, as_user, unit_ids):
    officer, other = await as_user("officer"), await as_user("principal2")
    drill_id = str(uuid.uuid4())
    assert (await client.put(f"/api/v1/drills/{drill_id}", json=drill(unit_ids["230502-01"]),
                             headers=officer)).status_code == 201
    assert (await client.get(f"/api/v1/drills/{drill_id}", headers=other)).status_code == 404
    replay = await client.put(f"/api/v1/drills/{drill_id}", json=drill(unit_ids["230502-01"]), headers=other)
    assert replay.status_code == 404  # an id outside the scope is not even confirmed to exist
    assert (await client.get("/api/v1/drills", headers=other)).json()["total"] == 0
    foreign = await client.put(f"/api/v1/drills/{uuid.uuid4()}", json=drill(unit_ids["230502-01"]), headers=other)
    assert foreign.status_code == 404
    viewer = await client.put(f"/api/v1/drills/{uuid.uuid4()}", json=drill(unit_ids["230502-01"]),
                              headers=await as_user("viewer"))
    assert viewer.status_code == 403


@pytest.mark.parametrize(("change", "status", "code"), [
    ({"held_on": (date.today() + timedelta(days=3)).isoformat()}, 400, "invalid_date"),
    ({"participants": 0}, 400, "invalid_request"),
    ({"kind": "party"}, 400, "invalid_request"),
    ({"description": "  "}, 400, "invalid_request"),
    ({"photos": ["a" * 64, "a" * 64]}, 400, "duplicate_photos"),
])
async def test_bad_drills_are_refused(client, as_user, unit_ids, db, change, status, code):
    response = await client.put(f"/api/v1/drills/{uuid.uuid4()}", json=drill(unit_ids["230502-01"], **change),
                                headers=await as_user("officer"))
    assert response.status_code == status and response.json()["code"] == code
    assert (await client.get("/api/v1/drills", headers=await as_user("officer"))).json()["total"] == 0


async def test_the_years_drills_export_to_excel(client, as_user, unit_ids):
    officer = await as_user("officer")
    body = drill(unit_ids["230502-01"], description="=HYPERLINK(\"http://x\")消防疏散")
    assert (await client.put(f"/api/v1/drills/{uuid.uuid4()}", json=body, headers=officer)).status_code == 201
    response = await client.get("/api/v1/drills/export.xlsx", headers=await as_user("inspector"))
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("单位", "演练日期", "演练类型", "参加人数")
    assert rows[1][0] == "尖山区第一小学" and rows[1][2] == "消防疏散" and rows[1][5].startswith("=HYPERLINK")
    elsewhere = await client.get("/api/v1/drills/export.xlsx", headers=await as_user("principal2"))
    assert len(list(openpyxl.load_workbook(io.BytesIO(elsewhere.content)).active.iter_rows())) == 1
