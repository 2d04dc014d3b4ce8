"""Reading supervision orders: over a unit's subtree, or on one hazard."""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from safecampus.accounts.services import display_names
from safecampus.auth.identity import CurrentUser
from safecampus.db import Hazard, OrgUnit, SupervisionOrder
from safecampus.errors import NotFound
from safecampus.hazards.rules import today
from safecampus.orders.schemas import OrderOut
from safecampus.orgs.scope import unit_in_scope, within

LIMIT = 500


async def _orders(session: AsyncSession, *conditions: ColumnElement[bool]) -> list[OrderOut]:
    issuer = aliased(OrgUnit)
    rows = (await session.execute(
        select(SupervisionOrder, Hazard, OrgUnit, issuer)
        .join(Hazard, Hazard.id == SupervisionOrder.hazard_id)
        .join(OrgUnit, OrgUnit.id == SupervisionOrder.school_id)
        .join(issuer, issuer.id == SupervisionOrder.issuer_unit_id)
        .where(*conditions).order_by(SupervisionOrder.issued_at.desc(), SupervisionOrder.id).limit(LIMIT))).all()
    names = await display_names(session, (o.issued_by for o, *_ in rows))
    on = today()
    return [OrderOut(id=o.id, hazard_id=h.id, hazard_description=h.description, hazard_grade=h.grade,
                     school_id=s.id, school_name=s.name, issuer_unit_id=i.id, issuer_name=i.name,
                     issued_by=names.get(o.issued_by, ""), issued_at=o.issued_at, requirement=o.requirement,
                     due_on=o.due_on, supervisor=o.supervisor, status=o.status,
                     overdue=o.status == "open" and on > o.due_on, closed_at=o.closed_at)
            for o, h, s, i in rows]


async def listing(session: AsyncSession, user: CurrentUser, org_unit_id: uuid.UUID | None,
                  status: str | None) -> list[OrderOut]:
    root = await unit_in_scope(session, user.org_path, org_unit_id or user.org_unit_id)
    conditions = [within(root.path)]
    if status:
        conditions.append(SupervisionOrder.status == status)
    return await _orders(session, *conditions)


async def for_hazard(session: AsyncSession, hazard_id: uuid.UUID) -> list[OrderOut]:
    """The hazard's orders (the caller already reads the hazard in scope)."""
    return await _orders(session, SupervisionOrder.hazard_id == hazard_id)


async def one(session: AsyncSession, user: CurrentUser, order_id: uuid.UUID) -> OrderOut:
    orders = await _orders(session, SupervisionOrder.id == order_id, within(user.org_path))
    if not orders:
        raise NotFound("No such supervision order in your scope.", code="order_not_found")
    return orders[0]
