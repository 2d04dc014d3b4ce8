"""The closed loop (实销号) through the HTTP API: find → acknowledge → proof → verify → closed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import CAMPUS, jpeg, reencoded, sha, upload


async def get(client, headers, hazard_id):
    response = await client.get(f"/api/v1/hazards/{hazard_id}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def acknowledge(client, headers, hazard, **extra):
    return await client.post(f"/api/v1/hazards/{hazard['id']}/acknowledgement", headers=headers,
                             json={"base_version": hazard["version"]} | extra)


async def prove(client, headers, hazard, photos, **extra):
    return await client.put(f"/api/v1/hazards/{hazard['id']}/rectifications/{uuid.uuid4()}", headers=headers,
                            json={"measures": "已更换损坏部件并复查", "photos": [sha(p) for p in photos],
                                  "base_version": hazard["version"]} | extra)


async def verify(client, headers, hazard, decision, **extra):
    return await client.post(f"/api/v1/hazards/{hazard['id']}/verification", headers=headers,
                             json={"decision": decision, "base_version": hazard["version"]} | extra)


async def test_the_whole_loop_with_a_rejection(client, as_user, found):
    officer, principal = await as_user("officer"), await as_user("principal")
    hazard = await get(client, officer, found["general"]["id"])
    assert hazard["status"] == "open" and hazard["version"] == 1 and hazard["school_name"] == "尖山区第一小学"
    assert hazard["evidence_photos"] == [sha(found["evidence"])] and hazard["missing_photos"] == []

    hazard = (await acknowledge(client, officer, hazard, responsible_person="陈志强")).json()
    assert hazard["status"] == "rectifying" and hazard["responsible_person"] == "陈志强"

    first_proof = jpeg(200, gps=CAMPUS)
    await upload(client, officer, first_proof)
    response = await prove(client, officer, hazard, [first_proof])
    assert response.status_code == 201, response.text
    hazard = response.json()
    assert hazard["status"] == "submitted" and len(hazard["rectifications"]) == 1

    hazard = (await verify(client, principal, hazard, "reject", reason="照片看不清整改后的情况")).json()
    assert hazard["status"] == "rectifying"
    assert hazard["rectifications"][0]["decision"] == "rejected"
    assert hazard["rectifications"][0]["reason"] == "照片看不清整改后的情况"

    second_proof = jpeg(201, gps=CAMPUS)
    await upload(client, officer, second_proof)
    hazard = (await prove(client, officer, hazard, [second_proof])).json()
    response = await verify(client, principal, hazard, "accept")
    assert response.status_code == 200, response.text
    hazard = response.json()
    assert hazard["status"] == "closed" and hazard["closed_by"] == "刘淑芬（校长）" and hazard["closed_at"]
    assert [e["action"] for e in hazard["timeline"]] == [
        "hazard.register", "hazard.acknowledge", "hazard.submit_proof", "hazard.reject", "hazard.submit_proof",
        "hazard.accept"]
    assert [e["actor"] for e in hazard["timeline"]] == [
        "inspector", "officer", "officer", "principal", "officer", "principal"]
    assert hazard["timeline"][0]["actor_name"] == "张海涛（尖山区检查员）"

    ledger = (await client.get("/api/v1/ledger.csv", headers=principal)).content.decode("utf-8-sig").splitlines()
    [row] = [line for line in ledger if found["general"]["id"][:8].upper() in line]
    for value in ("尖山区第一小学", "教学楼二楼东侧", "已销号", "刘淑芬（校长）", "已更换损坏部件并复查", "一般"):
        assert value in row


async def test_a_major_hazard_needs_interim_controls_and_an_inspector(client, as_user, found):
    officer, principal, inspector = await as_user("officer"), await as_user("principal"), await as_user("inspector")
    hazard = (await acknowledge(client, officer, await get(client, officer, found["major"]["id"]))).json()
    proof = jpeg(300, gps=CAMPUS)
    await upload(client, officer, proof)
    refused = await prove(client, officer, hazard, [proof])
    assert refused.status_code == 400 and refused.json()["code"] == "interim_controls_required"
    hazard = (await prove(client, officer, hazard, [proof], interim_controls="已拉警戒线并停止使用")).json()
    assert hazard["status"] == "submitted" and hazard["interim_controls"] == "已拉警戒线并停止使用"
    by_principal = await verify(client, principal, hazard, "accept")
    assert by_principal.status_code == 403 and by_principal.json()["code"] == "not_a_verifier"
    assert (await verify(client, inspector, hazard, "accept")).json()["status"] == "closed"


async def test_close_out_needs_two_people(client, as_user, found):
    principal = await as_user("principal")
    hazard = (await acknowledge(client, principal, await get(client, principal, found["general"]["id"]))).json()
    proof = jpeg(400, gps=CAMPUS)
    await upload(client, principal, proof)
    hazard = (await prove(client, principal, hazard, [proof])).json()
    response = await verify(client, principal, hazard, "accept")
    assert response.status_code == 403 and response.json()["code"] == "same_person"
    assert (await get(client, principal, hazard["id"]))["status"] == "submitted"


async def test_officer_cannot_close_and_reasons_are_required(client, as_user, found):
    officer, principal = await as_user("officer"), await as_user("principal")
    hazard = (await acknowledge(client, officer, await get(client, officer, found["general"]["id"]))).json()
    hazard = (await prove(client, officer, hazard, [jpeg(500)])).json()
    refused = await verify(client, officer, hazard, "accept")
    assert refused.status_code == 403
    no_reason = await verify(client, principal, hazard, "reject")
    assert no_reason.status_code == 400 and no_reason.json()["code"] == "reason_required"
    assert (await get(client, officer, hazard["id"]))["version"] == hazard["version"]


async def test_transitions_outside_the_state_machine_are_409(client, as_user, found):
    principal, officer = await as_user("principal"), await as_user("officer")
    hazard = await get(client, principal, found["general"]["id"])
    response = await verify(client, principal, hazard, "accept")
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"
    assert response.json()["details"]["allowed"] == ["acknowledge"]
    early_proof = await prove(client, officer, hazard, [jpeg(600)])
    assert early_proof.status_code == 409 and early_proof.json()["code"] == "invalid_transition"


async def test_a_stale_version_is_409_and_changes_nothing(client, as_user, found):
    officer = await as_user("officer")
    hazard = await get(client, officer, found["general"]["id"])
    assert (await acknowledge(client, officer, hazard)).status_code == 200
    stale = await prove(client, officer, hazard, [jpeg(700)])  # still carries version 1
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    assert stale.json()["details"] == {"version": 2, "status": "rectifying"}
    assert (await get(client, officer, hazard["id"]))["status"] == "rectifying"


async def test_replayed_proof_and_verification_are_stored_once(client, as_user, found):
    officer, principal = await as_user("officer"), await as_user("principal")
    hazard = (await acknowledge(client, officer, await get(client, officer, found["general"]["id"]))).json()
    rid = uuid.uuid4()
    await upload(client, officer, jpeg(800))
    body = {"measures": "已修复", "photos": [sha(jpeg(800))], "base_version": hazard["version"]}
    url = f"/api/v1/hazards/{hazard['id']}/rectifications/{rid}"
    assert (await client.put(url, json=body, headers=officer)).status_code == 201
    again = await client.put(url, json=body, headers=officer)
    assert again.status_code == 200 and len(again.json()["rectifications"]) == 1
    changed = await client.put(url, json=body | {"measures": "别的措施"}, headers=officer)
    assert changed.status_code == 409 and changed.json()["code"] == "id_conflict"
    submitted = again.json()
    first = await verify(client, principal, submitted, "accept")
    replay = await verify(client, principal, submitted, "accept")
    assert first.status_code == replay.status_code == 200 and replay.json()["version"] == first.json()["version"]
    assert [e["action"] for e in replay.json()["timeline"]].count("hazard.accept") == 1


async def test_proof_that_is_not_real_is_flagged_for_the_verifier(client, as_user, found):
    officer = await as_user("officer")
    hazard = (await acknowledge(client, officer, await get(client, officer, found["general"]["id"]))).json()
    lookalike = reencoded(found["evidence"])
    too_early = jpeg(900, taken_at=datetime.now(UTC) - timedelta(days=30), gps=CAMPUS)
    far_away = jpeg(901, gps=(46.3275, 132.1975))  # 宝清县, about 90 km away
    for photo in (lookalike, too_early, far_away):
        await upload(client, officer, photo)
    not_uploaded = jpeg(902)
    hazard = (await prove(client, officer, hazard, [found["evidence"], lookalike, too_early, far_away,
                                                     not_uploaded])).json()
    flags = {(f["code"], f["photo"]) for f in hazard["rectifications"][0]["flags"]}
    assert ("same_as_evidence", sha(found["evidence"])) in flags
    assert ("looks_like_evidence", sha(lookalike)) in flags
    assert ("taken_before_found", sha(too_early)) in flags
    assert ("off_campus", sha(far_away)) in flags
    assert ("photo_missing", sha(not_uploaded)) in flags
    assert sha(not_uploaded) in hazard["missing_photos"]
    # Once the photo arrives, its flag turns into what is known about it.
    await upload(client, officer, not_uploaded)
    flags = {(f["code"], f["photo"]) for f in (await get(client, officer, hazard["id"]))["rectifications"][0]["flags"]}
    assert ("photo_missing", sha(not_uploaded)) not in flags
    assert ("capture_time_unknown", sha(not_uploaded)) in flags


@pytest.mark.parametrize("username", ["principal2", "viewer", "inspector", "admin"])
async def test_only_school_staff_submit_proof(client, as_user, found, username):
    headers = await as_user(username)
    hazard = await get(client, await as_user("officer"), found["general"]["id"])
    hazard = (await acknowledge(client, await as_user("officer"), hazard)).json()
    response = await prove(client, headers, hazard, [jpeg(1000)])
    assert response.status_code == (404 if username == "principal2" else 403)


async def test_knowing_a_hash_does_not_show_the_photo(client, as_user, unit_ids, found):
    """principal2 names the other school's evidence photo in a record of its own."""
    other = await as_user("principal2")
    evidence = sha(found["evidence"])
    body = {"school_id": unit_ids["230523-02"], "description": "借用别校照片", "grade": "general",
            "photos": [evidence]}
    hazard = (await client.put(f"/api/v1/hazards/{uuid.uuid4()}", json=body, headers=other)).json()
    assert hazard["missing_photos"] == [evidence]  # not even its existence is confirmed
    for suffix in ("", "/thumb", "/meta"):
        assert (await client.get(f"/api/v1/photos/{evidence}{suffix}", headers=other)).status_code == 404


