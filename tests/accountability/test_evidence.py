"""The evidence of cases and commendations is checked and labelled on the server: records in
the subject's subtree, codes of the shape the signals produce, nothing else."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from tests.accountability.conftest import OTHER_COUNTY_SCHOOL, SCHOOL, case_body, this_year
from tests.duty.conftest import YEAR as DUTY_YEAR
from tests.duty.conftest import confirmed, item_body, leaders_of, new_list

SIGNALS = "/api/v1/accountability/signals"


def ref(kind: str, ref_id: str, label: str = "客户端写的标签") -> dict[str, str]:
    return {"kind": kind, "id": ref_id, "label": label}


async def test_records_must_lie_in_the_subjects_subtree(client, as_user, unit_ids, open_case, major_overdue,
                                                         judged_incident):
    incident = await judged_incident("general")
    opened = await open_case("inspector", case_body(unit_ids[SCHOOL], evidence=[
        ref("hazard", major_overdue["id"]), ref("incident", incident["id"])]))
    assert opened.status_code == 201, opened.text
    hazard, incident_ref = opened.json()["evidence"]
    assert hazard["label"].startswith("隐患：教学楼外墙瓷砖空鼓脱落（") and "客户端" not in incident_ref["label"]
    assert incident_ref["id"] == incident["id"]

    async def refused(username, unit, evidence, code):
        response = await open_case(username, case_body(unit_ids[unit], evidence=evidence))
        assert response.status_code == 400 and response.json()["code"] == code, response.text

    # The school's hazard is no evidence against a school of another county, nor is a made-up id.
    await refused("admin", OTHER_COUNTY_SCHOOL, [ref("hazard", major_overdue["id"])], "evidence_out_of_scope")
    for kind in ("hazard", "incident", "drill", "inspection", "duty_target"):
        await refused("inspector", SCHOOL, [ref(kind, str(uuid.uuid4()))], "evidence_out_of_scope")
        await refused("inspector", SCHOOL, [ref(kind, "not-a-uuid")], "invalid_evidence")
    await refused("inspector", SCHOOL, [ref("photo", "abc")], "invalid_evidence")
    await refused("inspector", SCHOOL, [ref("note", "随便写")], "invalid_evidence")


async def test_codes_have_the_shape_the_signals_give_them(client, as_user, unit_ids, open_case, term):
    year = this_year()
    good = [ref("supervision", f"{year}-07"), ref("inspection_window", f"{term['code']}/term_mid"),
            ref("annual_report", f"{unit_ids[SCHOOL]}/{year - 1}")]
    opened = await open_case("inspector", case_body(unit_ids[SCHOOL], evidence=good))
    assert opened.status_code == 201, opened.text
    labels = [e["label"] for e in opened.json()["evidence"]]
    assert labels[0] == f"{year}年下半年未开展督查"
    assert labels[1].startswith(f"{term['name']} 学期中集中排查（") and labels[1].endswith("未开展")
    assert labels[2] == f"{year - 1}年度安全工作报告：未提交"
    for bad, code in ((ref("supervision", f"{year}-03"), "invalid_evidence"),
                      (ref("supervision", "2999-01"), "invalid_evidence"),
                      (ref("inspection_window", f"{term['code']}/term_late"), "invalid_evidence"),
                      (ref("inspection_window", "1999-autumn/term_mid"), "invalid_evidence"),
                      (ref("annual_report", f"{unit_ids[SCHOOL]}/1999"), "invalid_evidence"),
                      (ref("annual_report", f"{unit_ids[OTHER_COUNTY_SCHOOL]}/{year - 1}"), "evidence_out_of_scope")):
        response = await open_case("inspector", case_body(unit_ids[SCHOOL], evidence=[bad]))
        assert response.status_code == 400 and response.json()["code"] == code, (bad, response.text)


async def test_commendation_evidence_is_checked_too(client, as_user, unit_ids, major_overdue):
    body = {"subject_unit_id": unit_ids[OTHER_COUNTY_SCHOOL], "subject_leader_id": None, "year": this_year(),
            "grounds": ["art17_2"], "facts": "整治隐患。", "evidence": [ref("hazard", major_overdue["id"])]}
    url = f"/api/v1/accountability/commendations/{uuid.uuid4()}"
    refused = await client.put(url, json=body, headers=await as_user("admin"))
    assert refused.status_code == 400 and refused.json()["code"] == "evidence_out_of_scope"
    proposed = await client.put(url, json=body | {"subject_unit_id": unit_ids[SCHOOL]}, headers=await as_user("admin"))
    assert proposed.status_code == 201, proposed.text
    assert proposed.json()["evidence"][0]["label"].startswith("隐患：")


async def test_every_signal_opens_a_case_with_its_evidence(client, as_user, unit_ids, open_case, major_overdue,
                                                           judged_incident, term):
    await judged_incident("larger")
    principal = await as_user("principal")
    deputy = (await leaders_of(client, principal, unit_ids[SCHOOL]))["孙立伟"]
    duty_list = (await new_list(client, principal, deputy["id"])).json()
    item = duty_list["items"][0]
    await client.put(f"/api/v1/duty-lists/{duty_list['id']}/items/{item['id']}", headers=principal,
                     json=item_body(item, due_on=f"{DUTY_YEAR}-01-31"))
    await confirmed(client, principal, (await client.get(f"/api/v1/duty-lists/{duty_list['id']}",
                                                          headers=principal)).json())
    window_year = (date.fromisoformat(term["starts_on"]) + timedelta(days=13)).year
    kinds = set()
    for year in {this_year(), this_year() - 1, window_year}:
        signals = (await client.get(SIGNALS, params={"year": year}, headers=await as_user("inspector"))).json()
        for signal in signals["signals"]:
            body = case_body(signal["org_unit_id"], year=year, triggers=(signal["trigger"],),
                             evidence=signal["evidence"])
            opened = await open_case("inspector", body)
            assert opened.status_code == 201, (signal, opened.text)
            kinds |= {e["kind"] for e in signal["evidence"]}
            codes = [e for e in signal["evidence"] if e["kind"] in ("supervision", "inspection_window", "annual_report",
                                                                     "duty_target")]
            assert [e for e in opened.json()["evidence"] if e["kind"] in {c["kind"] for c in codes}] == codes
    assert {"hazard", "incident", "duty_target", "inspection_window", "annual_report"} <= kinds
