"""Turning hazard records into API bodies."""

from __future__ import annotations

import uuid

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.accounts.services import display_names
from safecampus.auth.identity import CurrentUser
from safecampus.db import Hazard, OrgUnit
from safecampus.hazards.proof import evidence_flags, proof_flags
from safecampus.hazards.rules import is_overdue
from safecampus.hazards.schemas import HazardOut, HazardSummary, RectificationOut, TimelineEntry
from safecampus.hazards.services import HazardRecord, load_record
from safecampus.orders.schemas import OrderOut
from safecampus.orders.views import for_hazard as orders_of


def summary_fields(hazard: Hazard, school: OrgUnit, names: dict[uuid.UUID, str]) -> dict[str, object]:
    return {
        "id": hazard.id, "school_id": school.id, "school_name": school.name, "inspection_id": hazard.inspection_id,
        "item_code": hazard.item_code, "category": hazard.category, "domain": hazard.domain_code,
        "section": hazard.section_code, "description": hazard.description, "grade": hazard.grade,
        "status": hazard.status, "found_at": hazard.found_at, "found_by": names.get(hazard.found_by, ""),
        "due_on": hazard.due_on, "overdue": is_overdue(hazard.status, hazard.due_on),
        "location_note": hazard.location_note, "responsible_person": hazard.responsible_person,
        "recurrence_of": hazard.recurrence_of, "version": hazard.version, "closed_at": hazard.closed_at,
    }


async def summaries(session: AsyncSession, rows: list[tuple[Hazard, OrgUnit]]) -> list[HazardSummary]:
    names = await display_names(session, (h.found_by for h, _ in rows))
    return [HazardSummary(**summary_fields(h, s, names)) for h, s in rows]  # type: ignore[arg-type]


def _detail(record: HazardRecord, names: dict[uuid.UUID, str], orders: list[OrderOut]) -> HazardOut:
    hazard = record.hazard
    rectifications = [
        RectificationOut(
            id=r.id, submitted_by=names.get(r.submitted_by, ""), submitted_at=r.submitted_at, measures=r.measures,
            interim_controls=r.interim_controls, cost_yuan=r.cost_yuan, photos=record.proof.get(r.id, []),
            decision=r.decision, decided_by=names.get(r.decided_by) if r.decided_by else None,
            decided_at=r.decided_at, reason=r.reason,
            flags=proof_flags(hazard, record.school, record.proof.get(r.id, []), record.evidence, record.photos))
        for r in record.rectifications
    ]
    every_photo = record.evidence + [sha for hashes in record.proof.values() for sha in hashes]
    return HazardOut(
        **summary_fields(hazard, record.school, names),  # type: ignore[arg-type]
        interim_controls=hazard.interim_controls,
        closed_by=names.get(hazard.closed_by) if hazard.closed_by else None,
        evidence_photos=record.evidence,
        missing_photos=sorted({sha for sha in every_photo if sha not in record.photos}),
        flags=evidence_flags(hazard, record.school,
                             (record.photos[s] for s in record.evidence if s in record.photos)),
        rectifications=rectifications,
        timeline=[TimelineEntry(seq=e.seq, at=e.at, actor=e.actor, action=e.action,
                                actor_name=names.get(e.actor_id, e.actor) if e.actor_id else e.actor,
                                data=msgspec.json.decode(e.data)) for e in record.timeline],
        orders=orders,
    )


async def detail(session: AsyncSession, user: CurrentUser, hazard_id: uuid.UUID) -> HazardOut:
    record = await load_record(session, user, hazard_id)
    people = [record.hazard.found_by, record.hazard.closed_by]
    people += [uid for r in record.rectifications for uid in (r.submitted_by, r.decided_by)]
    people += [event.actor_id for event in record.timeline]
    return _detail(record, await display_names(session, people), await orders_of(session, hazard_id))