async def test_a_hazard_closes_only_on_proof_that_arrived(client, as_user, found):
    officer, principal = await as_user("officer"), await as_user("principal")
    hazard = (await acknowledge(client, officer, await get(client, officer, found["general"]["id"]))).json()
    never_sent = jpeg(1100)
    hazard = (await prove(client, officer, hazard, [never_sent])).json()
    refused = await verify(client, principal, hazard, "accept")
    assert refused.status_code == 409 and refused.json()["code"] == "proof_photos_missing"
    await upload(client, officer, never_sent)
    assert (await verify(client, principal, hazard, "accept")).json()["status"] == "closed"


async def test_a_repeated_acknowledgement_is_a_replay(client, as_user, found):
    officer = await as_user("officer")
    hazard = await get(client, officer, found["general"]["id"])
    first, again = await acknowledge(client, officer, hazard), await acknowledge(client, officer, hazard)
    assert first.status_code == again.status_code == 200 and again.json()["version"] == 2
    assert [e["action"] for e in again.json()["timeline"]].count("hazard.acknowledge") == 1


@pytest.mark.parametrize("change,code", [
    ({"measures": "   "}, "invalid_request"), ({"cost_yuan": "NaN"}, "invalid_cost"),
    ({"cost_yuan": "-5"}, "invalid_cost"), ("duplicate", "duplicate_photos"),
])
async def test_proof_refusals(client, as_user, found, change, code):
    officer = await as_user("officer")
    hazard = (await acknowledge(client, officer, await get(client, officer, found["general"]["id"]))).json()
    photo = jpeg(1200)
    extra = {"photos": [sha(photo), sha(photo)]} if change == "duplicate" else change
    response = await client.put(f"/api/v1/hazards/{hazard['id']}/rectifications/{uuid.uuid4()}", headers=officer,
                                json={"measures": "已整改", "photos": [sha(photo)], "base_version": 2} | extra)
    assert response.status_code == 400 and response.json()["code"] == code
    assert (await get(client, officer, hazard["id"]))["status"] == "rectifying"


