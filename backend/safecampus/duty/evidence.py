"""Evidence that an item was carried out: a record of the unit's subtree (inspection, closed
hazard, annual report, drill, incident), a photo, or a note. A referenced record must lie in
the list's unit or below it: a list never borrows another unit's work."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.audit import services as audit
from safecampus.auth.identity import CurrentUser
from safecampus.db import (
    AnnualReport,
    Drill,
    DutyEvidence,
    DutyItem,
    Hazard,
    Incident,
    Inspection,
    OrgUnit,
    PhotoHolder,
)
from safecampus.duty import lists, rules
from safecampus.duty.schemas import Candidate, EvidenceIn
from safecampus.errors import InvalidInput, NotFound
from safecampus.hazards.rules import SHANGHAI, shanghai_date
from safecampus.idempotency import create_once
from safecampus.inspections.notice import KIND_NAMES
from safecampus.orgs.scope import within
from safecampus.reports.printing import DRILL_NAMES, INCIDENT_CATEGORIES

RECENT = 30  # candidates offered per kind
Labeller = Callable[[AsyncSession, uuid.UUID, str], Awaitable[tuple[str, date] | None]]


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[:length - 1] + "…"


async def _find(session: AsyncSession, model: Any, unit_column: Any, ref_id: uuid.UUID,
                path: str) -> Row[Any] | None:
    """The record with its unit's name, if it lies in the subtree at ``path``."""
    return (await session.execute(select(model, OrgUnit.name).join(OrgUnit, OrgUnit.id == unit_column)
                                  .where(model.id == ref_id, within(path)))).one_or_none()


async def _inspection(session: AsyncSession, ref_id: uuid.UUID, path: str) -> tuple[str, date] | None:
    row = await _find(session, Inspection, Inspection.school_id, ref_id, path)
    if row is None:
        return None
    on = shanghai_date(row[0].finished_at)
    return f"{KIND_NAMES.get(row[0].kind, row[0].kind)} {on} · {row[1]}", on


async def _hazard(session: AsyncSession, ref_id: uuid.UUID, path: str) -> tuple[str, date] | None:
    row = await _find(session, Hazard, Hazard.school_id, ref_id, path)
    if row is None:
        return None
    if row[0].status != "closed" or row[0].closed_at is None:
        raise InvalidInput("Only a closed hazard (销号) shows a duty carried out.", code="hazard_not_closed")
    on = shanghai_date(row[0].closed_at)
    return f"已销号隐患 {on}：{_short(row[0].description)} · {row[1]}", on


async def _annual_report(session: AsyncSession, ref_id: uuid.UUID, path: str) -> tuple[str, date] | None:
    row = await _find(session, AnnualReport, AnnualReport.org_unit_id, ref_id, path)
    if row is None:
        return None
    return f"{row[0].year}年度安全工作报告 · {row[1]}", shanghai_date(row[0].updated_at)


async def _drill(session: AsyncSession, ref_id: uuid.UUID, path: str) -> tuple[str, date] | None:
    row = await _find(session, Drill, Drill.org_unit_id, ref_id, path)
    if row is None:
        return None
    drill = row[0]
    return f"{DRILL_NAMES.get(drill.kind, drill.kind)}演练 {drill.held_on}，{drill.participants}人 · {row[1]}", drill.held_on


async def _incident(session: AsyncSession, ref_id: uuid.UUID, path: str) -> tuple[str, date] | None:
    row = await _find(session, Incident, Incident.org_unit_id, ref_id, path)
    if row is None:
        return None
    on = shanghai_date(row[0].occurred_at)
    return (f"{INCIDENT_CATEGORIES.get(row[0].category, row[0].category)} {on}：{_short(row[0].description)} · {row[1]}",
            on)


LABELLERS: dict[str, Labeller] = {"inspection": _inspection, "hazard": _hazard, "annual_report": _annual_report,
                                  "drill": _drill, "incident": _incident}


async def _label(session: AsyncSession, data: EvidenceIn, unit: OrgUnit) -> str:
    if data.kind == "photo":
        if data.photo is None or data.ref_id is not None:
            raise InvalidInput("Photo evidence names the photo's hash and nothing else.", code="invalid_evidence")
        return "照片" + (f"：{_short(data.note)}" if data.note else "")
    if data.kind == "note":
        if not data.note or not data.note.strip() or data.ref_id or data.photo:
            raise InvalidInput("A note as evidence needs its text and no record or photo.", code="invalid_evidence")
        return f"说明：{_short(data.note)}"
    if data.ref_id is None or data.photo is not None:
        raise InvalidInput(f"Evidence of kind {data.kind!r} names the record's id (ref_id).", code="invalid_evidence")
    found = await LABELLERS[data.kind](session, data.ref_id, unit.path)
    if found is None:
        raise InvalidInput(f"No {data.kind} {data.ref_id} at {unit.name} or below: evidence must be the unit's own.",
                           code="evidence_out_of_scope")
    return found[0]


