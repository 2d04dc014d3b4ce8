"""Editing the checklist library in the app: saving makes a new (draft) version unless the same
content is already stored; publishing offers a version to the field app; retiring withdraws
one. Inspections pin the version they used, so old ones keep their meaning. The library is the
same for the whole city, so only admins of the city bureau edit it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from safecampus.audit import services as audit
from safecampus.auth.identity import CurrentUser
from safecampus.checklists.library import add_version, content_hash, domain_owners
from safecampus.checklists.schemas import ChecklistVersionIn, FieldChange, ItemChange
from safecampus.db import Checklist, ChecklistItem
from safecampus.errors import Conflict, Forbidden, InvalidInput, NotFound
from safecampus.seeding.files import ChecklistFile, ChecklistHeader, ChecklistItemSeed

HEADER_FIELDS = ("name", "description", "kinds", "school_types")
ITEM_FIELDS = ("position", "category", "check", "look_at", "grade", "photo_required", "domain_code", "section_code")


def ensure_library_editor(user: CurrentUser) -> None:
    if user.role != "admin" or user.org_path.count("/") != 2:
        raise Forbidden("Only an admin of the city bureau edits the checklist library (it holds for the whole "
                        "city).", code="checklist_library_city_only")


def as_template(code: str, data: ChecklistVersionIn) -> ChecklistFile:
    """The body in the seed files' shape, so that the same content has the same hash whichever
    way it came."""
    return ChecklistFile(
        checklist=ChecklistHeader(code=code, name=data.name, description=data.description, kinds=list(data.kinds),
                                  school_types=list(data.school_types)),
        item=[ChecklistItemSeed(code=i.code, category=i.category, check=i.check, look_at=i.look_at, grade=i.grade,
                                photo_required=i.photo_required, domain=i.domain) for i in data.items])


async def versions(session: AsyncSession, code: str) -> Sequence[tuple[Checklist, int]]:
    counts = (select(ChecklistItem.checklist_id, func.count().label("n"))
              .group_by(ChecklistItem.checklist_id).subquery())
    rows = (await session.execute(select(Checklist, counts.c.n).join(counts, counts.c.checklist_id == Checklist.id)
                                  .where(Checklist.code == code).order_by(Checklist.version.desc()))).all()
    if not rows:
        raise NotFound(f"No checklist template {code!r}.", code="checklist_not_found")
    return [(c, n) for c, n in rows]


async def save_version(session: AsyncSession, user: CurrentUser, code: str,
                       data: ChecklistVersionIn) -> tuple[Checklist, bool]:
    """A new draft version of ``code`` (a new template when none exists yet), or the stored
    version with the same content. Returns it and whether it was made now."""
    ensure_library_editor(user)
    owners = await domain_owners(session)
    item_codes = [i.code for i in data.items]
    repeated = sorted({c for c in item_codes if item_codes.count(c) > 1})
    if repeated:
        raise InvalidInput(f"Item codes repeat: {', '.join(repeated)}.", code="item_codes_repeat",
                           details={"codes": repeated})
    unknown = sorted({i.domain for i in data.items} - owners.keys())
    if unknown:
        raise InvalidInput(f"Unknown hazard domains: {', '.join(unknown)} (see GET /api/v1/sections).",
                           code="unknown_domain", details={"domains": unknown})
    template = as_template(code, data)
    digest = content_hash(template)
    stored = (await session.execute(select(Checklist).where(Checklist.code == code)
                                    .order_by(Checklist.version.desc()))).scalars().all()
    same = next((c for c in stored if c.content_hash == digest), None)
    if same is not None:
        return same, False
    checklist = await add_version(session, template, digest, owners, (stored[0].version + 1) if stored else 1,
                                  "draft", edited_by=user.id)
    await audit.record(session, user.actor, "checklist.save", "checklist", checklist.id,
                       {"code": code, "version": checklist.version, "items": len(data.items),
                        "from_version": stored[0].version if stored else None})
    try:
        await session.commit()
    except IntegrityError:  # another admin saved a version of this template at the same moment
        await session.rollback()
        raise Conflict("Another version of this template was saved at the same moment; reload it and save again.",
                       code="checklist_version_conflict") from None
    return checklist, True


async def _version_for_update(session: AsyncSession, checklist_id: uuid.UUID) -> Checklist:
    checklist = (await session.execute(
        select(Checklist).where(Checklist.id == checklist_id).with_for_update())).scalar_one_or_none()
    if checklist is None:
        raise NotFound("No such checklist.", code="checklist_not_found")
    return checklist


async def publish(session: AsyncSession, user: CurrentUser, checklist_id: uuid.UUID) -> Checklist:
    """This version becomes the one the field app is offered; the one published before it is
    superseded (inspections already made on it stay valid)."""
    ensure_library_editor(user)
    checklist = await _version_for_update(session, checklist_id)
    if checklist.status == "published":
        return checklist
    previous = (await session.execute(select(Checklist).where(
        Checklist.code == checklist.code, Checklist.status == "published").with_for_update())).scalars().all()
    for old in previous:
        old.status = "superseded"
    before = checklist.status
    checklist.status = "published"
    checklist.edited_by = checklist.edited_by or user.id
    await audit.record(session, user.actor, "checklist.publish", "checklist", checklist.id,
                       {"code": checklist.code, "version": checklist.version, "was": before,
                        "superseded": [c.version for c in previous]})
    await session.commit()
    return checklist


async def retire(session: AsyncSession, user: CurrentUser, checklist_id: uuid.UUID) -> Checklist:
    """Withdraw a version: not offered, and no new inspection may use it (a retired published
    version leaves the template with none until another is published)."""
    ensure_library_editor(user)
    checklist = await _version_for_update(session, checklist_id)
    if checklist.status == "retired":
        return checklist
    before = checklist.status
    checklist.status = "retired"
    checklist.edited_by = checklist.edited_by or user.id
    await audit.record(session, user.actor, "checklist.retire", "checklist", checklist.id,
                       {"code": checklist.code, "version": checklist.version, "was": before})
    await session.commit()
    return checklist


async def _with_items(session: AsyncSession, code: str, version: int) -> Checklist:
    checklist = (await session.execute(
        select(Checklist).where(Checklist.code == code, Checklist.version == version)
        .options(selectinload(Checklist.items)))).scalar_one_or_none()
    if checklist is None:
        raise NotFound(f"The template {code!r} has no version {version}.", code="checklist_not_found")
    return checklist


def _changes(old: object, new: object, fields: Sequence[str]) -> list[FieldChange]:
    names = {"domain_code": "domain", "section_code": "section"}
    return [FieldChange(field=names.get(f, f), old=getattr(old, f), new=getattr(new, f))
            for f in fields if getattr(old, f) != getattr(new, f)]


async def diff(session: AsyncSession, code: str, from_version: int,
               to_version: int) -> tuple[list[FieldChange], list[ChecklistItem], list[ChecklistItem], list[ItemChange]]:
    """What changed from one version to another: header fields, items added, removed, and
    changed (field by field, a move in the list as a change of position)."""
    old, new = await _with_items(session, code, from_version), await _with_items(session, code, to_version)
    before = {i.code: i for i in old.items}
    after = {i.code: i for i in new.items}
    changed = [ItemChange(code=c, changes=ch) for c, item in after.items()
               if c in before and (ch := _changes(before[c], item, ITEM_FIELDS))]
    return (_changes(old, new, HEADER_FIELDS), [i for c, i in after.items() if c not in before],
            [i for c, i in before.items() if c not in after], changed)
