"""Managing the org tree: create, rename, move (history follows), deactivate (reads stay,
new work stops), all within the admin's scope and audited."""

from __future__ import annotations

import uuid

from safecampus.audit.services import Actor, record
from safecampus.db import AuditEvent, OrgUnit
from sqlalchemy import select

from tests.factories import drill_body, incident_body, inspection_body, now


def school(code: str, parent_id: str, **extra) -> dict:
    return {"code": code, "name": f"测试学校{code}", "kind": "school", "school_type": "primary",
            "parent_id": parent_id} | extra


async def test_create_and_rename_within_scope(client, as_user, county_admin, unit_ids, db):
    created = await client.post("/api/v1/org-units", headers=county_admin, json=school("230502-90", unit_ids["230502"]))
    assert created.status_code == 201, created.text
    unit = created.json()
    assert unit["parent_id"] == unit_ids["230502"] and unit["depth"] == 2 and unit["active"] is True
    # A county admin creates schools of its own county only, and no county bureau.
    elsewhere = await client.post("/api/v1/org-units", headers=county_admin, json=school("230523-90", unit_ids["230523"]))
    assert elsewhere.status_code == 404
    county = await client.post("/api/v1/org-units", headers=county_admin, json={
        "code": "239999", "name": "新区教体局", "kind": "county_bureau", "parent_id": unit_ids["230502"]})
    assert county.status_code == 400 and county.json()["code"] == "parent_kind_mismatch"
    # The code makes the scope path: no "/" or punctuation, and unique.
    for bad in ("230502/evil", "../x", "a b", ""):
        response = await client.post("/api/v1/org-units", headers=county_admin, json=school(bad, unit_ids["230502"]))
        assert response.status_code == 400 and response.json()["code"] == "invalid_request", bad
    taken = await client.post("/api/v1/org-units", headers=county_admin, json=school("230502-01", unit_ids["230502"]))
    assert taken.status_code == 409 and taken.json()["code"] == "unit_code_taken"
    no_type = await client.post("/api/v1/org-units", headers=county_admin,
                                json=school("230502-91", unit_ids["230502"], school_type=None))
    assert no_type.status_code == 400 and no_type.json()["code"] == "school_type_required"

    renamed = await client.patch(f"/api/v1/org-units/{unit['id']}", headers=county_admin,
                                 json={"name": "尖山区实验小学", "radius_m": 250})
    assert renamed.status_code == 200 and renamed.json()["name"] == "尖山区实验小学"
    assert renamed.json()["radius_m"] == 250 and renamed.json()["code"] == "230502-90"
    # Its own unit is managed from above; other roles manage nothing.
    own = await client.patch(f"/api/v1/org-units/{unit_ids['230502']}", headers=county_admin, json={"name": "x"})
    assert own.status_code == 403 and own.json()["code"] == "own_unit"
    inspector = await client.patch(f"/api/v1/org-units/{unit['id']}", headers=await as_user("inspector"),
                                   json={"name": "x"})
    assert inspector.status_code == 403
    async with db.session() as session:
        actions = (await session.execute(select(AuditEvent.action).where(AuditEvent.entity_id == unit["id"]))).scalars()
        assert set(actions) == {"org_unit.create", "org_unit.update"}


async def test_a_school_moves_between_counties_with_its_ledger(client, as_user, county_admin, unit_ids, found, db):
    admin = await as_user("admin")
    school_id, hazard_id = unit_ids["230502-01"], found["general"]["id"]
    # A county admin's scope does not hold the other county.
    refused = await client.post(f"/api/v1/org-units/{school_id}/move", headers=county_admin,
                                json={"new_parent_id": unit_ids["230503"]})
    assert refused.status_code == 404
    same = await client.post(f"/api/v1/org-units/{school_id}/move", headers=admin,
                             json={"new_parent_id": unit_ids["230502"]})
    assert same.status_code == 400 and same.json()["code"] == "same_parent"
    county = await client.post(f"/api/v1/org-units/{unit_ids['230502']}/move", headers=admin,
                               json={"new_parent_id": unit_ids["230503"]})
    assert county.status_code == 400 and county.json()["code"] == "parent_kind_mismatch"

    moved = await client.post(f"/api/v1/org-units/{school_id}/move", headers=admin,
                              json={"new_parent_id": unit_ids["230503"]})
    assert moved.status_code == 200, moved.text
    assert moved.json()["unit"]["parent_id"] == unit_ids["230503"]
    async with db.session() as session:
        unit = await session.get(OrgUnit, uuid.UUID(school_id))
        assert unit.path == "/230500/230503/230502-01/"
    # Whatever lies below moves with it (a unit arranged under the school for the check).
    await client.post(f"/api/v1/org-units/{school_id}/move", headers=admin, json={"new_parent_id": unit_ids["230502"]})
    async with db.session() as session:
        session.add(OrgUnit(code="230502-01-B", name="分校区", kind="school", school_type="primary",
                            parent_id=uuid.UUID(school_id), path="/230500/230502/230502-01/230502-01-B/"))
        await record(session, Actor("test"), "org_unit.seed_create", "org_unit", "230502-01-B")
        await session.commit()
    again = await client.post(f"/api/v1/org-units/{school_id}/move", headers=admin,
                              json={"new_parent_id": unit_ids["230503"]})
    assert again.json()["units_below"] == 1
    async with db.session() as session:
        branch = (await session.execute(select(OrgUnit).where(OrgUnit.code == "230502-01-B"))).scalar_one()
        assert branch.path == "/230500/230503/230502-01/230502-01-B/"
        moves = (await session.execute(select(AuditEvent).where(AuditEvent.action == "org_unit.move"))).scalars().all()
        assert len(moves) == 3
    # The hazard is in the new county's ledger; the old county no longer sees it.
    ledger = (await client.get("/api/v1/hazards", params={"org_unit_id": unit_ids["230503"]},
                               headers=await as_user("viewer"))).json()
    assert hazard_id in {h["id"] for h in ledger["items"]}
    assert (await client.get(f"/api/v1/hazards/{hazard_id}", headers=await as_user("inspector"))).status_code == 404
    assert (await client.get(f"/api/v1/org-units/{school_id}", headers=county_admin)).status_code == 404
    # The school's own staff keep their ledger.
    assert (await client.get(f"/api/v1/hazards/{hazard_id}", headers=await as_user("principal"))).status_code == 200


