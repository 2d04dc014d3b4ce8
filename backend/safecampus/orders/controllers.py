"""Supervision orders (督办): issue one, list them over a subtree, read one."""

from __future__ import annotations

import uuid
from typing import Literal

from litestar import Controller, Response, get, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import CurrentUser
from safecampus.idempotency import content_hash
from safecampus.openapi import created_or_replayed
from safecampus.orders import services, views
from safecampus.orders.schemas import OrderIn, OrderOut


class SupervisionOrderController(Controller):
    path = "/supervision-orders"
    tags = ["supervision orders"]

    @get("/", operation_id="listSupervisionOrders",
         summary="Supervision orders over schools of a unit's subtree (default: the caller's), newest first "
                 "(at most 500).")
    async def list_orders(self, db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser],
                          org_unit_id: FromQuery[uuid.UUID | None] = None,
                          status: FromQuery[Literal["open", "closed"] | None] = None) -> list[OrderOut]:
        return await views.listing(db_session, current_user, org_unit_id, status)

    @get("/{order_id:uuid}", operation_id="getSupervisionOrder", summary="One supervision order.")
    async def get_order(self, order_id: FromPath[uuid.UUID], db_session: NamedDependency[AsyncSession],
                        current_user: NamedDependency[CurrentUser]) -> OrderOut:
        return await views.one(db_session, current_user, order_id)

    @put("/{order_id:uuid}", operation_id="issueSupervisionOrder", responses=created_or_replayed(OrderOut),
         summary="A bureau above the school orders an overdue or major hazard fixed (挂牌督办): what, the new "
                 "deadline, who supervises; under the client's id (201 new, 200 replay, 409 conflict).")
    async def issue(self, order_id: FromPath[uuid.UUID], data: JSONBody[OrderIn],
                    db_session: NamedDependency[AsyncSession],
                    current_user: NamedDependency[CurrentUser]) -> Response[OrderOut]:
        _, created = await services.issue(db_session, current_user, order_id, data, content_hash(data))
        return Response(await views.one(db_session, current_user, order_id), status_code=201 if created else 200)

