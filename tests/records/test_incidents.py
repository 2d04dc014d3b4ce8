"""Incidents (事故、案件、事件): reported by the unit, completed as handling goes on, and judged
for management responsibility only by a bureau above the unit (第二十四条)."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, timedelta

import openpyxl
from safecampus.db import AuditEvent
from sqlalchemy import select

from tests.factories import incident_body as incident


async def _report(client, headers, unit_id, **overrides) -> dict:
    response = await client.put(f"/api/v1/incidents/{uuid.uuid4()}", json=incident(unit_id, **overrides),
                                headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def test_the_school_reports_and_completes_an_incident(client, as_user, unit_ids, db):
    principal = await as_user("principal")
    reported = await _report(client, principal, unit_ids["230502-01"])
    assert reported["version"] == 1 and reported["management_responsibility"] is None
    path = f"/api/v1/incidents/{reported['id']}"
    updated = await client.patch(path, json={"base_version": 1, "follow_up": "操场地面重新铺设。",
                                             "losses_yuan": "3200.50"}, headers=principal)
    assert updated.status_code == 200, updated.text
    assert updated.json()["version"] == 2 and updated.json()["losses_yuan"] == "3200.50"
    stale = await client.patch(path, json={"base_version": 1, "follow_up": "x"}, headers=principal)
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    bad = await client.patch(path, json={"base_version": 2, "losses_yuan": "-1"}, headers=principal)
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_amount"
    async with db.session() as session:
        actions = list((await session.execute(select(AuditEvent.action).where(
            AuditEvent.entity_id == reported["id"]).order_by(AuditEvent.seq))).scalars())
    assert actions == ["incident.report", "incident.update"]


async def test_only_a_bureau_above_judges_responsibility(client, as_user, unit_ids):
    reported = await _report(client, await as_user("principal"), unit_ids["230502-01"])
    path = f"/api/v1/incidents/{reported['id']}/responsibility"
    judgement = {"base_version": 1, "management_responsibility": True, "note": "护栏缺失未及时整改。"}
    for username in ("principal", "officer", "viewer"):
        assert (await client.post(path, json=judgement, headers=await as_user(username))).status_code == 403
    assert (await client.post(path, json=judgement, headers=await as_user("principal2"))).status_code == 404
    judged = await client.post(path, json=judgement, headers=await as_user("inspector"))
    assert judged.status_code == 200, judged.text
    assert judged.json()["management_responsibility"] is True and judged.json()["judged_by_name"]

    # The county's own incident is judged by the city, never by the county itself.
    county_incident = await _report(client, await as_user("inspector"), unit_ids["230502"])
    own = await client.post(f"/api/v1/incidents/{county_incident['id']}/responsibility",
                            json=judgement, headers=await as_user("inspector"))
    assert own.status_code == 403 and own.json()["code"] == "no_authority"
    city = await client.post(f"/api/v1/incidents/{county_incident['id']}/responsibility",
                             json=judgement, headers=await as_user("admin"))
    assert city.status_code == 200


async def test_incidents_are_listed_by_scope_and_year(client, as_user, unit_ids):
    await _report(client, await as_user("principal"), unit_ids["230502-01"])
    await _report(client, await as_user("principal2"), unit_ids["230523-02"], severity="larger")
    city = (await client.get("/api/v1/incidents", params={"year": datetime.now(UTC).year},
                             headers=await as_user("viewer"))).json()
    assert city["total"] == 2
    county = (await client.get("/api/v1/incidents", headers=await as_user("inspector"))).json()
    assert [i["org_unit_name"] for i in county["items"]] == ["尖山区第一小学"]
    refused = await client.get("/api/v1/incidents", params={"org_unit_id": unit_ids["230523"]},
                               headers=await as_user("inspector"))
    assert refused.status_code == 404
    future = await client.put(f"/api/v1/incidents/{uuid.uuid4()}", headers=await as_user("principal"),
                              json=incident(unit_ids["230502-01"], occurred_at=(datetime.now(UTC) + timedelta(days=1))
                                            .isoformat()))
    assert future.status_code == 400 and future.json()["code"] == "invalid_time"


async def test_the_years_incidents_export_to_excel(client, as_user, unit_ids):
    await _report(client, await as_user("principal"), unit_ids["230502-01"])
    response = await client.get("/api/v1/incidents/export.xlsx", headers=await as_user("viewer"))
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("单位", "发生时间", "类别", "类型", "等级")
    assert rows[1][0] == "尖山区第一小学" and rows[1][2:5] == ("事故", "意外伤害", "一般") and rows[1][12] == "待认定"
