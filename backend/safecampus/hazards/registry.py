"""Registering a hazard, from a checklist inspection or on its own."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.audit import services as audit
from safecampus.auth.identity import CurrentUser
from safecampus.db import Hazard, HazardPhoto, OrgUnit
from safecampus.errors import InvalidInput
from safecampus.geo import off_campus
from safecampus.hazards.rules import RECURRENCE_WINDOW, default_due_on, shanghai_date
from safecampus.notices import services as notices
from safecampus.photos.holding import unique_photos

MAX_DEADLINE = timedelta(days=366)


@dataclass(frozen=True, slots=True)
class NewHazard:
    id: uuid.UUID
    description: str
    grade: str
    found_at: datetime
    due_on: date | None
    photos: Sequence[str]
    item_code: str | None = None
    category: str | None = None
    domain_code: str | None = None
    section_code: str | None = None
    location_note: str | None = None
    responsible_person: str | None = None
    inspection_id: uuid.UUID | None = None
    kind: str | None = None
    place: tuple[float, float, float | None] | None = None  # lat, lon, accuracy (standalone hazards)


async def _recurrences(session: AsyncSession, school_id: uuid.UUID, news: Sequence[NewHazard]
                       ) -> dict[uuid.UUID, uuid.UUID]:
    """For each new hazard on a checklist item: the latest hazard on the same item at the same
    school closed within 90 days before it was found (one query for all of them)."""
    items = {n.item_code for n in news if n.item_code is not None}
    if not items:
        return {}
    earliest, latest = min(n.found_at for n in news), max(n.found_at for n in news)
    closed = (await session.execute(
        select(Hazard.id, Hazard.item_code, Hazard.closed_at)
        .where(Hazard.school_id == school_id, Hazard.item_code.in_(items), Hazard.status == "closed",
               Hazard.closed_at >= earliest - RECURRENCE_WINDOW, Hazard.closed_at <= latest)
        .order_by(Hazard.closed_at.desc()))).all()
    found: dict[uuid.UUID, uuid.UUID] = {}
    for new in news:
        earlier = (hazard_id for hazard_id, item_code, closed_at in closed if item_code == new.item_code
                   and new.found_at - RECURRENCE_WINDOW <= closed_at <= new.found_at)
        if (hazard_id := next(earlier, None)) is not None:
            found[new.id] = hazard_id
    return found


def check_due_on(found_at: datetime, due_on: date | None) -> None:
    found_on = shanghai_date(found_at)
    if due_on is not None and not found_on <= due_on <= found_on + MAX_DEADLINE:
        raise InvalidInput(f"due_on must lie between the day the hazard was found ({found_on}) and "
                           f"{MAX_DEADLINE.days} days after it.", code="invalid_due_on")


async def register(session: AsyncSession, user: CurrentUser, school: OrgUnit, news: Sequence[NewHazard],
                   content_hash: str) -> list[Hazard]:
    """Register the hazards found at one school in one go: a query for their recurrences and
    a batch of notices, however many there are."""
    for new in news:
        check_due_on(new.found_at, new.due_on)
        unique_photos(new.photos)
    recurrences = await _recurrences(session, school.id, news)
    hazards = [_hazard(user, school, new, content_hash, recurrences.get(new.id)) for new in news]
    session.add_all(hazards)
    session.add_all(HazardPhoto(hazard_id=new.id, role="evidence", position=i, sha256=sha)
                    for new in news for i, sha in enumerate(new.photos))
    for new, hazard in zip(news, hazards, strict=True):
        await audit.record(session, user.actor, "hazard.register", "hazard", new.id, {
            "school_id": str(school.id), "grade": hazard.grade, "due_on": hazard.due_on.isoformat(),
            "description": hazard.description, "item_code": new.item_code, "photos": list(new.photos),
            "inspection_id": str(new.inspection_id) if new.inspection_id else None,
            "recurrence_of": str(hazard.recurrence_of) if hazard.recurrence_of else None,
        })
    await notices.registered(session, hazards, school, user.id)
    return hazards


def _hazard(user: CurrentUser, school: OrgUnit, new: NewHazard, content_hash: str,
            recurrence_of: uuid.UUID | None) -> Hazard:
    hazard = Hazard(
        id=new.id, school_id=school.id, inspection_id=new.inspection_id, item_code=new.item_code,
        category=new.category, domain_code=new.domain_code, section_code=new.section_code,
        description=new.description, grade=new.grade, status="open", found_at=new.found_at, found_by=user.id,
        due_on=new.due_on or default_due_on(new.grade, new.kind, new.found_at), location_note=new.location_note,
        responsible_person=new.responsible_person, version=1, content_hash=content_hash, recurrence_of=recurrence_of,
    )
    if new.place:
        hazard.lat, hazard.lon, hazard.accuracy_m = new.place
        hazard.off_site = off_campus(*new.place, school.lat, school.lon, school.radius_m)[0]
    return hazard
