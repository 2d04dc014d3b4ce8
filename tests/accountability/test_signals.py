"""Signals computed from arranged data (第十九条), each with its unit, leaders and evidence,
and who may see them."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from tests.accountability.conftest import COUNTY, OTHER_COUNTY, SCHOOL, this_year
from tests.duty.conftest import YEAR as DUTY_YEAR  # the current year
from tests.duty.conftest import confirmed, item_body, leaders_of, new_list
from tests.factories import inspection_body, jpeg, sha
from tests.hazards.test_ledger import _close

URL = "/api/v1/accountability/signals"


async def _signals(client, headers, year, **params):
    response = await client.get(URL, params={"year": year} | params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["signals"]


def _of(signals, trigger, unit_name="尖山区第一小学"):
    return [s for s in signals if s["trigger"] == trigger and s["org_unit_name"] == unit_name]


async def test_an_overdue_major_hazard_is_a_signal_against_the_school_leaders(client, as_user, major_overdue):
    year = date.fromisoformat(major_overdue["due_on"]).year
    [signal] = _of(await _signals(client, await as_user("inspector"), year), "art19_3")
    assert signal["evidence"] == [{"kind": "hazard", "id": major_overdue["id"], "label": signal["evidence"][0]["label"]}]
    assert "至今未销号" in signal["evidence"][0]["label"] and "重大隐患" in signal["summary"]
    # The main leaders (第七条) and the safety deputy (第八条) answer for it, not the other leaders.
    assert {leader["name"] for leader in signal["leaders"]} == {"刘淑芬", "赵国庆", "孙立伟"}
    assert _of(await _signals(client, await as_user("inspector"), year - 1), "art19_3") == []


async def test_a_recurrence_after_close_out_is_a_signal(client, as_user, unit_ids, found, daily):
    closed = await _close(client, as_user, found["general"]["id"])
    assert _of(await _signals(client, await as_user("inspector"), this_year()), "art19_4") == []
    body = inspection_body(daily, unit_ids[SCHOOL], hazards={found["general_item"]["code"]: {"photos": [sha(jpeg(5000))]}},
                           started_at=datetime.now(UTC))  # found after the close-out
    body["finished_at"] = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()
    response = await client.put(f"/api/v1/inspections/{uuid.uuid4()}", json=body, headers=await as_user("inspector"))
    assert response.status_code == 201, response.text
    [signal] = _of(await _signals(client, await as_user("inspector"), this_year()), "art19_4")
    assert [e["id"] for e in signal["evidence"]] == [response.json()["hazard_ids"][0], closed["id"]]


async def test_a_missed_term_inspection_window_is_a_signal(client, as_user, unit_ids, term, inspect):
    start = date.fromisoformat(term["starts_on"])
    year = (start + timedelta(days=13)).year  # the year the term_start window closed in
    window = f"{term['code']}/term_start"
    [signal] = _of(await _signals(client, await as_user("inspector"), year), "art19_1")
    assert window in {e["id"] for e in signal["evidence"]}
    assert {e["kind"] for e in signal["evidence"]} <= {"inspection_window", "supervision"}
    await inspect(unit_ids[SCHOOL], "term_start", start)  # on time, in the window
    after = _of(await _signals(client, await as_user("inspector"), year), "art19_1")
    assert window not in {e["id"] for s in after for e in s["evidence"]}


async def test_an_annual_report_not_submitted_by_year_end_is_a_signal(client, as_user, unit_ids):
    last_year = this_year() - 1
    signals = await _signals(client, await as_user("viewer"), last_year)
    reports = [s for s in signals if any(e["kind"] == "annual_report" for e in s["evidence"])]
    assert {"尖山区第一小学", "尖山区教育和体育局"} <= {s["org_unit_name"] for s in reports}
    [school] = [s for s in reports if s["org_unit_name"] == "尖山区第一小学"]
    assert school["trigger"] == "art19_1" and school["evidence"][0]["id"] == f"{unit_ids[SCHOOL]}/{last_year}"
    # This year's reports are not due yet.
    assert not [s for s in await _signals(client, await as_user("viewer"), this_year())
                if any(e["kind"] == "annual_report" for e in s["evidence"])]
    # A report sent after the year ended still counts, as late.
    principal, path = await as_user("principal"), f"/api/v1/annual-reports/{unit_ids[SCHOOL]}/{last_year}"
    saved = (await client.put(path, json={"narrative": "补报。", "base_version": 0}, headers=principal)).json()
    assert (await client.post(f"{path}/submission", json={"base_version": saved["version"]},
                              headers=principal)).status_code == 200
    [late] = [s for s in await _signals(client, await as_user("viewer"), last_year)
              if s["org_unit_name"] == "尖山区第一小学" and s["evidence"][0]["kind"] == "annual_report"]
    assert "逾期提交" in late["summary"]


async def test_incidents_with_management_responsibility_are_signals(client, as_user, judged_incident):
    general = await judged_incident("general")
    larger = await judged_incident("larger")
    signals = await _signals(client, await as_user("inspector"), this_year())
    [handling] = _of(signals, "art19_5")
    [serious] = _of(signals, "art19_2")
    assert [e["id"] for e in handling["evidence"]] == [general["id"]]
    assert [e["id"] for e in serious["evidence"]] == [larger["id"]] and "较大" in serious["evidence"][0]["label"]


async def test_signals_are_for_bureaus_above_the_unit(client, as_user, unit_ids):
    last_year = this_year() - 1
    for username in ("principal", "officer"):
        refused = await client.get(URL, params={"year": last_year}, headers=await as_user(username))
        assert refused.status_code == 403
    other = await client.get(URL, params={"org_unit_id": unit_ids[OTHER_COUNTY]}, headers=await as_user("inspector"))
    assert other.status_code == 404
    # The county is not shown its own signals; the city sees them.
    county_names = {s["org_unit_name"] for s in await _signals(client, await as_user("inspector"), last_year)}
    assert "尖山区教育和体育局" not in county_names and "尖山区第一小学" in county_names
    city = await _signals(client, await as_user("viewer"), last_year, org_unit_id=unit_ids[COUNTY])
    assert "尖山区教育和体育局" in {s["org_unit_name"] for s in city}


async def test_duty_list_targets_missed_are_a_signal_against_their_holder(client, as_user, unit_ids):
    principal = await as_user("principal")
    deputy = (await leaders_of(client, principal, unit_ids["230502-01"]))["孙立伟"]
    duty_list = (await new_list(client, principal, deputy["id"])).json()
    item = duty_list["items"][0]
    response = await client.put(f"/api/v1/duty-lists/{duty_list['id']}/items/{item['id']}", headers=principal,
                                json=item_body(item, due_on=f"{DUTY_YEAR}-01-31"))
    assert response.status_code == 200, response.text
    await confirmed(client, principal, (await client.get(f"/api/v1/duty-lists/{duty_list['id']}",
                                                          headers=principal)).json())
    found = (await client.get("/api/v1/accountability/signals", params={"year": DUTY_YEAR},
                              headers=await as_user("inspector"))).json()["signals"]
    [signal] = [s for s in found if s["trigger"] == "art19_6"]
    assert [leader["name"] for leader in signal["leaders"]] == ["孙立伟"]
    assert [e["id"] for e in signal["evidence"]] == [item["id"]] and signal["org_unit_name"] == "尖山区第一小学"
