"""Annual safety reports (第十四条): generated figures, the unit's narrative, the frozen
snapshot at submission, the parent's review, scope and the printable page."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from safecampus.db import AuditEvent
from sqlalchemy import select

from tests.conftest import login
from tests.factories import drill_body, incident_body, jpeg, upload

YEAR = datetime.now(UTC).year  # the fixtures' hazards are found today


def _url(unit_id: str, suffix: str = "") -> str:
    return f"/api/v1/annual-reports/{unit_id}/{YEAR}{suffix}"


async def _save(client, headers, unit_id, narrative, base_version=0):
    return await client.put(_url(unit_id), json={"narrative": narrative, "base_version": base_version},
                            headers=headers)


@pytest.fixture
async def school(unit_ids) -> str:
    return unit_ids["230502-01"]


async def test_a_draft_shows_the_years_figures_live(client, as_user, school, found):
    principal = await as_user("principal")
    await upload(client, await as_user("inspector"), jpeg(101))  # the major hazard's evidence arrives
    report = (await client.get(_url(school), headers=principal)).json()
    assert report["status"] is None and report["version"] == 0 and not report["frozen"]
    assert report["may_edit"] and report["may_submit"] and not report["may_review"]
    content = report["content"]
    assert content["inspections"] == [{"kind": "daily", "done": 1}]
    assert (content["found_general"], content["found_major"]) == (1, 1)
    dashboard = (await client.get("/api/v1/dashboard", params={"org_unit_id": school, "from": f"{YEAR}-01-01",
                                                               "to": f"{YEAR}-12-31"}, headers=principal)).json()
    assert content["totals"] == dashboard["totals"]
    [major] = content["major_hazards"]
    assert major["hazard_id"] == found["major"]["id"] and major["status"] == "open" and major["closed_on"] is None
    assert [(e["hazard_id"], e["role"]) for e in content["evidence"]] == [(found["major"]["id"], "evidence")]


async def test_submission_freezes_the_figures(client, as_user, school, found, daily):
    principal, officer = await as_user("principal"), await as_user("officer")
    saved = await _save(client, officer, school, "本年度开展安全教育12次。")
    assert saved.status_code == 200, saved.text
    assert saved.json()["status"] == "draft" and saved.json()["version"] == 1
    again = await _save(client, officer, school, "本年度开展安全教育12次。")  # a retry of the same save
    assert again.status_code == 200 and again.json()["version"] == 1
    stale = await _save(client, principal, school, "另一稿", base_version=0)
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    refused = await client.post(_url(school, "/submission"), json={"base_version": 1}, headers=officer)
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"

    submitted = await client.post(_url(school, "/submission"), json={"base_version": 1}, headers=principal)
    assert submitted.status_code == 200, submitted.text
    report = submitted.json()
    assert report["status"] == "submitted" and report["frozen"] and report["on_time"] is True
    assert not report["may_edit"] and not report["may_submit"]
    # A hazard found after submission shows in the dashboard but not in the submitted report.
    body = {"school_id": school, "description": "消防通道堆放杂物", "grade": "major", "domain": "fire"}
    response = await client.put(f"/api/v1/hazards/{uuid.uuid4()}", json=body, headers=await as_user("inspector"))
    assert response.status_code == 201, response.text
    later = (await client.get(_url(school), headers=principal)).json()
    assert later["content"] == report["content"] and later["content"]["found_major"] == 1
    assert (await _save(client, officer, school, "改一下", base_version=2)).status_code == 403


async def test_the_parent_returns_and_accepts(client, as_user, school, found, db):
    principal, county = await as_user("principal"), await as_user("inspector")
    await _save(client, principal, school, "总结")
    await client.post(_url(school, "/submission"), json={"base_version": 1}, headers=principal)
    assert (await client.get(_url(school), headers=county)).json()["may_review"]
    own = await client.post(_url(school, "/review"), json={"base_version": 2, "decision": "accept"},
                            headers=principal)
    assert own.status_code == 403
    city = await client.post(_url(school, "/review"), json={"base_version": 2, "decision": "accept"},
                             headers=await as_user("admin"))
    assert city.status_code == 403  # the city is not this school's parent: the county reviews
    mute = await client.post(_url(school, "/review"), json={"base_version": 2, "decision": "return"}, headers=county)
    assert mute.status_code == 400 and mute.json()["code"] == "comment_required"

    returned = await client.post(_url(school, "/review"), headers=county,
                                 json={"base_version": 2, "decision": "return", "comment": "请补充重大隐患处置情况"})
    assert returned.status_code == 200, returned.text
    assert returned.json()["status"] == "returned" and not returned.json()["frozen"]
    resaved = await _save(client, principal, school, "总结（补充重大隐患处置）", base_version=3)
    assert resaved.status_code == 200
    await client.post(_url(school, "/submission"), json={"base_version": 4}, headers=principal)
    accepted = await client.post(_url(school, "/review"), json={"base_version": 5, "decision": "accept"},
                                 headers=county)
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    steps = [(s["action"], s["comment"]) for s in accepted.json()["steps"]]
    assert steps == [("submit", None), ("return", "请补充重大隐患处置情况"), ("submit", None), ("accept", None)]
    assert accepted.json()["steps"][0]["actor_name"] == "刘淑芬（校长）"

    overview = (await client.get("/api/v1/annual-reports", params={"year": YEAR}, headers=county)).json()
    by_id = {u["org_unit_id"]: u for u in overview["units"]}
    assert by_id[school]["status"] == "accepted" and by_id[school]["on_time"] is True
    assert sum(u["status"] is None for u in overview["units"]) == len(overview["units"]) - 1
    async with db.session() as session:
        actions = list((await session.execute(select(AuditEvent.action).where(
            AuditEvent.entity_type == "annual_report").order_by(AuditEvent.seq))).scalars())
    assert actions == ["report.save", "report.submit", "report.return", "report.save", "report.submit",
                       "report.accept"]


async def test_other_units_reports_are_out_of_reach(client, as_user, school, unit_ids):
    other_school = await as_user("principal2")
    assert (await client.get(_url(school), headers=other_school)).status_code == 404
    assert (await _save(client, other_school, school, "越权")).status_code == 404
    county = unit_ids["230502"]
    refused = await client.get("/api/v1/annual-reports", params={"org_unit_id": county}, headers=other_school)
    assert refused.status_code == 404
    viewer = await as_user("viewer")  # reads the city's report but does not write it
    city = (await client.get(_url(unit_ids["230500"]), headers=viewer)).json()
    assert not city["may_edit"] and not city["may_submit"]
    assert (await _save(client, viewer, unit_ids["230500"], "越权")).status_code == 403


async def test_bad_input_is_refused(client, as_user, school):
    principal = await as_user("principal")
    future = await client.get(f"/api/v1/annual-reports/{school}/{YEAR + 1}", headers=principal)
    assert future.status_code == 400 and future.json()["code"] == "invalid_year"
    unknown = await client.put(_url(school), json={"narrative": "x", "extra": 1}, headers=principal)
    assert unknown.status_code == 400
    unsaved = await client.post(_url(school, "/submission"), json={"base_version": 0}, headers=principal)
    assert unsaved.status_code == 400 and unsaved.json()["code"] == "report_not_saved"


async def test_drills_and_incidents_are_in_the_report(client, as_user, school):
    officer = await as_user("officer")
    for kind, people in (("fire_evacuation", 800), ("fire_evacuation", 760), ("earthquake", 790)):
        response = await client.put(f"/api/v1/drills/{uuid.uuid4()}", headers=officer,
                                    json=drill_body(school, kind=kind, participants=people))
        assert response.status_code == 201
    response = await client.put(f"/api/v1/incidents/{uuid.uuid4()}", json=incident_body(school), headers=officer)
    assert response.status_code == 201
    content = (await client.get(_url(school), headers=officer)).json()["content"]
    assert content["drills"] == [{"kind": "earthquake", "drills": 1, "participants": 790},
                                 {"kind": "fire_evacuation", "drills": 2, "participants": 1560}]
    [line] = content["incidents"]
    assert line["category"] == "accident" and line["injuries"] == 1 and line["management_responsibility"] is None
    page = (await client.get(_url(school, "/print"), headers=officer)).text
    assert "消防疏散" in page and "待认定" in page


async def test_the_printable_page(client, as_user, school, found):
    principal = await as_user("principal")
    await upload(client, await as_user("inspector"), jpeg(101))
    await _save(client, principal, school, "<script>alert(1)</script>本年度无事故。")
    page = await client.get(_url(school, "/print"), headers=principal)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert f"{YEAR}年度安全工作报告" in html and "尖山区第一小学" in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert html.count("data:image/jpeg;base64,") == 1 and "重大隐患及处置情况" in html


async def test_a_direct_unit_writes_submits_and_records_like_a_school(client, as_user, unit_ids):
    """直属单位 are run by a principal and safety officers, like schools (and report to the city)."""
    unit = unit_ids["230500-D01"]
    created = await client.post("/api/v1/users", headers=await as_user("admin"), json={
        "username": "d01head", "name": "直属单位校长", "role": "principal", "org_unit_id": unit,
        "password": "direct-unit-pw"})
    assert created.status_code == 201, created.text
    head = await login(client, "d01head", "direct-unit-pw")
    report = (await client.get(_url(unit), headers=head)).json()
    assert report["may_edit"] and report["may_submit"]
    assert (await _save(client, head, unit, "直属单位年度总结")).status_code == 200
    submitted = await client.post(_url(unit, "/submission"), json={"base_version": 1}, headers=head)
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    drill = await client.put(f"/api/v1/drills/{uuid.uuid4()}", json=drill_body(unit), headers=head)
    assert drill.status_code == 201, drill.text
