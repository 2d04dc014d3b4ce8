"""Cases: the authority of 第二十四条, the decision's rules (第二十条, 第二十二条, 第二十三条),
versioning and audit, and confidentiality."""

from __future__ import annotations

import uuid

from safecampus.db import AuditEvent
from sqlalchemy import select

from tests.accountability.conftest import (
    COUNTY,
    OTHER_COUNTY,
    OTHER_COUNTY_SCHOOL,
    SCHOOL,
    case_body,
    decision,
)

CASES = "/api/v1/accountability/cases"


async def test_only_a_bureau_above_the_subject_opens_and_decides_a_case(client, as_user, unit_ids, open_case):
    # A county bureau cannot reach a school of another county, nor judge itself.
    assert (await open_case("inspector", case_body(unit_ids[OTHER_COUNTY_SCHOOL]))).status_code == 404
    own = await open_case("inspector", case_body(unit_ids[COUNTY]))
    assert own.status_code == 403 and own.json()["code"] == "no_authority"
    for username in ("viewer", "principal"):
        assert (await open_case(username, case_body(unit_ids[SCHOOL]))).status_code == 403
    # The city acts on a county bureau, and the county on its own school.
    city = await open_case("admin", case_body(unit_ids[COUNTY]))
    assert city.status_code == 201, city.text
    assert city.json()["deciding_unit_name"] == "双鸭山市教育和体育局" and city.json()["may_decide"]
    decided = await client.post(f"{CASES}/{city.json()['id']}/decision", json=decision(),
                                headers=await as_user("admin"))
    assert decided.status_code == 200 and decided.json()["status"] == "decided"
    county = await open_case("inspector", case_body(unit_ids[SCHOOL]))
    assert county.status_code == 201
    # The city oversees the county's case but the county decides it.
    path = f"{CASES}/{county.json()['id']}"
    assert (await client.get(path, headers=await as_user("admin"))).json()["may_decide"] is False
    refused = await client.post(f"{path}/decision", json=decision(), headers=await as_user("admin"))
    assert refused.status_code == 403 and refused.json()["code"] == "not_deciding_unit"
    assert (await client.post(f"{path}/decision", json=decision(), headers=await as_user("inspector"))).status_code == 200


async def test_the_decision_follows_the_articles(client, as_user, unit_ids, open_case, leader_ids):
    inspector = await as_user("inspector")
    unit_case = (await open_case("inspector", case_body(unit_ids[SCHOOL]))).json()
    path = f"{CASES}/{unit_case['id']}/decision"

    async def refused(body, code):
        response = await client.post(path, json=body, headers=inspector)
        assert response.status_code == 400 and response.json()["code"] == code, response.text

    await refused(decision(measure="admonishment"), "measure_for_people")  # 诫勉 is for a person
    await refused(decision(measure=None), "measure_required")
    exemption = [{"item": "art22_1", "reason": "及时补救，未造成后果"}]
    await refused(decision(measure=None, exemptions=exemption), "not_an_incident_case")
    await refused(decision(decided_on="2999-01-01"), "invalid_date")
    stale = await client.post(path, json=decision(version=7), headers=inspector)
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    assert (await client.post(path, json=decision(), headers=inspector)).status_code == 200
    again = await client.post(path, json=decision(version=2), headers=inspector)
    assert again.status_code == 409 and again.json()["code"] == "case_closed"

    # A leader's case on an incident: a personal measure with mitigations, or an exemption alone.
    body = case_body(unit_ids[SCHOOL], leader_id=leader_ids["孙立伟"], triggers=("art19_5",))
    leader_case = (await open_case("inspector", body)).json()
    assert leader_case["subject_leader"]["name"] == "孙立伟"
    both = decision(measure="admonishment", exemptions=exemption)
    response = await client.post(f"{CASES}/{leader_case['id']}/decision", json=both, headers=inspector)
    assert response.json()["code"] == "exemption_with_measure"
    eased = decision(measure="admonishment", mitigations=[{"item": "art23_3", "reason": "舆情应对得当"}])
    decided = (await client.post(f"{CASES}/{leader_case['id']}/decision", json=eased, headers=inspector)).json()
    assert decided["measure"] == "admonishment" and decided["mitigations"][0]["item"] == "art23_3"
    foreign = await open_case("inspector", case_body(unit_ids[SCHOOL], leader_id=leader_ids["赵玉梅"]))
    assert foreign.status_code == 400 and foreign.json()["code"] == "leader_not_in_unit"


async def test_cases_are_created_once_and_every_step_is_audited(client, as_user, unit_ids, db):
    inspector, case_id = await as_user("inspector"), str(uuid.uuid4())
    body = case_body(unit_ids[SCHOOL])
    assert (await client.put(f"{CASES}/{case_id}", json=body, headers=inspector)).status_code == 201
    assert (await client.put(f"{CASES}/{case_id}", json=body, headers=inspector)).status_code == 200
    other = await client.put(f"{CASES}/{case_id}", json=body | {"facts": "另一事实"}, headers=inspector)
    assert other.status_code == 409 and other.json()["code"] == "id_conflict"
    dropped = await client.post(f"{CASES}/{case_id}/dropping", json={"base_version": 1, "reason": "经核实已整改到位。"},
                                headers=inspector)
    assert dropped.status_code == 200 and dropped.json()["status"] == "dropped"
    async with db.session() as session:
        actions = list((await session.execute(select(AuditEvent.action).where(AuditEvent.entity_id == case_id)
                                              .order_by(AuditEvent.seq))).scalars())
    assert actions == ["case.open", "case.drop"]


async def test_cases_are_confidential(client, as_user, unit_ids, open_case):
    case = (await open_case("inspector", case_body(unit_ids[SCHOOL]))).json()
    path = f"{CASES}/{case['id']}"

    async def listed(username, **params):
        response = await client.get(CASES, params=params, headers=await as_user(username))
        assert response.status_code == 200, response.text
        return [c["id"] for c in response.json()["items"]]

    # In preparation: the deciding county and the city above it, never the school.
    assert await listed("inspector") == [case["id"]] and await listed("viewer") == [case["id"]]
    for username in ("principal", "officer"):
        assert await listed(username) == []
        assert (await client.get(path, headers=await as_user(username))).status_code == 404
    assert (await client.get(path, headers=await as_user("principal2"))).status_code == 404
    assert (await client.get(CASES, params={"org_unit_id": unit_ids[OTHER_COUNTY]},
                             headers=await as_user("inspector"))).status_code == 404
    # Decided, it is communicated to the school's principal (not to every member of staff).
    await client.post(f"{path}/decision", json=decision(), headers=await as_user("inspector"))
    assert await listed("principal") == [case["id"]]
    assert (await client.get(path, headers=await as_user("principal"))).json()["may_decide"] is False
    assert await listed("officer") == []
    # A case the city opened on the county is not shown to the county's inspector.
    city_case = (await open_case("admin", case_body(unit_ids[COUNTY]))).json()
    assert (await client.get(f"{CASES}/{city_case['id']}", headers=await as_user("inspector"))).status_code == 404