async def attach(session: AsyncSession, user: CurrentUser, list_id: uuid.UUID, item_id: uuid.UUID,
                 evidence_id: uuid.UUID, data: EvidenceIn, digest: str) -> bool:
    duty_list, unit, leader = await lists.load(session, user, list_id)
    item = await session.get(DutyItem, item_id)
    if item is None or item.list_id != duty_list.id:
        raise NotFound("No such item on this list.", code="duty_item_not_found")

    async def visible(existing: DutyEvidence) -> None:
        if existing.item_id != item_id:
            raise NotFound("No such evidence on this item.", code="duty_evidence_not_found")

    async def create() -> DutyEvidence:
        rules.ensure_progress_reporter(user, unit, leader)
        evidence = DutyEvidence(id=evidence_id, item_id=item.id, kind=data.kind, ref_id=data.ref_id,
                                photo_sha256=data.photo, label=await _label(session, data, unit), note=data.note,
                                added_by=user.id, content_hash=digest)
        session.add(evidence)
        await audit.record(session, user.actor, "duty_evidence.attach", "duty_evidence", evidence_id,
                           {"list": str(list_id), "item": str(item_id), "kind": data.kind,
                            "ref": str(data.ref_id or data.photo or "")})
        return evidence

    _, created = await create_once(session, DutyEvidence, evidence_id, digest, "evidence", visible, create)
    return created


async def photo_of(session: AsyncSession, user: CurrentUser, list_id: uuid.UUID, evidence_id: uuid.UUID) -> str:
    """The hash of a photo attached to a list in scope, once whoever attached it has sent it."""
    duty_list, _, _ = await lists.load(session, user, list_id)
    sha = await session.scalar(
        select(DutyEvidence.photo_sha256).join(DutyItem, DutyItem.id == DutyEvidence.item_id)
        .join(PhotoHolder, (PhotoHolder.sha256 == DutyEvidence.photo_sha256)
              & (PhotoHolder.user_id == DutyEvidence.added_by))
        .where(DutyEvidence.id == evidence_id, DutyItem.list_id == duty_list.id))
    if sha is None:
        raise NotFound("No such photo on this list (or it has not arrived yet).", code="photo_not_found")
    return sha


async def candidates(session: AsyncSession, user: CurrentUser, list_id: uuid.UUID) -> list[Candidate]:
    """The unit's records of the list's year that may be attached, the most recent of each kind."""
    duty_list, unit, _ = await lists.load(session, user, list_id)
    year = duty_list.year
    first = datetime(year, 1, 1, tzinfo=SHANGHAI)
    after = datetime(year + 1, 1, 1, tzinfo=SHANGHAI)
    queries = {
        "inspection": select(Inspection.id).join(OrgUnit, OrgUnit.id == Inspection.school_id)
        .where(Inspection.finished_at >= first, Inspection.finished_at < after).order_by(Inspection.finished_at.desc()),
        "hazard": select(Hazard.id).join(OrgUnit, OrgUnit.id == Hazard.school_id)
        .where(Hazard.status == "closed", Hazard.closed_at >= first, Hazard.closed_at < after)
        .order_by(Hazard.closed_at.desc()),
        "drill": select(Drill.id).join(OrgUnit, OrgUnit.id == Drill.org_unit_id)
        .where(Drill.held_on.between(date(year, 1, 1), date(year, 12, 31))).order_by(Drill.held_on.desc()),
        "incident": select(Incident.id).join(OrgUnit, OrgUnit.id == Incident.org_unit_id)
        .where(Incident.occurred_at >= first, Incident.occurred_at < after).order_by(Incident.occurred_at.desc()),
        # The report on the year before is written early in this one.
        "annual_report": select(AnnualReport.id).join(OrgUnit, OrgUnit.id == AnnualReport.org_unit_id)
        .where(AnnualReport.year.in_((year - 1, year))).order_by(AnnualReport.year.desc()),
    }
    found = []
    for kind, query in queries.items():
        for ref_id in (await session.execute(query.where(within(unit.path)).limit(RECENT))).scalars():
            labelled = await LABELLERS[kind](session, ref_id, unit.path)
            if labelled is not None:
                found.append(Candidate(kind=kind, ref_id=ref_id, label=labelled[0], on=labelled[1]))
    return found
