"""Upserts by stable code: loading the same files twice changes nothing and audits nothing."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.accounts import services as accounts
from safecampus.audit import services as audit
from safecampus.audit.services import Actor
from safecampus.checklists.library import load_checklists
from safecampus.coverage.calendar import check_term
from safecampus.db import DutyTemplate, HazardDomain, Leader, OrgUnit, Section, Term, User
from safecampus.errors import InvalidInput
from safecampus.orgs.services import child_path, move_descendants
from safecampus.seeding.files import (
    DutiesFile,
    LeaderSeed,
    LeadersFile,
    OrgFile,
    SchoolsFile,
    SectionsFile,
    SeedError,
    TermSeed,
    TermsFile,
    UnitSeed,
    UsersFile,
    read,
)

SEEDER = Actor(label="seed")
# Demo leaders get stable ids from their unit and name, so loading twice changes nothing.
LEADER_IDS = uuid.UUID("5c1e7a4e-8f63-4a4e-9a53-1d2f0c6b7e10")


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


async def _upsert(session: AsyncSession, counts: Counts, model: type[Any], key: str, rows: Iterable[dict[str, Any]],
                  entity: str) -> None:
    existing = {getattr(obj, key): obj for obj in (await session.execute(select(model))).scalars()}
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            obj = model(**row)
            session.add(obj)
            await session.flush()
            counts.created += 1
            await audit.record(session, SEEDER, f"{entity}.seed_create", entity, row[key], _jsonable(row))
            continue
        changed = {name: value for name, value in row.items() if getattr(obj, name) != value}
        if not changed:
            counts.unchanged += 1
            continue
        for name, value in changed.items():
            setattr(obj, name, value)
        counts.updated += 1
        await audit.record(session, SEEDER, f"{entity}.seed_update", entity, row[key], _jsonable(changed))


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: str(v) if isinstance(v, uuid.UUID) else v for k, v in row.items()}


async def _upsert_units(session: AsyncSession, counts: Counts, units: Sequence[UnitSeed]) -> None:
    """Parents come before children in the files, so each parent's path is known in time."""
    by_code = {u.code: u for u in (await session.execute(select(OrgUnit))).scalars()}
    for seed in units:
        parent = by_code.get(seed.parent) if seed.parent else None
        if seed.parent and parent is None:
            raise SeedError(f"unit {seed.code}: parent {seed.parent!r} is not defined before it")
        if seed.kind == "school" and seed.school_type is None:
            raise SeedError(f"unit {seed.code}: a school needs a school_type")
        row = {"code": seed.code, "name": seed.name, "kind": seed.kind, "school_type": seed.school_type,
               "parent_id": parent.id if parent else None, "path": child_path(parent, seed.code),
               "address": seed.address, "lat": seed.lat, "lon": seed.lon, "radius_m": seed.radius_m}
        existing = by_code.get(seed.code)
        if existing is None:
            row["id"] = uuid.uuid4()
        elif existing.path != row["path"]:
            moved = await move_descendants(session, existing.path, row["path"])
            await audit.record(session, SEEDER, "org_unit.move", "org_unit", seed.code,
                               {"from": existing.path, "to": row["path"], "units_below": moved})
        await _upsert(session, counts, OrgUnit, "code", [row], "org_unit")
        by_code[seed.code] = (await session.execute(select(OrgUnit).where(OrgUnit.code == seed.code))).scalar_one()


async def _upsert_terms(session: AsyncSession, counts: Counts, seeds: Sequence[TermSeed]) -> None:
    """A term an admin edited through the API is the admin's: the file no longer overwrites it
    (the app loads the seeds at every start)."""
    existing = {t.code: t for t in (await session.execute(select(Term))).scalars()}
    kept = {code for code, term in existing.items() if term.edited_by is not None}
    applied = [s for s in seeds if s.code not in kept]
    calendar = list({**existing, **{s.code: s for s in applied}}.values())
    for seed in applied:
        try:
            check_term(seed, seed.season, seed.school_year, calendar)
        except InvalidInput as exc:
            raise SeedError(f"term {seed.code}: {exc.message}") from exc
    counts.unchanged += len(seeds) - len(applied)
    await _upsert(session, counts, Term, "code", (
        {"code": s.code, "school_year": s.school_year, "season": s.season, "name": s.name,
         "starts_on": s.starts_on, "ends_on": s.ends_on} for s in applied), "term")