async def test_an_inactive_unit_keeps_its_ledger_and_takes_no_new_work(client, as_user, unit_ids, found, daily):
    admin, inspector, principal = await as_user("admin"), await as_user("inspector"), await as_user("principal")
    school_id = unit_ids["230502-01"]
    off = await client.post(f"/api/v1/org-units/{school_id}/deactivate", headers=admin)
    assert off.status_code == 200 and off.json()["active"] is False
    # Reads stay.
    hazard = await client.get(f"/api/v1/hazards/{found['general']['id']}", headers=principal)
    assert hazard.status_code == 200
    assert (await client.get(f"/api/v1/org-units/{school_id}", headers=inspector)).json()["active"] is False
    # The hazards already open still go round their loop.
    ack = await client.post(f"/api/v1/hazards/{found['general']['id']}/acknowledgement", headers=principal,
                            json={"base_version": hazard.json()["version"]})
    assert ack.status_code == 200, ack.text
    # New work is refused in words.
    refusals = [
        await client.put(f"/api/v1/inspections/{uuid.uuid4()}", headers=inspector,
                         json=inspection_body(daily, school_id)),
        await client.put(f"/api/v1/hazards/{uuid.uuid4()}", headers=inspector, json={
            "school_id": school_id, "description": "围墙开裂", "grade": "general", "found_at": now().isoformat()}),
        await client.put(f"/api/v1/drills/{uuid.uuid4()}", headers=principal, json=drill_body(school_id)),
        await client.put(f"/api/v1/incidents/{uuid.uuid4()}", headers=principal, json=incident_body(school_id)),
        await client.put(f"/api/v1/supervision-plans/{uuid.uuid4()}", headers=admin, json={
            "kind": "supervision_general", "title": "督查", "topic": "消防", "starts_on": now().date().isoformat(),
            "ends_on": now().date().isoformat(), "targets": [school_id], "inspectors": []}),
    ]
    for response in refusals:
        assert response.status_code == 409, response.text
        assert response.json()["code"] == "unit_inactive" and "deactivated" in response.json()["message"]
    on = await client.post(f"/api/v1/org-units/{school_id}/activate", headers=admin)
    assert on.json()["active"] is True
    response = await client.put(f"/api/v1/inspections/{uuid.uuid4()}", headers=inspector,
                                json=inspection_body(daily, school_id))
    assert response.status_code == 201


async def test_a_county_deactivates_with_its_schools_and_comes_back_alone(client, as_user, unit_ids, db):
    admin = await as_user("admin")
    assert (await client.post(f"/api/v1/org-units/{unit_ids['230502']}/deactivate", headers=admin)).status_code == 200
    async with db.session() as session:
        below = (await session.execute(select(OrgUnit.active).where(OrgUnit.path.startswith("/230500/230502/")))).scalars()
        assert set(below) == {False}
    reopened = await client.post(f"/api/v1/org-units/{unit_ids['230502-01']}/activate", headers=admin)
    assert reopened.status_code == 409 and reopened.json()["code"] == "parent_inactive"
    create = await client.post("/api/v1/org-units", headers=admin, json=school("230502-92", unit_ids["230502"]))
    assert create.status_code == 409 and create.json()["code"] == "unit_inactive"
    assert (await client.post(f"/api/v1/org-units/{unit_ids['230502']}/activate", headers=admin)).status_code == 200
    assert (await client.get(f"/api/v1/org-units/{unit_ids['230502-01']}", headers=admin)).json()["active"] is False

