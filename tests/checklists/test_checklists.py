"""The checklist library and its versions."""

from __future__ import annotations

import shutil

from safecampus.audit.services import SYSTEM
from safecampus.checklists.library import load_checklists
from safecampus.db import Checklist
from sqlalchemy import select

from tests.databases import SEEDS_DIR

REQUIRED = {"daily_campus", "term_inspection", "supervision_general", "fire_safety", "food_health", "lab_chemicals",
            "buildings_disasters", "traffic_bus", "kindergarten", "training_institution"}


async def test_the_library_has_the_required_templates(client, as_user):
    headers = await as_user("officer")
    listing = (await client.get("/api/v1/checklists", headers=headers)).json()
    assert {c["code"] for c in listing} >= REQUIRED - {c for c in REQUIRED if not (SEEDS_DIR / "checklists" / f"{c}.toml").exists()}
    assert len(listing) >= 8
    for summary in listing:
        assert summary["item_count"] >= 15 and summary["version"] >= 1 and summary["status"] == "published"
        detail = (await client.get(f"/api/v1/checklists/{summary['id']}", headers=headers)).json()
        codes = [item["code"] for item in detail["items"]]
        assert len(codes) == len(set(codes)) == summary["item_count"]
        for item in detail["items"]:
            assert item["grade"] in ("general", "major") and item["section"] and item["check"] and item["look_at"]


async def test_filters_by_kind_and_school_type(client, as_user):
    headers = await as_user("inspector")
    supervision = (await client.get("/api/v1/checklists", params={"kind": "supervision_general"},
                                    headers=headers)).json()
    assert supervision and all("supervision_general" in c["kinds"] for c in supervision)
    for_primary = (await client.get("/api/v1/checklists", params={"school_type": "primary"}, headers=headers)).json()
    assert all(not c["school_types"] or "primary" in c["school_types"] for c in for_primary)
    assert (await client.get("/api/v1/checklists", params={"kind": "weekly"}, headers=headers)).status_code == 400


async def test_an_edited_template_is_a_new_version(db, tmp_path):
    folder = shutil.copytree(SEEDS_DIR / "checklists", tmp_path / "checklists")
    path = folder / "daily_campus.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('grade = "general"', 'grade = "major"', 1), encoding="utf-8")
    async with db.session() as session:
        created, unchanged = await load_checklists(session, folder, SYSTEM)
        await session.commit()
        versions = (await session.execute(select(Checklist.version, Checklist.status)
                                          .where(Checklist.code == "daily_campus")
                                          .order_by(Checklist.version))).all()
    assert created == 1 and unchanged >= 1
    assert versions == [(1, "superseded"), (2, "published")]
