"""第二十一条 on the ratings, commendations (第十七条, 第十八条) and the workbook."""

from __future__ import annotations

import io
import uuid

import openpyxl

from tests.accountability.conftest import (
    COUNTY,
    OTHER_COUNTY,
    SCHOOL,
    case_body,
    decision,
    supervision_ref,
    this_year,
)

RATINGS = "/api/v1/accountability/ratings"
COMMENDATIONS = "/api/v1/accountability/commendations"


async def _ratings(client, headers, **params):
    response = await client.get(RATINGS, params={"year": this_year()} | params, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    return ({u["name"]: u for u in body["units"]}, {leader["name"]: leader for leader in body["leaders"]})


async def test_a_decided_case_makes_its_subject_ineligible_that_year(client, as_user, unit_ids, open_case,
                                                                      leader_ids):
    inspector = await as_user("inspector")
    leader_case = (await open_case("inspector", case_body(unit_ids[SCHOOL], leader_id=leader_ids["孙立伟"]))).json()
    unit_case = (await open_case("inspector", case_body(unit_ids[SCHOOL]))).json()
    units, leaders = await _ratings(client, inspector)
    assert units["尖山区第一小学"]["eligible"] and leaders["孙立伟"]["eligible"]  # in preparation: nothing yet
    for case, measure in ((leader_case, "admonishment"), (unit_case, "circulated_criticism")):
        response = await client.post(f"/api/v1/accountability/cases/{case['id']}/decision",
                                     json=decision(measure=measure), headers=inspector)
        assert response.status_code == 200, response.text
    units, leaders = await _ratings(client, await as_user("principal"))
    assert units["尖山区第一小学"] == units["尖山区第一小学"] | {"eligible": False, "case_ids": [unit_case["id"]]}
    assert leaders["孙立伟"]["eligible"] is False and leaders["孙立伟"]["case_ids"] == [leader_case["id"]]
    assert leaders["刘淑芬"]["eligible"] is True
    units, leaders = await _ratings(client, inspector, year=this_year() - 1)
    assert units["尖山区第一小学"]["eligible"] and leaders["孙立伟"]["eligible"]
    assert (await client.get(RATINGS, params={"org_unit_id": unit_ids[COUNTY]},
                             headers=await as_user("principal2"))).status_code == 404


async def test_ratings_show_only_the_case_ids_the_caller_may_see(client, as_user, unit_ids, open_case):
    # The city opens and decides a case on the county's school: the county and the school's
    # officer learn the school is not eligible, but not which case (the city's, not theirs).
    case = (await open_case("admin", case_body(unit_ids[SCHOOL]))).json()
    decided = await client.post(f"/api/v1/accountability/cases/{case['id']}/decision", json=decision(),
                                headers=await as_user("admin"))
    assert decided.status_code == 200, decided.text
    for username in ("officer", "inspector"):
        units, _ = await _ratings(client, await as_user(username))
        assert units["尖山区第一小学"]["eligible"] is False and units["尖山区第一小学"]["case_ids"] == []
    units, _ = await _ratings(client, await as_user("admin"), org_unit_id=unit_ids[COUNTY])
    assert units["尖山区第一小学"]["case_ids"] == [case["id"]]
    units, _ = await _ratings(client, await as_user("principal"))  # told of the decision on the school
    assert units["尖山区第一小学"]["case_ids"] == [case["id"]]


async def test_a_bureau_does_not_commend_itself(client, as_user, unit_ids):
    inspector = await as_user("inspector")
    own = await client.put(f"{COMMENDATIONS}/{uuid.uuid4()}", json=_proposal(unit_ids[COUNTY]), headers=inspector)
    assert own.status_code == 403 and own.json()["code"] == "no_authority"
    school = await client.put(f"{COMMENDATIONS}/{uuid.uuid4()}", json=_proposal(unit_ids[SCHOOL]), headers=inspector)
    assert school.status_code == 201, school.text


async def test_an_exempted_case_leaves_the_subject_eligible(client, as_user, unit_ids, open_case, leader_ids):
    body = case_body(unit_ids[SCHOOL], leader_id=leader_ids["刘淑芬"], triggers=("art19_2",))
    case = (await open_case("inspector", body)).json()
    exempted = decision(measure=None, exemptions=[{"item": "art22_2", "reason": "初次发生，后果轻微，及时补救"}])
    response = await client.post(f"/api/v1/accountability/cases/{case['id']}/decision", json=exempted,
                                 headers=await as_user("inspector"))
    assert response.status_code == 200 and response.json()["measure"] is None
    _, leaders = await _ratings(client, await as_user("admin"))
    assert leaders["刘淑芬"]["eligible"] is True


def _proposal(unit_id, leader_id=None):
    return {"subject_unit_id": unit_id, "subject_leader_id": leader_id, "year": this_year(),
            "grounds": ["art17_2"], "facts": "彻底整治校舍外墙多年空鼓隐患。",
            "evidence": [supervision_ref()]}


async def test_a_commendation_is_proposed_and_approved_by_another_above(client, as_user, unit_ids, leader_ids,
                                                                        open_case):
    url = f"{COMMENDATIONS}/{uuid.uuid4()}"
    for username in ("principal", "viewer"):
        assert (await client.put(url, json=_proposal(unit_ids[SCHOOL]), headers=await as_user(username))).status_code == 403
    proposed = await client.put(url, json=_proposal(unit_ids[SCHOOL], leader_ids["刘淑芬"]),
                                headers=await as_user("inspector"))
    assert proposed.status_code == 201 and proposed.json()["status"] == "proposed"
    assert (await client.get(url, headers=await as_user("principal"))).status_code == 404
    review = {"base_version": 1, "decision": "approve", "note": "同意表彰。"}
    assert (await client.post(f"{url}/review", json=review, headers=await as_user("inspector"))).status_code == 403
    approved = await client.post(f"{url}/review", json=review, headers=await as_user("admin"))
    assert approved.status_code == 200 and approved.json()["status"] == "approved", approved.text
    listed = (await client.get(COMMENDATIONS, headers=await as_user("principal"))).json()
    assert [c["id"] for c in listed["items"]] == [proposed.json()["id"]]
    assert (await client.get(COMMENDATIONS, params={"org_unit_id": unit_ids[OTHER_COUNTY]},
                             headers=await as_user("inspector"))).status_code == 404

    # The proposer never approves their own proposal.
    own = f"{COMMENDATIONS}/{uuid.uuid4()}"
    await client.put(own, json=_proposal(unit_ids[COUNTY]), headers=await as_user("admin"))
    assert (await client.post(f"{own}/review", json=review, headers=await as_user("admin"))).status_code == 403

    # 第二十一条: held accountable this year, not commended.
    case = (await open_case("inspector", case_body(unit_ids[SCHOOL], leader_id=leader_ids["孙立伟"]))).json()
    await client.post(f"/api/v1/accountability/cases/{case['id']}/decision", json=decision(measure="admonishment"),
                      headers=await as_user("inspector"))
    barred = f"{COMMENDATIONS}/{uuid.uuid4()}"
    await client.put(barred, json=_proposal(unit_ids[SCHOOL], leader_ids["孙立伟"]), headers=await as_user("inspector"))
    refused = await client.post(f"{barred}/review", json=review, headers=await as_user("admin"))
    assert refused.status_code == 409 and refused.json()["code"] == "ineligible"
    assert refused.json()["details"]["case_ids"] == [case["id"]]


async def test_the_workbook_has_chinese_headers_and_only_what_the_caller_sees(client, as_user, unit_ids, open_case):
    await open_case("inspector", case_body(unit_ids[SCHOOL]))
    await client.put(f"{COMMENDATIONS}/{uuid.uuid4()}", json=_proposal(unit_ids[SCHOOL]),
                     headers=await as_user("inspector"))
    response = await client.get("/api/v1/accountability/export.xlsx", headers=await as_user("viewer"))
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cases, commendations = book["问责案件"], book["表彰奖励"]
    case_rows = list(cases.iter_rows(values_only=True))
    assert case_rows[0][:5] == ("年度", "被问责单位", "被问责人", "职务", "问责情形（第十九条）")
    assert "问责方式（第二十条）" in case_rows[0] and "免除问责（第二十二条）" in case_rows[0]
    assert case_rows[1][1] == "尖山区第一小学" and case_rows[1][7] == "调查中"
    assert case_rows[1][4].startswith("第十九条(三)")
    commendation_rows = list(commendations.iter_rows(values_only=True))
    assert commendation_rows[0][4] == "表彰情形（第十七条）" and commendation_rows[1][7] == "已提出"
    # The school's principal sees no case in preparation in the workbook either.
    school = openpyxl.load_workbook(io.BytesIO((await client.get(
        "/api/v1/accountability/export.xlsx", headers=await as_user("principal"))).content))
    assert len(list(school["问责案件"].iter_rows())) == 1
    outside = await client.get("/api/v1/accountability/export.xlsx", params={"org_unit_id": unit_ids[OTHER_COUNTY]},
                               headers=await as_user("inspector"))
    assert outside.status_code == 404
