"""Submitting a checklist inspection (with the hazards it found) and reading them back."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from safecampus.audit import services as audit
from safecampus.auth.identity import CurrentUser
from safecampus.checklists.services import get_checklist
from safecampus.clock import check_client_time
from safecampus.db import (
    Checklist,
    ChecklistItem,
    Hazard,
    HazardPhoto,
    Inspection,
    InspectionResult,
    OrgUnit,
    PhotoHolder,
)
from safecampus.errors import Conflict, InvalidInput, NotFound
from safecampus.geo import off_campus
from safecampus.hazards import registry
from safecampus.hazards.access import ensure_may_record, school_in_scope
from safecampus.hazards.schemas import HazardFields
from safecampus.idempotency import ensure_same
from safecampus.inspections.schemas import InspectionIn
from safecampus.orgs.scope import ensure_active, within


@dataclass(frozen=True, slots=True)
class Submitted:
    inspection: Inspection
    created: bool


async def submit(session: AsyncSession, user: CurrentUser, inspection_id: uuid.UUID, data: InspectionIn,
                 digest: str) -> Submitted:
    existing = await session.get(Inspection, inspection_id)
    if existing is not None:
        return await _replay(session, user, existing, digest)
    try:
        inspection = await _create(session, user, inspection_id, data, digest)
        await session.commit()
    except IntegrityError:
        # A retry racing the first send inserted this id first, or a hazard id is taken.
        await session.rollback()
        existing = await session.get(Inspection, inspection_id)
        if existing is None:
            raise Conflict("A hazard id in this inspection is already used by another record.",
                           code="id_conflict") from None
        return await _replay(session, user, existing, digest)
    return Submitted(inspection, True)


async def _create(session: AsyncSession, user: CurrentUser, inspection_id: uuid.UUID, data: InspectionIn,
                  digest: str) -> Inspection:
    school = await school_in_scope(session, user, data.school_id)
    ensure_active(school)
    ensure_may_record(user, data.kind)
    checklist = await get_checklist(session, data.checklist_id)
    _check_fits(data, checklist, school)
    items = _answers_match(data, checklist.items)
    inspection = Inspection(id=inspection_id, school=school, checklist=checklist, kind=data.kind,
                            inspector_id=user.id, started_at=data.started_at, finished_at=data.finished_at,
                            content_hash=digest)
    if data.location:
        place = data.location
        inspection.lat, inspection.lon, inspection.accuracy_m = place.lat, place.lon, place.accuracy_m
        inspection.off_site, inspection.distance_m = off_campus(place.lat, place.lon, place.accuracy_m,
                                                                school.lat, school.lon, school.radius_m)
    inspection.results = [InspectionResult(inspection_id=inspection_id, position=position, item_code=r.item_code,
                                           outcome=r.outcome, note=r.note, hazard_id=r.hazard.id if r.hazard else None)
                          for position, r in enumerate(data.results)]
    session.add(inspection)
    await session.flush()  # the inspection row must exist before hazards refer to it
    hazards = await registry.register(session, user, school, [
        _new_hazard(data, items[r.item_code], r.hazard, inspection_id) for r in data.results if r.hazard], digest)
    hazard_ids = [str(h.id) for h in hazards]
    await audit.record(session, user.actor, "inspection.submit", "inspection", inspection_id, {
        "school_id": str(school.id), "checklist": f"{checklist.code}@{checklist.version}", "kind": data.kind,
        "results": len(data.results), "hazards": hazard_ids, "off_site": inspection.off_site})
    return inspection


def _new_hazard(data: InspectionIn, item: ChecklistItem, hazard: HazardFields, inspection_id: uuid.UUID
                ) -> registry.NewHazard:
    return registry.NewHazard(
        id=hazard.id, description=hazard.description, grade=hazard.grade or item.grade, found_at=data.started_at,
        due_on=hazard.due_on, photos=hazard.photos, item_code=item.code, category=item.category,
        domain_code=item.domain_code, section_code=item.section_code, location_note=hazard.location_note,
        responsible_person=hazard.responsible_person, inspection_id=inspection_id, kind=data.kind)


async def _replay(session: AsyncSession, user: CurrentUser, existing: Inspection, digest: str) -> Submitted:
    inspection = await visible(session, user, existing.id)  # a replay must not reveal another scope's record
    ensure_same(inspection.content_hash, digest, "inspection")
    return Submitted(inspection, False)


def _check_fits(data: InspectionIn, checklist: Checklist, school: OrgUnit) -> None:
    if checklist.status == "retired":
        raise InvalidInput("This checklist is retired; use a current one.", code="checklist_retired")
    if checklist.status == "draft":
        raise InvalidInput("This checklist version is a draft, not yet published; use a published one.",
                           code="checklist_draft")
    if data.kind not in checklist.kinds:
        raise InvalidInput(f"The checklist {checklist.name!r} is not for {data.kind!r} inspections "
                           f"(it is for: {', '.join(checklist.kinds)}).", code="checklist_kind_mismatch")
    if checklist.school_types and school.school_type not in checklist.school_types:
        raise InvalidInput(f"The checklist {checklist.name!r} is for {', '.join(checklist.school_types)} "
                           "only.", code="checklist_school_type_mismatch")
    check_client_time(data.started_at, "started_at")
    check_client_time(data.finished_at, "finished_at")
    if data.finished_at < data.started_at:
        raise InvalidInput("finished_at is before started_at.", code="invalid_times")


def _answers_match(data: InspectionIn, items: Sequence[ChecklistItem]) -> dict[str, ChecklistItem]:
    """Every item answered exactly once; a hazard exactly where the outcome says so."""
    by_code = {item.code: item for item in items}
    answered = [r.item_code for r in data.results]
    problems: dict[str, list[str]] = {
        "missing": sorted(set(by_code) - set(answered)),
        "unknown": sorted(set(answered) - set(by_code)),
        "repeated": sorted({c for c in answered if answered.count(c) > 1}),
        "hazard_without_details": [r.item_code for r in data.results if r.outcome == "hazard" and not r.hazard],
        "details_without_hazard": [r.item_code for r in data.results if r.outcome != "hazard" and r.hazard],
        "photo_required": [r.item_code for r in data.results if r.hazard and not r.hazard.photos
                           and r.item_code in by_code and by_code[r.item_code].photo_required],
    }
    hazard_ids = [r.hazard.id for r in data.results if r.hazard]
    if len(hazard_ids) != len(set(hazard_ids)):
        problems["repeated_hazard_ids"] = sorted({str(h) for h in hazard_ids if hazard_ids.count(h) > 1})
    problems = {k: v for k, v in problems.items() if v}
    if problems:
        words = {"missing": "not answered", "unknown": "not in this checklist", "repeated": "answered twice",
                 "hazard_without_details": "outcome 'hazard' without hazard details",
                 "details_without_hazard": "hazard details on an outcome that is not 'hazard'",
                 "photo_required": "a hazard here needs at least one photo",
                 "repeated_hazard_ids": "the same hazard id twice"}
        message = "; ".join(f"{words[k]}: {', '.join(v)}" for k, v in problems.items())
        raise InvalidInput(f"The results do not match the checklist: {message}.", code="results_mismatch",
                           details=problems)
    return by_code


_SHOWN = (selectinload(Inspection.results), selectinload(Inspection.school), selectinload(Inspection.checklist))


async def visible(session: AsyncSession, user: CurrentUser, inspection_id: uuid.UUID) -> Inspection:
    inspection = (await session.execute(
        select(Inspection).join(OrgUnit, OrgUnit.id == Inspection.school_id)
        .where(Inspection.id == inspection_id, within(user.org_path)).options(*_SHOWN)
    )).scalar_one_or_none()
    if inspection is None:
        raise NotFound("No such inspection in your scope.", code="inspection_not_found")
    return inspection


async def search(session: AsyncSession, user: CurrentUser, *, school_id: uuid.UUID | None, kind: str | None,
                 since: datetime | None, until: datetime | None, page: int, page_size: int
                 ) -> tuple[Sequence[Inspection], int]:
    check_client_time(since, "from", future_ok=True)
    check_client_time(until, "to", future_ok=True)
    conditions = [within(user.org_path)]
    if school_id:
        conditions.append(Inspection.school_id == (await school_in_scope(session, user, school_id)).id)
    if kind:
        conditions.append(Inspection.kind == kind)
    if since:
        conditions.append(Inspection.finished_at >= since)
    if until:
        conditions.append(Inspection.finished_at < until)
    base = select(Inspection).join(OrgUnit, OrgUnit.id == Inspection.school_id).where(*conditions)
    total = await session.scalar(select(func.count()).select_from(base.subquery()))
    rows = (await session.execute(
        base.options(*_SHOWN).order_by(Inspection.finished_at.desc(), Inspection.id)
        .offset((page - 1) * page_size).limit(page_size))).scalars().all()
    return rows, total or 0


async def missing_photos(session: AsyncSession, inspection: Inspection) -> list[str]:
    """The evidence photos of the inspection's hazards that its inspector has not sent yet."""
    held = exists().where(PhotoHolder.sha256 == HazardPhoto.sha256, PhotoHolder.user_id == inspection.inspector_id)
    return sorted(set((await session.execute(
        select(HazardPhoto.sha256).join(Hazard, Hazard.id == HazardPhoto.hazard_id)
        .where(Hazard.inspection_id == inspection.id, HazardPhoto.role == "evidence", ~held))).scalars()))
