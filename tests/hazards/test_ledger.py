"""The 台账 exports, the rectification notice, standalone hazards, overdue and recurrence."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, timedelta

import openpyxl

from tests.factories import CAMPUS, inspection_body, jpeg, sha, upload
from tests.hazards.test_closed_loop import acknowledge, get, prove, verify

HEADERS = ["编号", "学校", "发现日期", "检查人", "隐患位置", "隐患描述", "类别", "等级", "责任科室", "整改措施",
           "整改期限", "整改责任人", "状态", "是否逾期", "销号日期", "验收人"]


async def _close(client, as_user, hazard_id):
    officer, principal = await as_user("officer"), await as_user("principal")
    hazard = (await acknowledge(client, officer, await get(client, officer, hazard_id))).json()
    proof = jpeg(4000, gps=CAMPUS)
    await upload(client, officer, proof)
    hazard = (await prove(client, officer, hazard, [proof])).json()
    return (await verify(client, principal, hazard, "accept")).json()


async def test_xlsx_holds_the_rows_and_the_thumbnails(client, as_user, found):
    await _close(client, as_user, found["general"]["id"])
    response = await client.get("/api/v1/ledger.xlsx", headers=await as_user("viewer"))
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0][:16]) == HEADERS and rows[0][16:] == ("整改前照片", "整改后照片")
    by_number = {row[0]: row for row in rows[1:]}
    assert set(by_number) == {found["general"]["id"][:8].upper(), found["major"]["id"][:8].upper()}
    closed = by_number[found["general"]["id"][:8].upper()]
    assert closed[1] == "尖山区第一小学" and closed[12] == "已销号" and closed[15] == "刘淑芬（校长）"
    assert by_number[found["major"]["id"][:8].upper()][7] == "重大"
    # The closed hazard has a before and an after thumbnail; the major one's photo never arrived.
    anchors = sorted((img.anchor._from.row, img.anchor._from.col) for img in sheet._images)
    row_of_closed = 1 + [r[0] for r in rows[1:]].index(closed[0])
    assert anchors == [(row_of_closed, 16), (row_of_closed, 17)]


async def test_csv_and_list_agree_under_filters(client, as_user, found):
    viewer = await as_user("viewer")
    major = (await client.get("/api/v1/hazards", params={"grade": "major"}, headers=viewer)).json()
    assert [h["id"] for h in major["items"]] == [found["major"]["id"]]
    csv_text = (await client.get("/api/v1/ledger.csv", params={"grade": "major"}, headers=viewer)).text
    lines = csv_text.lstrip("\ufeff").splitlines()
    assert lines[0].split(",") == HEADERS and len(lines) == 2 and found["major"]["id"][:8].upper() in lines[1]
    outside = await client.get("/api/v1/ledger.csv", params={"org_unit_id": str(uuid.uuid4())}, headers=viewer)
    assert outside.status_code == 404


async def test_rectification_notice_is_printable_chinese(client, as_user, found):
    response = await client.get(f"/api/v1/inspections/{found['inspection']['id']}/notice",
                                headers=await as_user("principal"))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    for text in ("安全隐患整改通知书", "尖山区第一小学", "重大隐患", "签字", "@media print", "第十五条"):
        assert text in page


async def test_standalone_hazard_overdue_and_idempotent(client, as_user, unit_ids):
    officer = await as_user("officer")
    found_at = datetime.now(UTC) - timedelta(days=10)
    body = {"school_id": unit_ids["230502-01"], "description": "操场围栏松动", "grade": "general",
            "found_at": found_at.isoformat(), "domain": "buildings", "photos": [sha(jpeg(77))]}
    url = f"/api/v1/hazards/{uuid.uuid4()}"
    created = await client.put(url, json=body, headers=officer)
    assert created.status_code == 201, created.text
    hazard = created.json()
    assert hazard["section"] == "planning_finance" and hazard["overdue"] is True  # 7 days for general, 10 ago
    assert (await client.put(url, json=body, headers=officer)).status_code == 200
    assert (await client.put(url, json=body | {"grade": "major"}, headers=officer)).status_code == 409
    overdue = (await client.get("/api/v1/hazards", params={"overdue": "true"}, headers=officer)).json()
    assert [h["id"] for h in overdue["items"]] == [hazard["id"]]
    unknown = await client.put(f"/api/v1/hazards/{uuid.uuid4()}", json=body | {"domain": "weather"}, headers=officer)
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_domain"
    for due in ((found_at - timedelta(days=1)).date(), (found_at + timedelta(days=400)).date()):
        wrong = await client.put(f"/api/v1/hazards/{uuid.uuid4()}", json=body | {"due_on": due.isoformat()},
                                 headers=officer)
        assert wrong.status_code == 400 and wrong.json()["code"] == "invalid_due_on"


async def test_a_hazard_on_the_same_item_after_close_out_is_a_recurrence(client, as_user, unit_ids, found, daily):
    closed = await _close(client, as_user, found["general"]["id"])
    item = found["general_item"]
    body = inspection_body(daily, unit_ids["230502-01"], hazards={item["code"]: {"photos": [sha(jpeg(5000))]}},
                           started_at=datetime.now(UTC))  # found after the close-out
    body["finished_at"] = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()
    response = await client.put(f"/api/v1/inspections/{uuid.uuid4()}", json=body, headers=await as_user("inspector"))
    assert response.status_code == 201, response.text
    again = await get(client, await as_user("principal"), response.json()["hazard_ids"][0])
    assert again["recurrence_of"] == closed["id"]


async def test_spreadsheet_cells_never_become_formulas(client, as_user, unit_ids):
    officer = await as_user("officer")
    body = {"school_id": unit_ids["230502-01"], "description": '=HYPERLINK("http://evil.example","点击")',
            "location_note": "=1+2", "grade": "general"}
    assert (await client.put(f"/api/v1/hazards/{uuid.uuid4()}", json=body, headers=officer)).status_code == 201
    sheet = openpyxl.load_workbook(io.BytesIO((await client.get("/api/v1/ledger.xlsx", headers=officer)).content)).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert all(c.data_type == "s" for c in cells)
    csv_text = (await client.get("/api/v1/ledger.csv", headers=officer)).text
    assert "'=1+2" in csv_text and ",=1+2" not in csv_text


async def test_standalone_hazard_recorded_off_campus_is_flagged(client, as_user, unit_ids):
    body = {"school_id": unit_ids["230502-01"], "description": "远程登记", "grade": "general",
            "location": {"lat": 39.9, "lon": 116.4, "accuracy_m": 10}}
    hazard = (await client.put(f"/api/v1/hazards/{uuid.uuid4()}", json=body, headers=await as_user("officer"))).json()
    assert "recorded_off_campus" in {f["code"] for f in hazard["flags"]}


async def test_the_dashboards_filters_pick_the_hazards_behind_each_figure(client, as_user, found):
    await _close(client, as_user, found["general"]["id"])
    viewer = await as_user("viewer")
    today = (datetime.now(UTC) + timedelta(hours=8)).date()

    async def ids(**params) -> set[str]:
        response = await client.get("/api/v1/hazards", params=params, headers=viewer)
        assert response.status_code == 200, response.text
        return {h["id"] for h in response.json()["items"]}

    general, major = found["general"]["id"], found["major"]["id"]
    assert await ids(closed="false") == {major} and await ids(closed="true") == {general}
    assert await ids(found_from=today.isoformat(), found_to=today.isoformat()) == {general, major}
    assert await ids(found_to=(today - timedelta(days=1)).isoformat()) == set()
    assert await ids(closed_from=today.isoformat()) == {general}
    assert await ids(closed_to=(today - timedelta(days=1)).isoformat()) == set()
    assert await ids(category=found["general_item"]["category"]) >= {general}
    assert await ids(recurrence="true") == set() and await ids(recurrence="false") == {general, major}
    assert (await client.get("/api/v1/hazards", params={"found_from": "soon"}, headers=viewer)).status_code == 400
