"""Supervision orders (督办): who may issue them over which school, where they show, and
that they close with their hazard."""

from __future__ import annotations

import uuid
from datetime import timedelta

from safecampus.hazards.rules import today

from tests.factories import CAMPUS, jpeg, upload
from tests.hazards.test_closed_loop import acknowledge, get, prove, verify
from tests.notices.conftest import kinds


def order_body(hazard_id, **extra):
    return {"hazard_id": hazard_id, "requirement": "立即整改，每周报告进度", "supervisor": "王建国（安全科）",
            "due_on": (today() + timedelta(days=10)).isoformat()} | extra


async def issue(client, headers, body, order_id=None):
    return await client.put(f"/api/v1/supervision-orders/{order_id or uuid.uuid4()}", headers=headers, json=body)


async def test_a_county_orders_its_own_schools_major_hazard_and_it_closes_with_it(client, as_user, found):
    inspector, principal, officer = await as_user("inspector"), await as_user("principal"), await as_user("officer")
    order_id = uuid.uuid4()
    body = order_body(found["major"]["id"])
    response = await issue(client, inspector, body, order_id)
    assert response.status_code == 201, response.text
    order = response.json()
    assert order["status"] == "open" and order["issuer_name"] and not order["overdue"]
    assert order["school_name"] == "尖山区第一小学" and order["supervisor"] == "王建国（安全科）"
    assert (await issue(client, inspector, body, order_id)).status_code == 200  # a replay
    changed = await issue(client, inspector, body | {"supervisor": "别人"}, order_id)
    assert changed.status_code == 409

    hazard = await get(client, principal, found["major"]["id"])
    assert [o["id"] for o in hazard["orders"]] == [str(order_id)]
    # The order's deadline is the hazard's now: reminders and "overdue" follow it.
    assert hazard["due_on"] == body["due_on"] and "hazard.reschedule" in [e["action"] for e in hazard["timeline"]]
    again = await issue(client, inspector, order_body(found["major"]["id"]))
    assert again.status_code == 409 and again.json()["code"] == "order_exists"  # one open order per issuer
    listed = (await client.get("/api/v1/supervision-orders", headers=principal, params={"status": "open"})).json()
    assert [o["id"] for o in listed] == [str(order_id)]
    assert "order_issued" in await kinds(client, principal)
    notice = next(n for n in (await client.get("/api/v1/notices", headers=officer)).json()["items"]
                  if n["kind"] == "order_issued")
    assert "立即整改，每周报告进度" in notice["body"] and notice["link"] == f"#/hazard/{found['major']['id']}"

    hazard = (await acknowledge(client, officer, hazard)).json()
    await upload(client, officer, jpeg(250, gps=CAMPUS))
    hazard = (await prove(client, officer, hazard, [jpeg(250, gps=CAMPUS)], interim_controls="已拉警戒线")).json()
    assert (await verify(client, inspector, hazard, "accept")).json()["status"] == "closed"
    closed = (await client.get(f"/api/v1/supervision-orders/{order_id}", headers=principal)).json()
    assert closed["status"] == "closed" and closed["closed_at"]
    after = await issue(client, inspector, order_body(found["major"]["id"]))
    assert after.status_code == 400 and after.json()["code"] == "hazard_closed"


async def test_authority_over_schools(client, as_user, found):
    general, major = found["general"]["id"], found["major"]["id"]
    not_yet = await issue(client, await as_user("inspector"), order_body(general))
    assert not_yet.status_code == 400 and not_yet.json()["code"] == "not_supervisable"  # neither overdue nor major
    for school_user in ("principal", "officer"):
        refused = await issue(client, await as_user(school_user), order_body(major))
        assert refused.status_code == 403 and refused.json()["code"] == "no_authority"
    assert (await issue(client, await as_user("viewer"), order_body(major))).status_code == 403
    # another county's school: 宝清县's principal2 cannot even see the hazard, nor order it
    assert (await issue(client, await as_user("principal2"), order_body(major))).status_code == 404
    late = await issue(client, await as_user("inspector"), order_body(major, due_on=(today() - timedelta(days=1))
                                                                       .isoformat()))
    assert late.status_code == 400 and late.json()["code"] == "invalid_due_on"
    city = await issue(client, await as_user("admin"), order_body(major))  # the city steps in across levels
    assert city.status_code == 201 and city.json()["issuer_name"] != "尖山区第一小学"


async def test_a_county_cannot_order_another_countys_school(client, as_user, unit_ids):
    """principal2's school (宝清县) records its own hazard; 尖山区's inspector cannot order it."""
    principal2 = await as_user("principal2")
    hazard_id = str(uuid.uuid4())
    recorded = await client.put(f"/api/v1/hazards/{hazard_id}", headers=principal2, json={
        "school_id": unit_ids["230523-02"], "description": "配电室门锁损坏", "grade": "major"})
    assert recorded.status_code == 201, recorded.text
    refused = await issue(client, await as_user("inspector"), order_body(hazard_id))
    assert refused.status_code == 404 and refused.json()["code"] == "hazard_not_found"
    assert (await issue(client, await as_user("admin"), order_body(hazard_id))).status_code == 201
    orders = (await client.get("/api/v1/supervision-orders", headers=await as_user("inspector"))).json()
    assert orders == []  # the city's order over 宝清县 is not 尖山区's business



async def test_the_annual_report_lists_the_years_orders(client, as_user, unit_ids, found):
    inspector = await as_user("inspector")
    assert (await issue(client, inspector, order_body(found["major"]["id"]))).status_code == 201
    year = today().year
    report = await client.get(f"/api/v1/annual-reports/{unit_ids['230502-01']}/{year}", headers=inspector)
    assert report.status_code == 200, report.text
    [line] = report.json()["content"]["supervision_orders"]
    assert line["school_name"] == "尖山区第一小学" and line["status"] == "open"
    printed = await client.get(f"/api/v1/annual-reports/{unit_ids['230502-01']}/{year}/print", headers=inspector)
    assert "挂牌督办" in printed.text and "立即整改，每周报告进度" in printed.text
