"""Loading seeds/checklists/*.toml: a template whose content changed becomes a new version."""

from __future__ import annotations

import hashlib
from pathlib import Path

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.audit import services as audit
from safecampus.audit.services import Actor
from safecampus.db import Checklist, ChecklistItem, HazardDomain
from safecampus.seeding.files import ChecklistFile, SeedError, read


def content_hash(template: ChecklistFile) -> str:
    return hashlib.sha256(msgspec.json.encode(template, order="sorted")).hexdigest()


async def load_checklists(session: AsyncSession, directory: Path, actor: Actor) -> tuple[int, int]:
    """Returns (new versions, unchanged templates). The caller commits."""
    owners = dict((await session.execute(select(HazardDomain.code, HazardDomain.section_code))).all())
    created = unchanged = 0
    for path in sorted(directory.glob("*.toml")):
        template = read(path, ChecklistFile)
        _validate(path, template, owners)
        latest = (await session.execute(
            select(Checklist).where(Checklist.code == template.checklist.code)
            .order_by(Checklist.version.desc()).limit(1))).scalar_one_or_none()
        digest = content_hash(template)
        if latest is not None and latest.content_hash == digest:
            unchanged += 1
            continue
        await publish_version(session, actor, template, digest, owners, previous=latest)
        created += 1
    return created, unchanged


def _validate(path: Path, template: ChecklistFile, owners: dict[str, str]) -> None:
    if template.checklist.code != path.stem:
        raise SeedError(f"{path}: checklist code {template.checklist.code!r} must equal the file name")
    codes = [item.code for item in template.item]
    if len(codes) != len(set(codes)):
        raise SeedError(f"{path}: item codes repeat")
    for item in template.item:
        if item.domain not in owners:
            raise SeedError(f"{path}: item {item.code} names unknown hazard domain {item.domain!r}")


async def publish_version(session: AsyncSession, actor: Actor, template: ChecklistFile, digest: str,
                          owners: dict[str, str], previous: Checklist | None) -> Checklist:
    if previous is not None:
        previous.status = "superseded"
    header = template.checklist
    checklist = Checklist(code=header.code, version=(previous.version + 1) if previous else 1, name=header.name,
                          description=header.description, kinds=list(header.kinds),
                          school_types=list(header.school_types), status="published", content_hash=digest)
    session.add(checklist)
    await session.flush()
    session.add_all(
        ChecklistItem(checklist_id=checklist.id, position=i, code=item.code, category=item.category,
                      check=item.check, look_at=item.look_at, grade=item.grade, photo_required=item.photo_required,
                      domain_code=item.domain, section_code=owners[item.domain])
        for i, item in enumerate(template.item, 1)
    )
    await audit.record(session, actor, "checklist.publish", "checklist", checklist.id,
                       {"code": header.code, "version": checklist.version, "items": len(template.item)})
    return checklist