async def load_reference(session: AsyncSession, seeds_dir: Path) -> Counts:
    """The org tree, bureau sections with their hazard domains, duty templates, the term
    calendar and the checklist library: one transaction."""
    counts = Counts()
    sections = read(seeds_dir / "sections.toml", SectionsFile).section
    await _upsert(session, counts, Section, "code", (
        {"code": s.code, "name": s.name, "article": s.article, "duties": s.duties, "sort_order": i * 10}
        for i, s in enumerate(sections, 1)), "section")
    await _upsert(session, counts, HazardDomain, "code", (
        {"code": d.code, "name": d.name, "section_code": s.code, "sort_order": i * 100 + j}
        for i, s in enumerate(sections, 1) for j, d in enumerate(s.domains, 1)), "hazard_domain")
    duties = read(seeds_dir / "duties.toml", DutiesFile).duty
    await _upsert(session, counts, DutyTemplate, "code", (
        {"code": d.code, "holder": d.holder, "article": d.article, "text": d.text, "sort_order": d.sort_order}
        for d in duties), "duty_template")
    await _upsert_units(session, counts, read(seeds_dir / "org.toml", OrgFile).unit)
    await _upsert_terms(session, counts, read(seeds_dir / "terms.toml", TermsFile).term)
    created, unchanged = await load_checklists(session, seeds_dir / "checklists", SEEDER)
    counts.created += created
    counts.unchanged += unchanged
    await session.commit()
    return counts


async def load_demo(session: AsyncSession, seeds_dir: Path) -> Counts:
    """Demo schools and the six demo accounts. Existing accounts are left alone (their
    passwords are not reset), so running it twice changes nothing."""
    counts = Counts()
    await _upsert_units(session, counts, read(seeds_dir / "demo" / "schools.toml", SchoolsFile).school)
    await session.commit()
    for seed in read(seeds_dir / "demo" / "users.toml", UsersFile).user:
        if (await session.execute(select(User.id).where(User.username == seed.username))).first():
            counts.unchanged += 1
            continue
        unit = (await session.execute(select(OrgUnit).where(OrgUnit.code == seed.unit))).scalar_one_or_none()
        if unit is None:
            raise SeedError(f"demo user {seed.username}: unknown unit {seed.unit!r} (load the schools first)")
        await accounts.create_user(session, SEEDER, "/", username=seed.username, name=seed.name, role=seed.role,
                                   org_unit_id=unit.id, password=seed.password)
        counts.created += 1
    await _upsert_leaders(session, counts, read(seeds_dir / "demo" / "leaders.toml", LeadersFile).leader)
    await session.commit()
    return counts


async def _upsert_leaders(session: AsyncSession, counts: Counts, seeds: Sequence[LeaderSeed]) -> None:
    units = dict((await session.execute(select(OrgUnit.code, OrgUnit.id))).all())
    accounts_by_name = dict((await session.execute(select(User.username, User.id))).all())
    rows = []
    for seed in seeds:
        if seed.unit not in units or (seed.account and seed.account not in accounts_by_name):
            raise SeedError(f"demo leader {seed.name}: unknown unit {seed.unit!r} or account {seed.account!r}")
        rows.append({"id": uuid.uuid5(LEADER_IDS, f"{seed.unit}/{seed.name}"), "org_unit_id": units[seed.unit],
                     "name": seed.name, "position": seed.position, "duty_role": seed.duty_role,
                     "user_id": accounts_by_name.get(seed.account) if seed.account else None})
    await _upsert(session, counts, Leader, "id", rows, "leader")
