"""Telling people: notices in the inbox and deliveries to the units' channels, written in the
transaction of the event that caused them (or of the notice job)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.db import Hazard, Notice, OrgUnit
from safecampus.db.base import utcnow
from safecampus.delivery.outbox import Queued, enqueue
from safecampus.notices import rules
from safecampus.notices.audience import Audiences
from safecampus.notices.rules import Tell
from safecampus.notices.store import insert_ignore
from safecampus.notices.texts import Facts, words


@dataclass(frozen=True, slots=True)
class Subject:
    """What a notice is about (``hazard``, ``rectification``, ``order``) and the hazard it links to."""

    type: str
    id: uuid.UUID
    hazard: Hazard
    school: OrgUnit


async def tell(session: AsyncSession, subject: Subject, tells: list[Tell], *, now: datetime | None = None,
               actor_id: uuid.UUID | None = None, reason: str | None = None, order: str | None = None,
               audiences: Audiences | None = None) -> int:
    """Store each notice once per person (insert-or-ignore) and queue it for the channels of
    the unit it concerns; returns how many notices were new. Whoever caused the event is
    not told of it."""
    return await tell_all(session, [(subject, tells)], now=now, actor_id=actor_id, reason=reason, order=order,
                          audiences=audiences)


async def tell_all(session: AsyncSession, batch: Sequence[tuple[Subject, list[Tell]]], *,
                   now: datetime | None = None, actor_id: uuid.UUID | None = None, reason: str | None = None,
                   order: str | None = None, audiences: Audiences | None = None) -> int:
    """``tell`` for several subjects at once (an inspection's hazards): one insert for the
    notices and one for the deliveries, whatever the number of subjects."""
    now = now or utcnow()
    await session.flush()  # the hazard (or proof) the notices point at is in the database first
    audiences = audiences or Audiences(session)
    rows: list[dict[str, object]] = []
    queued: list[Queued] = []
    for subject, tells in batch:
        hazard = subject.hazard
        for item in tells:
            unit_id, people = await audiences.resolve(subject.school, item.audience, hazard.grade)
            title, body = words(item.kind, Facts(school=subject.school.name, description=hazard.description,
                                                 grade=hazard.grade, due_on=hazard.due_on, days=item.days,
                                                 reason=reason, order=order))
            rows += [{"id": uuid.uuid4(), "recipient_id": person, "kind": item.kind, "reason": item.reason,
                      "subject_type": subject.type, "subject_id": subject.id, "hazard_id": hazard.id,
                      "school_id": subject.school.id, "title": title, "body": body, "created_at": now}
                     for person in people if person != actor_id]
            if unit_id is not None:
                queued.append(Queued(unit_id, f"{subject.type}:{subject.id}:{item.reason}", item.kind, hazard.id,
                                     title, body))
    created = await insert_ignore(session, Notice.__table__, rows,  # type: ignore[arg-type]
                                  ("recipient_id", "subject_type", "subject_id", "reason"))
    await enqueue(session, queued, now)
    return created


async def registered(session: AsyncSession, hazards: Sequence[Hazard], school: OrgUnit,
                     actor_id: uuid.UUID) -> None:
    await tell_all(session, [(Subject("hazard", h.id, h, school), rules.on_register(h.grade)) for h in hazards],
                   actor_id=actor_id)


async def proof_submitted(session: AsyncSession, hazard: Hazard, school: OrgUnit, rectification_id: uuid.UUID,
                          actor_id: uuid.UUID) -> None:
    await tell(session, Subject("rectification", rectification_id, hazard, school), rules.on_proof(),
               actor_id=actor_id)


async def proof_decided(session: AsyncSession, hazard: Hazard, school: OrgUnit, rectification_id: uuid.UUID,
                        actor_id: uuid.UUID, accepted: bool, reason: str | None) -> None:
    await tell(session, Subject("rectification", rectification_id, hazard, school), rules.on_decision(accepted),
               actor_id=actor_id, reason=reason)