async def test_a_blank_reason_is_no_reason(client, as_user, found):
    officer, principal = await as_user("officer"), await as_user("principal")
    hazard = (await acknowledge(client, officer, await get(client, officer, found["general"]["id"]))).json()
    hazard = (await prove(client, officer, hazard, [jpeg(1300)])).json()
    assert (await verify(client, principal, hazard, "reject", reason="  \n ")).status_code == 400


async def test_imprecise_photo_locations_prove_nothing(client, as_user, found):
    officer = await as_user("officer")
    hazard = (await acknowledge(client, officer, await get(client, officer, found["general"]["id"]))).json()
    vague = jpeg(1400)
    await upload(client, officer, vague, lat=39.9, lon=116.4, accuracy_m=100_000)
    hazard = (await prove(client, officer, hazard, [vague])).json()
    assert "location_imprecise" in {f["code"] for f in hazard["rectifications"][0]["flags"]}


async def test_the_issuer_moves_the_deadline_with_a_reason(client, as_user, found):
    inspector, officer = await as_user("inspector"), await as_user("officer")
    hazard = await get(client, inspector, found["general"]["id"])
    url = f"/api/v1/hazards/{hazard['id']}/deadline"
    later = (datetime.fromisoformat(hazard["due_on"]) + timedelta(days=10)).date().isoformat()
    refused = await client.post(url, headers=officer, json={"due_on": later, "base_version": 1, "reason": "想延期"})
    assert refused.status_code == 403 and refused.json()["code"] == "not_the_issuer"
    moved = await client.post(url, headers=inspector, json={"due_on": later, "base_version": 1, "reason": "需采购配件"})
    assert moved.status_code == 200 and moved.json()["due_on"] == later and moved.json()["version"] == 2
    assert moved.json()["timeline"][-1]["action"] == "hazard.reschedule"
    stale = await client.post(url, headers=inspector, json={"due_on": later, "base_version": 1, "reason": "再改"})
    assert stale.status_code == 409
    too_early = await client.post(url, headers=inspector, json={"due_on": "2001-01-01", "base_version": 2,
                                                                "reason": "错误"})
    assert too_early.status_code == 400 and too_early.json()["code"] == "invalid_due_on"
