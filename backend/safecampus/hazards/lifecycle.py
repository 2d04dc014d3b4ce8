"""The closed loop after registration: acknowledge, submit proof, verify (accept or reject).
Every step checks the state machine, the version the client saw, the role, and the
two-person rule, and is audited with the hazard as its entity (the timeline)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.audit import services as audit
from safecampus.auth.identity import SCHOOL_ROLES, CurrentUser
from safecampus.db import Hazard, HazardPhoto, Rectification
from safecampus.db.base import utcnow
from safecampus.errors import Conflict, Forbidden, InvalidInput, check_version
from safecampus.hazards.access import hazard_in_scope
from safecampus.hazards.registry import check_due_on
from safecampus.hazards.rules import transition, verifier_roles
from safecampus.hazards.schemas import AcknowledgeIn, DeadlineIn, RectificationIn, VerificationIn
from safecampus.idempotency import ensure_same
from safecampus.notices import services as notices
from safecampus.orders.services import close_with_hazard
from safecampus.photos.holding import not_held, unique_photos
from safecampus.schemas import check_yuan


def _check_version(hazard: Hazard, base_version: int) -> None:
    check_version("hazard", hazard.version, base_version, hazard.status)


def _ensure_school_staff(user: CurrentUser) -> None:
    if user.role not in SCHOOL_ROLES:
        raise Forbidden("Only the school's own staff (principal or safety officer) rectify its hazards.")


async def acknowledge(session: AsyncSession, user: CurrentUser, hazard_id: uuid.UUID, data: AcknowledgeIn) -> Hazard:
    hazard, _ = await hazard_in_scope(session, user, hazard_id, for_update=True)
    _ensure_school_staff(user)
    if hazard.acknowledged_by == user.id and hazard.version == data.base_version + 1:
        return hazard  # the same acknowledgement again (a retry from the outbox)
    _check_version(hazard, data.base_version)
    hazard.status = transition(hazard.status, "acknowledge")
    hazard.version += 1
    hazard.acknowledged_by = user.id
    if data.responsible_person:
        hazard.responsible_person = data.responsible_person
    if data.interim_controls:
        hazard.interim_controls = data.interim_controls
    await audit.record(session, user.actor, "hazard.acknowledge", "hazard", hazard.id, {
        "responsible_person": hazard.responsible_person, "interim_controls": data.interim_controls})
    await session.commit()
    return hazard


async def submit_proof(session: AsyncSession, user: CurrentUser, hazard_id: uuid.UUID, rectification_id: uuid.UUID,
                       data: RectificationIn, digest: str) -> tuple[Rectification, bool]:
    hazard, school = await hazard_in_scope(session, user, hazard_id, for_update=True)
    existing = await session.get(Rectification, rectification_id)
    if existing is not None:
        if existing.hazard_id != hazard.id:
            raise Conflict("This rectification id belongs to another hazard.", code="id_conflict")
        ensure_same(existing.content_hash, digest, "rectification")
        return existing, False
    _ensure_school_staff(user)
    _check_version(hazard, data.base_version)
    target = transition(hazard.status, "submit_proof")
    unique_photos(data.photos)
    check_yuan(data.cost_yuan, "cost_yuan", code="invalid_cost")
    if hazard.grade == "major" and not (data.interim_controls or hazard.interim_controls):
        raise InvalidInput("A major hazard needs its interim controls (cordon, signage, suspension of use) "
                           "recorded before proof is submitted.", code="interim_controls_required")
    rectification = Rectification(id=rectification_id, hazard_id=hazard.id, submitted_by=user.id,
                                  submitted_at=utcnow(), measures=data.measures,
                                  interim_controls=data.interim_controls, cost_yuan=data.cost_yuan,
                                  content_hash=digest)
    session.add(rectification)
    try:
        await session.flush()
    except IntegrityError:
        await session.rollback()
        raise Conflict("This rectification id is already used by another record.", code="id_conflict") from None
    session.add_all(HazardPhoto(hazard_id=hazard.id, rectification_id=rectification_id, role="proof", position=i,
                                sha256=sha) for i, sha in enumerate(data.photos))
    if data.interim_controls:
        hazard.interim_controls = data.interim_controls
    hazard.status, hazard.version = target, hazard.version + 1
    await audit.record(session, user.actor, "hazard.submit_proof", "hazard", hazard.id, {
        "rectification_id": str(rectification_id), "measures": data.measures, "photos": list(data.photos),
        "interim_controls": data.interim_controls, "cost_yuan": str(data.cost_yuan) if data.cost_yuan else None})
    await notices.proof_submitted(session, hazard, school, rectification_id, user.id)
    await session.commit()
    return rectification, True


async def reschedule(session: AsyncSession, user: CurrentUser, hazard_id: uuid.UUID, data: DeadlineIn) -> Hazard:
    """The issuer (or an inspector or admin over the school) moves the deadline, saying why."""
    hazard, _ = await hazard_in_scope(session, user, hazard_id, for_update=True)
    if user.id != hazard.found_by and user.role not in ("inspector", "admin"):
        raise Forbidden("The deadline is set by whoever recorded the hazard, or by an inspector.",
                        code="not_the_issuer")
    _check_version(hazard, data.base_version)
    if hazard.status == "closed":
        raise Conflict("A closed hazard has no deadline to move.", code="invalid_transition",
                       details={"status": hazard.status, "allowed": []})
    check_due_on(hazard.found_at, data.due_on)
    previous, hazard.due_on, hazard.version = hazard.due_on, data.due_on, hazard.version + 1
    await audit.record(session, user.actor, "hazard.reschedule", "hazard", hazard.id, {
        "from": previous.isoformat(), "to": data.due_on.isoformat(), "reason": data.reason})
    await session.commit()
    return hazard


async def pending_rectification(session: AsyncSession, hazard_id: uuid.UUID) -> Rectification | None:
    return (await session.execute(
        select(Rectification).where(Rectification.hazard_id == hazard_id)
        .order_by(Rectification.submitted_at.desc()).limit(1))).scalar_one_or_none()


async def verify(session: AsyncSession, user: CurrentUser, hazard_id: uuid.UUID, data: VerificationIn) -> Hazard:
    hazard, school = await hazard_in_scope(session, user, hazard_id, for_update=True)
    latest = await pending_rectification(session, hazard.id)
    if _is_replay(hazard, latest, user, data):
        return hazard  # the same decision sent again (a retry from the outbox)
    if user.role not in verifier_roles(hazard.grade):
        raise Forbidden(f"A {hazard.grade} hazard is verified by: {', '.join(verifier_roles(hazard.grade))}.",
                        code="not_a_verifier")
    _check_version(hazard, data.base_version)
    action = "accept" if data.decision == "accept" else "reject"
    target = transition(hazard.status, action)
    assert latest is not None  # a submitted hazard always has its proof
    if latest.submitted_by == user.id:
        raise Forbidden("Close-out needs two people: whoever submitted the proof cannot verify it.",
                        code="same_person")
    if action == "accept":
        proof = (await session.execute(select(HazardPhoto.sha256).where(
            HazardPhoto.rectification_id == latest.id))).scalars().all()
        if missing := await not_held(session, proof, latest.submitted_by):
            raise Conflict("The proof's photos have not all arrived yet; a hazard closes only on proof that can "
                           "be seen (实销号).", code="proof_photos_missing", details={"missing_photos": missing})
    if action == "reject" and not data.reason:
        raise InvalidInput("Say why the proof is rejected: the school needs the reason to fix it.",
                           code="reason_required")
    now = utcnow()
    latest.decision = "accepted" if action == "accept" else "rejected"
    latest.decided_by, latest.decided_at, latest.reason = user.id, now, data.reason
    hazard.status, hazard.version = target, hazard.version + 1
    if action == "accept":
        hazard.closed_at, hazard.closed_by = now, user.id
    await audit.record(session, user.actor, f"hazard.{action}", "hazard", hazard.id, {
        "rectification_id": str(latest.id), "reason": data.reason})
    if action == "accept":
        await close_with_hazard(session, hazard, now)
    await notices.proof_decided(session, hazard, school, latest.id, user.id, action == "accept", data.reason)
    await session.commit()
    return hazard


def _is_replay(hazard: Hazard, latest: Rectification | None, user: CurrentUser, data: VerificationIn) -> bool:
    decided = "accepted" if data.decision == "accept" else "rejected"
    return (latest is not None and latest.decided_by == user.id and latest.decision == decided
            and hazard.version == data.base_version + 1 and latest.reason == data.reason)
