"""Hazards on their own: recording one outside a checklist, finding and reading them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import CurrentUser
from safecampus.clock import check_client_time
from safecampus.db import AuditEvent, Hazard, HazardDomain, HazardPhoto, OrgUnit, Photo, Rectification
from safecampus.db.base import utcnow
from safecampus.errors import InvalidInput
from safecampus.hazards import registry
from safecampus.hazards.access import ensure_may_record, hazard_in_scope, school_in_scope
from safecampus.hazards.rules import SHANGHAI, today
from safecampus.hazards.schemas import StandaloneHazardIn
from safecampus.idempotency import ensure_same
from safecampus.orgs.scope import ensure_active, unit_in_scope, within
from safecampus.photos.holding import held_by_hazard


async def record(session: AsyncSession, user: CurrentUser, hazard_id: uuid.UUID, data: StandaloneHazardIn,
                 digest: str) -> tuple[Hazard, bool]:
    existing = await session.get(Hazard, hazard_id)
    if existing is not None:
        await hazard_in_scope(session, user, hazard_id)
        ensure_same(existing.content_hash, digest, "hazard")
        return existing, False
    school = await school_in_scope(session, user, data.school_id)
    ensure_active(school)
    ensure_may_record(user, None)
    check_client_time(data.found_at, "found_at")
    section = None
    if data.domain:
        section = await session.scalar(select(HazardDomain.section_code).where(HazardDomain.code == data.domain))
        if section is None:
            raise InvalidInput(f"Unknown hazard domain {data.domain!r} (see GET /api/v1/sections).",
                               code="unknown_domain")
    try:
        [hazard] = await registry.register(session, user, school, [registry.NewHazard(
            id=hazard_id, description=data.description, grade=data.grade, found_at=data.found_at or utcnow(),
            due_on=data.due_on, photos=data.photos, category=data.category, domain_code=data.domain,
            section_code=section, location_note=data.location_note, responsible_person=data.responsible_person,
            place=(data.location.lat, data.location.lon, data.location.accuracy_m) if data.location else None)],
            digest)
        await session.commit()
    except IntegrityError:
        await session.rollback()
        existing = await session.get(Hazard, hazard_id)
        if existing is None:
            raise
        ensure_same(existing.content_hash, digest, "hazard")
        return existing, False
    return hazard, True


@dataclass(frozen=True, slots=True)
class HazardFilter:
    org_unit_id: uuid.UUID | None = None
    school_id: uuid.UUID | None = None
    status: str | None = None
    grade: str | None = None
    overdue: bool | None = None
    section: str | None = None
    category: str | None = None
    closed: bool | None = None  # False: every hazard not yet closed, whatever its step
    recurrence: bool | None = None
    # Shanghai calendar days, both ends included (the dashboard's periods).
    found_from: date | None = None
    found_to: date | None = None
    closed_from: date | None = None
    closed_to: date | None = None


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(), SHANGHAI)


def _on_days(column, first: date | None, last: date | None) -> list[ColumnElement[bool]]:
    return ([column >= _day_start(first)] if first else []) + \
        ([column < _day_start(last + timedelta(days=1))] if last else [])


async def filtered(session: AsyncSession, user: CurrentUser, flt: HazardFilter) -> Select[tuple[Hazard, OrgUnit]]:
    """The hazards of the caller's scope that match, with their schools: shared by the list
    and the ledger exports, so both always show the same rows."""
    path = user.org_path
    if flt.org_unit_id:
        path = (await unit_in_scope(session, user.org_path, flt.org_unit_id)).path
    conditions: list[ColumnElement[bool]] = [within(path)]
    if flt.school_id:
        conditions.append(Hazard.school_id == (await school_in_scope(session, user, flt.school_id)).id)
    if flt.status:
        conditions.append(Hazard.status == flt.status)
    if flt.grade:
        conditions.append(Hazard.grade == flt.grade)
    if flt.section:
        conditions.append(Hazard.section_code == flt.section)
    if flt.category:
        conditions.append(Hazard.category == flt.category)
    if flt.closed is not None:
        conditions.append((Hazard.status == "closed") if flt.closed else (Hazard.status != "closed"))
    if flt.recurrence is not None:
        conditions.append(Hazard.recurrence_of.is_not(None) if flt.recurrence else Hazard.recurrence_of.is_(None))
    if flt.overdue is not None:
        late = (Hazard.status != "closed") & (Hazard.due_on < today())
        conditions.append(late if flt.overdue else ~late)
    conditions += _on_days(Hazard.found_at, flt.found_from, flt.found_to)
    conditions += _on_days(Hazard.closed_at, flt.closed_from, flt.closed_to)
    return (select(Hazard, OrgUnit).join(OrgUnit, OrgUnit.id == Hazard.school_id).where(*conditions)
            .order_by(Hazard.found_at.desc(), Hazard.id))


async def search(session: AsyncSession, user: CurrentUser, flt: HazardFilter, page: int,
                 page_size: int) -> tuple[Sequence[tuple[Hazard, OrgUnit]], int]:
    stmt = await filtered(session, user, flt)
    total = await session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    rows = (await session.execute(stmt.offset((page - 1) * page_size).limit(page_size))).all()
    return rows, total or 0


@dataclass(frozen=True, slots=True)
class HazardRecord:
    """Everything about one hazard that its detail view shows."""

    hazard: Hazard
    school: OrgUnit
    evidence: list[str]
    proof: dict[uuid.UUID, list[str]]
    rectifications: list[Rectification]
    photos: dict[str, Photo]  # the linked photos whose authors hold them
    timeline: list[AuditEvent]


async def load_record(session: AsyncSession, user: CurrentUser, hazard_id: uuid.UUID) -> HazardRecord:
    hazard, school = await hazard_in_scope(session, user, hazard_id)
    links = (await session.execute(select(HazardPhoto).where(HazardPhoto.hazard_id == hazard.id)
                                   .order_by(HazardPhoto.position))).scalars().all()
    evidence = [link.sha256 for link in links if link.role == "evidence"]
    proof: dict[uuid.UUID, list[str]] = {}
    for link in links:
        if link.role == "proof" and link.rectification_id:
            proof.setdefault(link.rectification_id, []).append(link.sha256)
    held = {sha for _, sha in await held_by_hazard(session, [hazard.id])}
    photos = {p.sha256: p for p in (await session.execute(select(Photo).where(Photo.sha256.in_(held)))).scalars()}
    rectifications = list((await session.execute(
        select(Rectification).where(Rectification.hazard_id == hazard.id)
        .order_by(Rectification.submitted_at))).scalars())
    timeline = list((await session.execute(
        select(AuditEvent).where(AuditEvent.entity_type == "hazard", AuditEvent.entity_id == str(hazard.id))
        .order_by(AuditEvent.seq))).scalars())
    return HazardRecord(hazard, school, evidence, proof, rectifications, photos, timeline)

