"""Issuing supervision orders (督办): a county bureau over its own schools, the city over
any school; only for a hazard that is overdue or major and still open. An order closes
when its hazard closes."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.audit import services as audit
from safecampus.auth.identity import CurrentUser
from safecampus.db import Hazard, OrgUnit, SupervisionOrder
from safecampus.db.base import utcnow
from safecampus.errors import Conflict, InvalidInput
from safecampus.hazards.access import hazard_in_scope
from safecampus.hazards.rules import is_overdue, today
from safecampus.idempotency import create_once
from safecampus.notices import rules as notice_rules
from safecampus.notices.services import Subject, tell
from safecampus.orders.schemas import OrderIn
from safecampus.orgs.scope import ensure_authority_over

MAX_AHEAD = timedelta(days=366)


def _check(hazard: Hazard, data: OrderIn) -> None:
    if hazard.status == "closed":
        raise InvalidInput("This hazard is closed; there is nothing left to supervise.", code="hazard_closed")
    if not (hazard.grade == "major" or is_overdue(hazard.status, hazard.due_on)):
        raise InvalidInput("A supervision order is issued for an overdue or a major hazard.",
                           code="not_supervisable")
    if not today() <= data.due_on <= today() + MAX_AHEAD:
        raise InvalidInput(f"The new deadline must lie between today and {MAX_AHEAD.days} days ahead.",
                           code="invalid_due_on")


def _text(data: OrderIn, issuer: str) -> str:
    return f"{issuer}挂牌督办：{data.requirement}\n新的整改期限 {data.due_on}，督办人：{data.supervisor}。"


async def issue(session: AsyncSession, user: CurrentUser, order_id: uuid.UUID, data: OrderIn,
                digest: str) -> tuple[SupervisionOrder, bool]:
    hazard, school = await hazard_in_scope(session, user, data.hazard_id, for_update=True)

    async def visible(order: SupervisionOrder) -> None:
        await hazard_in_scope(session, user, order.hazard_id)

    async def create() -> SupervisionOrder:
        ensure_authority_over(user, school)
        _check(hazard, data)
        issuer = await session.get_one(OrgUnit, user.org_unit_id)
        if await session.scalar(select(SupervisionOrder.id).where(
                SupervisionOrder.hazard_id == hazard.id, SupervisionOrder.issuer_unit_id == issuer.id,
                SupervisionOrder.status == "open")):
            raise Conflict("Your unit already supervises this hazard with an open order.", code="order_exists")
        order = SupervisionOrder(id=order_id, hazard_id=hazard.id, school_id=school.id, issuer_unit_id=issuer.id,
                                 issued_by=user.id, issued_at=utcnow(), requirement=data.requirement,
                                 due_on=data.due_on, supervisor=data.supervisor, status="open", version=1,
                                 content_hash=digest)
        session.add(order)
        if hazard.due_on != data.due_on:  # the order sets the deadline that reminders and "overdue" follow
            await audit.record(session, user.actor, "hazard.reschedule", "hazard", hazard.id, {
                "from": hazard.due_on.isoformat(), "to": data.due_on.isoformat(), "reason": f"挂牌督办：{data.requirement}"})
            hazard.due_on, hazard.version = data.due_on, hazard.version + 1
        await audit.record(session, user.actor, "order.issue", "supervision_order", order_id, {
            "hazard_id": str(hazard.id), "school_id": str(school.id), "requirement": data.requirement,
            "due_on": data.due_on.isoformat(), "supervisor": data.supervisor})
        await tell(session, Subject("order", order_id, hazard, school), notice_rules.on_order(),
                   actor_id=user.id, order=_text(data, issuer.name))
        return order

    return await create_once(session, SupervisionOrder, order_id, digest, "supervision order", visible, create)


async def close_with_hazard(session: AsyncSession, hazard: Hazard, now: datetime) -> None:
    """In the transaction that closes the hazard (whose audit event covers this)."""
    await session.execute(update(SupervisionOrder).where(
        SupervisionOrder.hazard_id == hazard.id, SupervisionOrder.status == "open")
        .values(status="closed", closed_at=now, version=SupervisionOrder.version + 1))

