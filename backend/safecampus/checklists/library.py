"""Loading seeds/checklists/*.toml: a template whose content changed becomes a new version."""

from __future__ import annotations

import hashlib
import uuid
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
    """Returns (new versions, unchanged templates). The caller commits. A template an admin
    has edited, published or retired in the app is the admin's: its file no longer changes it
    (the app loads the seeds at every start)."""
    owners = await domain_owners(session)
    edited = set((await session.execute(
        select(Checklist.code).where(Checklist.edited_by.is_not(None)).distinct())).scalars())
    created = unchanged = 0
    for path in sorted(directory.glob("*.toml")):
        template = read(path, ChecklistFile)
        _validate(path, template, owners)
        if template.checklist.code in edited:
            unchanged += 1
            continue
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


async def domain_owners(session: AsyncSession) -> dict[str, str]:
    """Hazard domain → the bureau section that owns it (第十一条); an item's section follows its domain."""
    return dict((await session.execute(select(HazardDomain.code, HazardDomain.section_code))).all())


async def publish_version(session: AsyncSession, actor: Actor, template: ChecklistFile, digest: str,
                          owners: dict[str, str], previous: Checklist | None) -> Checklist:
    if previous is not None:
        previous.status = "superseded"
    checklist = await add_version(session, template, digest, owners, (previous.version + 1) if previous else 1,
                                  "published")
    await audit.record(session, actor, "checklist.publish", "checklist", checklist.id,
                       {"code": checklist.code, "version": checklist.version, "items": len(template.item)})
    return checklist


async def add_version(session: AsyncSession, template: ChecklistFile, digest: str, owners: dict[str, str],
                      version: int, status: str, edited_by: uuid.UUID | None = None) -> Checklist:
    """Store one version with its items (the caller audits)."""
    header = template.checklist
    checklist = Checklist(code=header.code, version=version, name=header.name, description=header.description,
                          kinds=list(header.kinds), school_types=list(header.school_types), status=status,
                          content_hash=digest, edited_by=edited_by)
    session.add(checklist)
    await session.flush()
    session.add_all(
        ChecklistItem(checklist_id=checklist.id, position=i, code=item.code, category=item.category,
                      check=item.check, look_at=item.look_at, grade=item.grade, photo_required=item.photo_required,
                      domain_code=item.domain, section_code=owners[item.domain])
        for i, item in enumerate(template.item, 1)
    )
    return checklist
