"""Commendations (表彰, 第十七条, 第十八条): the committee office of a bureau proposes one with
its grounds and evidence; an admin of that bureau or of one above approves or rejects it,
never the proposer. 第二十一条 bars approving one for a subject held accountable that year."""

from __future__ import annotations

import uuid

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.accountability import access, evidence
from safecampus.accountability.ratings import held_accountable
from safecampus.accountability.schemas import CommendationIn, CommendationOut, EvidenceRef, ReviewIn
from safecampus.accounts.services import display_names
from safecampus.audit import services as audit
from safecampus.auth.identity import CurrentUser
from safecampus.db import AccountabilityCase, Commendation, OrgUnit
from safecampus.db.base import utcnow
from safecampus.errors import Conflict, Forbidden, InvalidInput
from safecampus.hazards.rules import today
from safecampus.idempotency import create_once
from safecampus.orgs.scope import ensure_authority_over


async def _one(session: AsyncSession, user: CurrentUser, commendation_id: uuid.UUID, *,
               for_update: bool = False) -> tuple[Commendation, OrgUnit, OrgUnit]:
    return await access.one(session, user, Commendation, Commendation.proposing_unit_id, "approved",
                            commendation_id, "commendation", for_update=for_update)


async def propose(session: AsyncSession, user: CurrentUser, commendation_id: uuid.UUID, data: CommendationIn,
                  digest: str) -> bool:
    async def visible(existing: Commendation) -> None:
        await _one(session, user, existing.id)

    async def create() -> Commendation:
        access.ensure_bureau_staff(user)
        unit, leader = await access.subject(session, user, data.subject_unit_id, data.subject_leader_id)
        ensure_authority_over(user, unit)  # 第二十四条: judged from above, never by itself
        if data.year > today().year:
            raise InvalidInput("A commendation is for a year that has begun.", code="invalid_year")
        commendation = Commendation(
            id=commendation_id, subject_unit_id=unit.id, subject_leader_id=leader.id if leader else None,
            proposing_unit_id=user.org_unit_id, year=data.year, grounds=sorted(set(data.grounds)), facts=data.facts,
            evidence=msgspec.to_builtins(await evidence.checked(session, unit, data.evidence)), status="proposed",
            proposed_by=user.id, proposed_at=utcnow(), version=1, content_hash=digest)
        session.add(commendation)
        await audit.record(session, user.actor, "commendation.propose", "commendation", commendation_id,
                           {"subject_unit": unit.code, "subject_leader": str(commendation.subject_leader_id or ""),
                            "year": data.year, "grounds": commendation.grounds})
        return commendation

    _, created = await create_once(session, Commendation, commendation_id, digest, "commendation", visible, create)
    return created


def may_review(user: CurrentUser, commendation: Commendation, proposing: OrgUnit, *, any_status: bool = False) -> bool:
    return ((any_status or commendation.status == "proposed") and user.role == "admin"
            and user.id != commendation.proposed_by and proposing.path.startswith(user.org_path))


async def review(session: AsyncSession, user: CurrentUser, commendation_id: uuid.UUID, data: ReviewIn) -> None:
    commendation, subject, proposing = await _one(session, user, commendation_id, for_update=True)
    refusal = Forbidden("An admin of the proposing bureau or one above reviews a proposed commendation, "
                        "never its proposer.", code="forbidden")
    if not may_review(user, commendation, proposing, any_status=True):  # who may, before anything else
        raise refusal
    if commendation.version != data.base_version:
        raise Conflict(f"The commendation changed since you loaded it (it is now version {commendation.version}).",
                       code="stale_version", details={"version": commendation.version})
    if not may_review(user, commendation, proposing):
        raise refusal
    if data.decision == "approve":
        by_unit, by_leader = await held_accountable(session, commendation.year, subject)
        cases = by_leader.get(commendation.subject_leader_id, []) if commendation.subject_leader_id \
            else by_unit.get(subject.id, [])
        if cases:  # the cases themselves only to a reviewer who may see them
            shown = await access.visible_ids(session, user, AccountabilityCase, AccountabilityCase.deciding_unit_id,
                                             "decided", set(cases))
            raise Conflict("第二十一条: the subject was held accountable this year and may not be commended.",
                           code="ineligible", details={"case_ids": [str(c) for c in cases if c in shown]})
    commendation.status = "approved" if data.decision == "approve" else "rejected"
    commendation.reviewed_by, commendation.reviewed_at, commendation.review_note = user.id, utcnow(), data.note
    commendation.version += 1
    await audit.record(session, user.actor, f"commendation.{data.decision}", "commendation", commendation.id,
                       {"note": data.note})
    await session.commit()


async def views(session: AsyncSession, user: CurrentUser,
                rows: list[tuple[Commendation, OrgUnit, OrgUnit]]) -> list[CommendationOut]:
    names = await display_names(session, [uid for c, _, _ in rows for uid in (c.proposed_by, c.reviewed_by)])
    leaders = await access.leader_refs(session, [c.subject_leader_id for c, _, _ in rows])
    return [CommendationOut(
        id=c.id, subject_unit_id=subject.id, subject_unit_name=subject.name,
        subject_leader=leaders.get(c.subject_leader_id) if c.subject_leader_id else None, year=c.year,
        grounds=c.grounds, facts=c.facts, evidence=msgspec.convert(c.evidence, list[EvidenceRef]), status=c.status,
        proposing_unit_id=proposing.id, proposing_unit_name=proposing.name,
        proposed_by_name=names.get(c.proposed_by, ""), proposed_at=c.proposed_at,
        reviewed_by_name=names.get(c.reviewed_by) if c.reviewed_by else None, reviewed_at=c.reviewed_at,
        review_note=c.review_note, version=c.version, may_review=may_review(user, c, proposing))
        for c, subject, proposing in rows]


async def read(session: AsyncSession, user: CurrentUser, commendation_id: uuid.UUID) -> CommendationOut:
    [view] = await views(session, user, [await _one(session, user, commendation_id)])
    return view


async def search(session: AsyncSession, user: CurrentUser, org_unit_id: uuid.UUID | None, year: int | None,
                 page: int, page_size: int) -> tuple[list[CommendationOut], int]:
    stmt = access.visible(user, Commendation, Commendation.proposing_unit_id, "approved")
    if year:
        stmt = stmt.where(Commendation.year == year)
    rows, total = await access.page(session, user, stmt, Commendation, org_unit_id, page, page_size)
    return await views(session, user, rows), total
