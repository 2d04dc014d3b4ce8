"""The checklist editor: saving makes a version (the same content makes none), a diff says what
changed, publishing offers it to the field app, and an inspection begun on the old version is
still valid and shown against it."""

from __future__ import annotations

import shutil
import uuid

from safecampus.audit.services import SYSTEM
from safecampus.checklists.library import load_checklists
from safecampus.db import Checklist
from sqlalchemy import select

from tests.databases import SEEDS_DIR
from tests.factories import checklist, inspection_body

ITEM_FIELDS = ("code", "category", "check", "look_at", "grade", "photo_required", "domain")


def as_body(detail: dict) -> dict:
    return {"name": detail["name"], "description": detail["description"], "kinds": detail["kinds"],
            "school_types": detail["school_types"],
            "items": [{f: item[f] for f in ITEM_FIELDS} for item in detail["items"]]}


async def test_versions_diff_publish_and_the_pinned_inspection(client, as_user, unit_ids, daily):
    admin, inspector = await as_user("admin"), await as_user("inspector")
    versions = (await client.get("/api/v1/checklists/daily_campus/versions", headers=admin)).json()
    assert [(v["version"], v["status"], v["edited_by"]) for v in versions] == [(1, "published", None)]
    # The same content again is no new version.
    same = await client.post("/api/v1/checklists/daily_campus/versions", headers=admin, json=as_body(daily))
    assert same.status_code == 200 and same.json() == {"checklist": same.json()["checklist"], "created": False}
    assert same.json()["checklist"]["version"] == 1
    # Only the city bureau's admins edit the library.
    for who in ("inspector", "viewer"):
        refused = await client.post("/api/v1/checklists/daily_campus/versions", headers=await as_user(who),
                                    json=as_body(daily))
        assert refused.status_code == 403 and refused.json()["code"] == "checklist_library_city_only"

    # The inspector starts on version 1 (the body is built on the phone from v1).
    begun = inspection_body(daily, unit_ids["230502-01"])
    body = as_body(daily)
    first, second, last = body["items"][0], body["items"][1], body["items"][-1]
    first["check"] = first["check"] + "（含夜间）"
    body["items"] = [second, first, *body["items"][2:-1],
                     {"code": "NEW-01", "category": "新增", "check": "新检查项", "look_at": "", "grade": "major",
                      "photo_required": True, "domain": first["domain"]}]
    saved = await client.post("/api/v1/checklists/daily_campus/versions", headers=admin, json=body)
    assert saved.status_code == 201, saved.text
    v2 = saved.json()["checklist"]
    assert v2["version"] == 2 and v2["status"] == "draft" and v2["edited_by"] and v2["edited_by_name"]
    # A draft is not offered, nor usable.
    listing = (await client.get("/api/v1/checklists", headers=inspector)).json()
    assert [c["version"] for c in listing if c["code"] == "daily_campus"] == [1]
    draft = (await client.get(f"/api/v1/checklists/{v2['id']}", headers=inspector)).json()
    on_draft = await client.put(f"/api/v1/inspections/{uuid.uuid4()}", headers=inspector,
                                json=inspection_body(draft, unit_ids["230502-01"]))
    assert on_draft.status_code == 400 and on_draft.json()["code"] == "checklist_draft"

    diff = (await client.get("/api/v1/checklists/daily_campus/diff", params={"from": 1, "to": 2},
                             headers=admin)).json()
    assert [i["code"] for i in diff["added"]] == ["NEW-01"]
    assert [i["code"] for i in diff["removed"]] == [last["code"]]
    changed = {c["code"]: {f["field"]: (f["old"], f["new"]) for f in c["changes"]} for c in diff["changed"]}
    assert changed[first["code"]]["check"][1].endswith("（含夜间）")
    assert changed[first["code"]]["position"] == (1, 2) and changed[second["code"]] == {"position": (2, 1)}
    assert diff["header"] == []
    missing = await client.get("/api/v1/checklists/daily_campus/diff", params={"from": 1, "to": 9}, headers=admin)
    assert missing.status_code == 404

    published = await client.post(f"/api/v1/checklists/{v2['id']}/publish", headers=admin)
    assert published.status_code == 200 and published.json()["status"] == "published"
    history = (await client.get("/api/v1/checklists/daily_campus/versions", headers=admin)).json()
    assert [(v["version"], v["status"]) for v in history] == [(2, "published"), (1, "superseded")]
    fresh = await checklist(client, inspector, "daily_campus")
    assert fresh["version"] == 2 and fresh["items"][0]["code"] == second["code"]

    # The inspection begun on v1 still validates and reads against v1.
    inspection_id = str(uuid.uuid4())
    sent = await client.put(f"/api/v1/inspections/{inspection_id}", headers=inspector, json=begun)
    assert sent.status_code == 201, sent.text
    shown = (await client.get(f"/api/v1/inspections/{inspection_id}", headers=inspector)).json()
    assert shown["checklist_version"] == 1 and shown["checklist_id"] == daily["id"]
    assert [r["item_code"] for r in shown["results"]] == [i["code"] for i in daily["items"]]

    retired = await client.post(f"/api/v1/checklists/{v2['id']}/retire", headers=admin)
    assert retired.json()["status"] == "retired"
    assert "daily_campus" not in {c["code"] for c in (await client.get("/api/v1/checklists", headers=inspector)).json()}
    on_retired = await client.put(f"/api/v1/inspections/{uuid.uuid4()}", headers=inspector,
                                  json=inspection_body(fresh, unit_ids["230502-01"]))
    assert on_retired.status_code == 400 and on_retired.json()["code"] == "checklist_retired"


