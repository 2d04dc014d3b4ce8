"""Evidence stays in the unit's scope; the half-year review is made from above (第二十四条),
once per half, with every item scored 0–100."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from safecampus.audit import services as audit
from safecampus.db import Hazard
from sqlalchemy import update

from tests.duty.conftest import YEAR, confirmed, leaders_of, new_list, scores_for
from tests.factories import drill_body, inspection_body, jpeg, sha, upload


def _evidence_url(duty_list, item_index=0, evidence_id=None):
    item = duty_list["items"][item_index]
    return f"/api/v1/duty-lists/{duty_list['id']}/items/{item['id']}/evidence/{evidence_id or uuid.uuid4()}"


async def test_evidence_from_the_units_own_records(client, as_user, deputy_list, found, daily, unit_ids, db):
    principal, inspector = await as_user("principal"), await as_user("inspector")
    own = found["inspection"]["id"]
    url = _evidence_url(deputy_list)
    attached = await client.put(url, json={"kind": "inspection", "ref_id": own}, headers=principal)
    assert attached.status_code == 201, attached.text
    [evidence] = attached.json()["items"][0]["evidence"]
    assert evidence["ref_id"] == own and "日常排查" in evidence["label"] and "尖山区第一小学" in evidence["label"]
    assert (await client.put(url, json={"kind": "inspection", "ref_id": own}, headers=principal)).status_code == 200
    changed = await client.put(url, json={"kind": "note", "note": "另一条"}, headers=principal)
    assert changed.status_code == 409 and changed.json()["code"] == "id_conflict"

    # Another school's inspection (same county) is not this school's evidence.
    elsewhere = str(uuid.uuid4())
    response = await client.put(f"/api/v1/inspections/{elsewhere}", headers=inspector,
                                json=inspection_body(daily, unit_ids["230502-03"]))
    assert response.status_code == 201, response.text
    refused = await client.put(_evidence_url(deputy_list), json={"kind": "inspection", "ref_id": elsewhere},
                               headers=principal)
    assert refused.status_code == 400 and refused.json()["code"] == "evidence_out_of_scope"
    wrong_kind = await client.put(_evidence_url(deputy_list), json={"kind": "drill", "ref_id": own}, headers=principal)
    assert wrong_kind.json()["code"] == "evidence_out_of_scope"

    hazard = found["general"]["id"]
    still_open = await client.put(_evidence_url(deputy_list), json={"kind": "hazard", "ref_id": hazard},
                                  headers=principal)
    assert still_open.status_code == 400 and still_open.json()["code"] == "hazard_not_closed"
    async with db.session() as session:  # closed through its loop elsewhere; here only the outcome matters
        await session.execute(update(Hazard).where(Hazard.id == uuid.UUID(hazard))
                              .values(status="closed", closed_at=datetime.now(UTC)))
        await audit.record(session, audit.SYSTEM, "test.close", "hazard", hazard)
        await session.commit()
    closed = await client.put(_evidence_url(deputy_list), json={"kind": "hazard", "ref_id": hazard}, headers=principal)
    assert closed.status_code == 201 and "已销号隐患" in closed.json()["items"][0]["evidence"][-1]["label"]

    drill = str(uuid.uuid4())
    await client.put(f"/api/v1/drills/{drill}", json=drill_body(deputy_list["org_unit_id"]), headers=principal)
    photo = jpeg(7)
    await upload(client, principal, photo)
    for body in ({"kind": "drill", "ref_id": drill}, {"kind": "photo", "photo": sha(photo), "note": "消防演练现场"},
                 {"kind": "note", "note": "已向校长书面报告4次"}):
        response = await client.put(_evidence_url(deputy_list, 5), json=body, headers=principal)
        assert response.status_code == 201, response.text
    labels = [e["label"] for e in response.json()["items"][5]["evidence"]]
    assert labels[0].startswith("消防疏散演练") and labels[1] == "照片：消防演练现场" and labels[2].startswith("说明：")
    photo_evidence = response.json()["items"][5]["evidence"][1]
    thumb = await client.get(f"/api/v1/duty-lists/{deputy_list['id']}/evidence/{photo_evidence['id']}/thumb",
                             headers=inspector)
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"
    for bad in ({"kind": "note"}, {"kind": "note", "note": "  "}, {"kind": "photo"}, {"kind": "inspection"},
                {"kind": "photo", "photo": sha(photo), "ref_id": own}):
        response = await client.put(_evidence_url(deputy_list), json=bad, headers=principal)
        assert response.status_code == 400 and response.json()["code"] == "invalid_evidence", bad
    assert (await client.put(_evidence_url(deputy_list), json={"kind": "note", "note": "x"},
                             headers=await as_user("officer"))).status_code == 403

    candidates = (await client.get(f"/api/v1/duty-lists/{deputy_list['id']}/evidence-candidates",
                                   headers=principal)).json()
    kinds = {(c["kind"], c["ref_id"]) for c in candidates}
    assert {("inspection", own), ("hazard", hazard), ("drill", drill)} <= kinds
    assert ("inspection", elsewhere) not in kinds


async def test_the_review_is_made_from_above(client, as_user, school, deputy_list, unit_ids):
    principal = await as_user("principal")
    url = f"/api/v1/duty-lists/{deputy_list['id']}/reviews/1"
    body = scores_for(deputy_list)
    draft = await client.put(url, json=body, headers=await as_user("inspector"))
    assert draft.status_code == 409 and draft.json()["code"] == "list_not_confirmed"
    ready = await confirmed(client, principal, deputy_list)
    assert ready["reviewable_halves"] == []  # the school does not review itself
    assert (await client.put(url, json=body, headers=principal)).status_code == 403
    assert (await client.put(url, json=body, headers=await as_user("viewer"))).status_code == 403
    assert (await client.put(url, json=body, headers=await as_user("principal2"))).status_code == 404

    county = await as_user("inspector")
    seen = (await client.get(f"/api/v1/duty-lists/{deputy_list['id']}", headers=county)).json()
    assert 1 in seen["reviewable_halves"]
    incomplete = await client.put(url, json={"scores": body["scores"][:-1]}, headers=county)
    assert incomplete.status_code == 400 and incomplete.json()["code"] == "scores_incomplete"
    twice = {"scores": body["scores"] + body["scores"][:1]}
    assert (await client.put(url, json=twice, headers=county)).json()["code"] == "scores_incomplete"
    too_high = {"scores": [s | {"score": 101} for s in body["scores"]]}
    assert (await client.put(url, json=too_high, headers=county)).status_code == 400
    assert (await client.put(url.replace("/1", "/3"), json=body, headers=county)).status_code == 400

    reviewed = await client.put(url, json=body, headers=county)
    assert reviewed.status_code == 201, reviewed.text
    result = reviewed.json()
    assert [s["score"] for s in result["items"][0]["scores"]] == [90]
    [review] = result["reviews"]
    assert review["half"] == 1 and review["average"] == 86.5 and review["reviewer_unit"] == "尖山区教育和体育局"
    assert 1 not in result["reviewable_halves"]
    assert (await client.put(url, json=body, headers=county)).status_code == 200  # a retry
    other = await client.put(url, json=scores_for(deputy_list, 60), headers=await as_user("admin"))
    assert other.status_code == 409 and other.json()["code"] == "id_conflict"
    seen = (await client.get(f"/api/v1/duty-lists/{deputy_list['id']}", headers=principal)).json()
    assert seen["reviews"][0]["average"] == 86.5  # the school sees the scores

    # The city reviews too; another county cannot reach this school at all.
    leaders = await leaders_of(client, principal, school)
    main = (await new_list(client, principal, leaders["刘淑芬"]["id"])).json()
    main = await confirmed(client, principal, main)
    city = await client.put(f"/api/v1/duty-lists/{main['id']}/reviews/1", json=scores_for(main),
                            headers=await as_user("admin"))
    assert city.status_code == 201, city.text
    principal2 = await as_user("principal2")
    far = (await leaders_of(client, principal2, unit_ids["230523-02"]))
    far_list = await confirmed(client, principal2, (await new_list(client, principal2, next(iter(far.values()))["id"])).json())
    assert (await client.put(f"/api/v1/duty-lists/{far_list['id']}/reviews/1", json=scores_for(far_list),
                             headers=county)).status_code == 404


async def test_a_half_is_reviewed_from_its_last_month_on(client, as_user, school):
    principal = await as_user("principal")
    leaders = await leaders_of(client, principal, school)
    coming = (await new_list(client, principal, leaders["周敏"]["id"], YEAR + 1)).json()
    coming = await confirmed(client, principal, coming)
    early = await client.put(f"/api/v1/duty-lists/{coming['id']}/reviews/1", json=scores_for(coming),
                             headers=await as_user("inspector"))
    assert early.status_code == 400 and early.json()["code"] == "review_not_open"
    past = await confirmed(client, principal, (await new_list(client, principal, leaders["周敏"]["id"], YEAR - 1)).json())
    seen = (await client.get(f"/api/v1/duty-lists/{past['id']}", headers=await as_user("inspector"))).json()
    assert seen["reviewable_halves"] == [1, 2]
