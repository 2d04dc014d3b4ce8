"""Accountability cases (问责): opened by a bureau with authority over the subject (第二十四条)
from the signals' evidence, then decided with a measure of 第二十条 (or exempted under
第二十二条, eased under 第二十三条) or dropped. Every step is versioned and audited."""

from __future__ import annotations

import uuid

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.accountability import access, evidence
from safecampus.accountability.articles import INCIDENT_TRIGGERS, UNIT_MEASURES
from safecampus.accountability.schemas import (
    CaseIn,
    CaseOut,
    DecisionIn,
    DropIn,
    EvidenceRef,
    Exempted,
    Mitigated,
)
from safecampus.accounts.services import display_names
from safecampus.audit import services as audit
from safecampus.auth.identity import CurrentUser
from safecampus.db import AccountabilityCase, OrgUnit
from safecampus.db.base import utcnow
from safecampus.errors import Conflict, Forbidden, InvalidInput
from safecampus.hazards.rules import today
from safecampus.idempotency import create_once
from safecampus.orgs.scope import ensure_authority_over

Case = AccountabilityCase


async def _one(session: AsyncSession, user: CurrentUser, case_id: uuid.UUID, *,
               for_update: bool = False) -> tuple[Case, OrgUnit, OrgUnit]:
    # The deciding unit holds a case; a decided one is told to its subject.
    return await access.one(session, user, Case, Case.deciding_unit_id, "decided", case_id, "case",
                            for_update=for_update)


async def open_case(session: AsyncSession, user: CurrentUser, case_id: uuid.UUID, data: CaseIn, digest: str) -> bool:
    async def visible(existing: Case) -> None:
        await _one(session, user, existing.id)

    async def create() -> Case:
        access.ensure_bureau_staff(user)
        unit, leader = await access.subject(session, user, data.subject_unit_id, data.subject_leader_id)
        ensure_authority_over(user, unit)
        if data.year > today().year:
            raise InvalidInput("A case is about a year that has begun.", code="invalid_year")
        case = Case(id=case_id, subject_unit_id=unit.id, subject_leader_id=leader.id if leader else None,
                    deciding_unit_id=user.org_unit_id, year=data.year, triggers=sorted(set(data.triggers)),
                    facts=data.facts, evidence=msgspec.to_builtins(await evidence.checked(session, unit, data.evidence)),
                    status="preparing", exemptions=[],
                    mitigations=[], opened_by=user.id, opened_at=utcnow(), version=1, content_hash=digest)
        session.add(case)
        await audit.record(session, user.actor, "case.open", "accountability_case", case_id,
                           {"subject_unit": unit.code, "subject_leader": str(case.subject_leader_id or ""),
                            "year": data.year, "triggers": case.triggers})
        return case

    _, created = await create_once(session, Case, case_id, digest, "case", visible, create)
    return created


def _ensure_decider(user: CurrentUser, case: Case, subject_unit: OrgUnit) -> None:
    """The bureau that opened the case decides it; the bureaus above oversee it (第二十四条(二))
    by reading it, and open their own case where they must act."""
    ensure_authority_over(user, subject_unit)
    if user.org_unit_id != case.deciding_unit_id:
        raise Forbidden("Only the bureau that opened the case decides it.", code="not_deciding_unit")


def _ready(case: Case, base_version: int) -> None:
    if case.version != base_version:
        raise Conflict(f"The case changed since you loaded it (you saw version {base_version}, it is now "
                       f"{case.version}). Reload it and try again.", code="stale_version",
                       details={"version": case.version})
    if case.status != "preparing":
        raise Conflict(f"The case is already {case.status}.", code="case_closed", details={"status": case.status})