async def test_refusals_in_words(client, as_user, daily):
    admin = await as_user("admin")
    body = as_body(daily)
    body["items"][1]["code"] = body["items"][0]["code"]
    repeated = await client.post("/api/v1/checklists/daily_campus/versions", headers=admin, json=body)
    assert repeated.status_code == 400 and repeated.json()["code"] == "item_codes_repeat"
    body = as_body(daily)
    body["items"][0]["domain"] = "astrology"
    unknown = await client.post("/api/v1/checklists/daily_campus/versions", headers=admin, json=body)
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_domain"
    bad_code = await client.post("/api/v1/checklists/Daily%2Fx/versions", headers=admin, json=as_body(daily))
    assert bad_code.status_code in (400, 404)
    assert (await client.get("/api/v1/checklists/nothing/versions", headers=admin)).status_code == 404


async def test_the_seed_files_do_not_clobber_an_edited_template(client, as_user, daily, db, tmp_path):
    admin = await as_user("admin")
    body = as_body(daily)
    body["name"] = "日常巡查（市局修订）"
    saved = (await client.post("/api/v1/checklists/daily_campus/versions", headers=admin, json=body)).json()
    await client.post(f"/api/v1/checklists/{saved['checklist']['id']}/publish", headers=admin)
    # Next deploy: the files changed both this template and another one.
    folder = shutil.copytree(SEEDS_DIR / "checklists", tmp_path / "checklists")
    for name in ("daily_campus", "fire_safety"):
        path = folder / f"{name}.toml"
        path.write_text(path.read_text(encoding="utf-8").replace('grade = "general"', 'grade = "major"', 1),
                        encoding="utf-8")
    async with db.session() as session:
        created, _ = await load_checklists(session, folder, SYSTEM)
        await session.commit()
        rows = (await session.execute(select(Checklist.code, Checklist.version, Checklist.status)
                                      .where(Checklist.code.in_(["daily_campus", "fire_safety"]))
                                      .order_by(Checklist.code, Checklist.version))).all()
    assert created == 1
    assert rows == [("daily_campus", 1, "superseded"), ("daily_campus", 2, "published"),
                    ("fire_safety", 1, "superseded"), ("fire_safety", 2, "published")]
