"""Reference and demo data: complete, valid, and idempotent."""

from __future__ import annotations

import shutil

import pytest
from safecampus.db import AuditEvent, DutyTemplate, HazardDomain, OrgUnit, Section, User
from safecampus.seeding.files import SeedError
from safecampus.seeding.loader import load_demo, load_reference
from sqlalchemy import func, select

from tests.databases import SEEDS_DIR


async def _count(session, model):
    return await session.scalar(select(func.count()).select_from(model))


async def test_reference_data_matches_the_measures(db):
    async with db.session() as session:
        assert await _count(session, Section) == 13  # 第十一条 (一) to (十三)
        assert await _count(session, DutyTemplate) == 7 + 10 + 8 + 8 + 6  # 第六条 to 第十条
        counties = (await session.execute(select(OrgUnit.name).where(OrgUnit.kind == "county_bureau"))).scalars()
        assert len(list(counties)) == 8
        domains = set((await session.execute(select(HazardDomain.code))).scalars())
        assert {"fire", "food", "lab_chemicals", "buildings", "traffic", "network", "psychological_crisis",
                "training_institution"} <= domains


async def test_demo_schools_cover_every_county_and_type(db):
    async with db.session() as session:
        schools = (await session.execute(select(OrgUnit).where(OrgUnit.kind == "school"))).scalars().all()
        counties = {u.id: u.code for u in (await session.execute(
            select(OrgUnit).where(OrgUnit.kind == "county_bureau"))).scalars()}
    assert len(schools) >= 30
    assert {counties.get(s.parent_id) for s in schools} >= set(counties.values())
    assert {s.school_type for s in schools} >= {"kindergarten", "primary", "junior", "senior", "nine_year",
                                                "vocational", "private", "training_institution"}
    for school in schools:  # each campus near Shuangyashan, with a radius
        assert 45.5 < school.lat < 47.5 and 130.5 < school.lon < 134.5 and school.radius_m > 0


async def test_loading_twice_changes_nothing(db):
    async with db.session() as session:
        before = [await _count(session, m) for m in (AuditEvent, OrgUnit, User, Section, HazardDomain)]
        reference = await load_reference(session, SEEDS_DIR)
        demo = await load_demo(session, SEEDS_DIR)
        after = [await _count(session, m) for m in (AuditEvent, OrgUnit, User, Section, HazardDomain)]
    assert (reference.created, reference.updated, demo.created, demo.updated) == (0, 0, 0, 0)
    assert after == before


async def test_an_edited_seed_file_updates_and_audits(db, tmp_path):
    seeds = shutil.copytree(SEEDS_DIR, tmp_path / "seeds")
    org = seeds / "org.toml"
    org.write_text(org.read_text(encoding="utf-8").replace("双鸭山市教育信息中心", "双鸭山市教育信息化中心"),
                   encoding="utf-8")
    async with db.session() as session:
        counts = await load_reference(session, seeds)
        assert (counts.created, counts.updated) == (0, 1)
        name = await session.scalar(select(OrgUnit.name).where(OrgUnit.code == "230500-D02"))
        event = (await session.execute(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1))).scalar_one()
    assert name == "双鸭山市教育信息化中心"
    assert event.action == "org_unit.seed_update" and "教育信息化中心" in event.data


@pytest.mark.parametrize("broken,expected", [
    ('kind = "county_bureau"', "county_bureau"),
    ('parent = "230500"\nname = "岭东区', "parent"),
])
async def test_a_broken_seed_file_is_refused_with_its_name(db, tmp_path, broken, expected):
    seeds = shutil.copytree(SEEDS_DIR, tmp_path / "seeds")
    org = seeds / "org.toml"
    text = org.read_text(encoding="utf-8")
    if expected == "parent":
        text = text.replace('parent = "230500"\nname = "岭东区', 'parent = "999999"\nname = "岭东区')
    else:
        text = text.replace('kind = "county_bureau"', 'kind = "castle"', 1)
    org.write_text(text, encoding="utf-8")
    async with db.session() as session:
        before = await _count(session, AuditEvent)
        with pytest.raises(SeedError) as error:
            await load_reference(session, seeds)
        await session.rollback()
        assert await _count(session, AuditEvent) == before
    assert "org.toml" in str(error.value) or "999999" in str(error.value)


async def test_moving_a_unit_moves_its_whole_subtree(db, tmp_path):
    seeds = shutil.copytree(SEEDS_DIR, tmp_path / "seeds")
    org = seeds / "org.toml"
    # 尖山区 moves under a direct unit (the file lists its new parent first).
    text = org.read_text(encoding="utf-8")
    block = text[text.index('[[unit]]\ncode = "230502"'):text.index('[[unit]]\ncode = "230503"')]
    moved = block.replace('parent = "230500"', 'parent = "230500-D01"')
    org.write_text(text.replace(block, "") + "\n" + moved, encoding="utf-8")
    async with db.session() as session:
        await load_reference(session, seeds)
        paths = dict((await session.execute(select(OrgUnit.code, OrgUnit.path))).all())
    assert paths["230502"] == "/230500/230500-D01/230502/"
    assert paths["230502-01"] == "/230500/230500-D01/230502/230502-01/"


async def test_unit_codes_cannot_smuggle_a_path(db, tmp_path):
    seeds = shutil.copytree(SEEDS_DIR, tmp_path / "seeds")
    org = seeds / "org.toml"
    org.write_text(org.read_text(encoding="utf-8") + '\n[[unit]]\ncode = "230502/X"\nparent = "230500"\n'
                   'name = "越界"\nkind = "direct_unit"\n', encoding="utf-8")
    async with db.session() as session:
        with pytest.raises(SeedError, match="org.toml"):
            await load_reference(session, seeds)