def _check_decision(case: Case, data: DecisionIn) -> None:
    if data.exemptions and data.measure:
        raise InvalidInput("An exempted case (第二十二条) carries no measure.", code="exemption_with_measure")
    if not data.exemptions and not data.measure:
        raise InvalidInput("Choose a measure of 第二十条, or give the exemption of 第二十二条 that applies.",
                           code="measure_required")
    if (data.exemptions or data.mitigations) and not INCIDENT_TRIGGERS & set(case.triggers):
        raise InvalidInput("第二十二条 and 第二十三条 apply to incidents in the subject's remit (第十九条(二)(五)).",
                           code="not_an_incident_case")
    if data.measure and case.subject_leader_id is None and data.measure not in UNIT_MEASURES:
        raise InvalidInput("A unit can be criticised in a circular (通报批评); other measures are for people: "
                           "open the case on the leader.", code="measure_for_people")
    if data.decided_on > today():
        raise InvalidInput("The decision date cannot be in the future.", code="invalid_date")
    if len({e.item for e in data.exemptions}) < len(data.exemptions) or \
            len({m.item for m in data.mitigations}) < len(data.mitigations):
        raise InvalidInput("Each item of 第二十二条 or 第二十三条 is given once.", code="duplicate_item")


async def decide(session: AsyncSession, user: CurrentUser, case_id: uuid.UUID, data: DecisionIn) -> None:
    case, subject_unit, _ = await _one(session, user, case_id, for_update=True)
    _ensure_decider(user, case, subject_unit)
    _ready(case, data.base_version)
    _check_decision(case, data)
    case.measure, case.decided_on, case.note = data.measure, data.decided_on, data.note
    case.exemptions, case.mitigations = msgspec.to_builtins(data.exemptions), msgspec.to_builtins(data.mitigations)
    case.status, case.decided_by, case.decided_at = "decided", user.id, utcnow()
    case.version += 1
    await audit.record(session, user.actor, "case.decide", "accountability_case", case.id,
                       {"measure": data.measure, "exemptions": case.exemptions, "mitigations": case.mitigations,
                        "decided_on": data.decided_on.isoformat(), "note": data.note})
    await session.commit()


async def drop(session: AsyncSession, user: CurrentUser, case_id: uuid.UUID, data: DropIn) -> None:
    case, subject_unit, _ = await _one(session, user, case_id, for_update=True)
    _ensure_decider(user, case, subject_unit)
    _ready(case, data.base_version)
    case.status, case.note, case.decided_by, case.decided_at = "dropped", data.reason, user.id, utcnow()
    case.version += 1
    await audit.record(session, user.actor, "case.drop", "accountability_case", case.id, {"reason": data.reason})
    await session.commit()


def may_decide(user: CurrentUser, case: Case) -> bool:
    return case.status == "preparing" and user.role in ("admin", "inspector") and user.org_unit_id == case.deciding_unit_id


async def views(session: AsyncSession, user: CurrentUser, rows: list[tuple[Case, OrgUnit, OrgUnit]]) -> list[CaseOut]:
    names = await display_names(session, [uid for c, _, _ in rows for uid in (c.opened_by, c.decided_by)])
    leaders = await access.leader_refs(session, [c.subject_leader_id for c, _, _ in rows])
    return [CaseOut(
        id=c.id, subject_unit_id=subject.id, subject_unit_name=subject.name,
        subject_leader=leaders.get(c.subject_leader_id) if c.subject_leader_id else None, year=c.year,
        triggers=c.triggers, facts=c.facts, evidence=msgspec.convert(c.evidence, list[EvidenceRef]), status=c.status,
        measure=c.measure, exemptions=msgspec.convert(c.exemptions, list[Exempted]),
        mitigations=msgspec.convert(c.mitigations, list[Mitigated]), decided_on=c.decided_on, note=c.note,
        deciding_unit_id=holder.id, deciding_unit_name=holder.name, opened_by_name=names.get(c.opened_by, ""),
        opened_at=c.opened_at, decided_by_name=names.get(c.decided_by) if c.decided_by else None,
        decided_at=c.decided_at, version=c.version, may_decide=may_decide(user, c))
        for c, subject, holder in rows]


async def read(session: AsyncSession, user: CurrentUser, case_id: uuid.UUID) -> CaseOut:
    [view] = await views(session, user, [await _one(session, user, case_id)])
    return view


async def search(session: AsyncSession, user: CurrentUser, org_unit_id: uuid.UUID | None, year: int | None,
                 status: str | None, page: int, page_size: int) -> tuple[list[CaseOut], int]:
    stmt = access.visible(user, Case, Case.deciding_unit_id, "decided")
    if year:
        stmt = stmt.where(Case.year == year)
    if status:
        stmt = stmt.where(Case.status == status)
    rows, total = await access.page(session, user, stmt, Case, org_unit_id, page, page_size)
    return await views(session, user, rows), total
