"""Leaders of the units in scope: list, read, set."""

from __future__ import annotations

import uuid

from litestar import Controller, Response, get, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import CurrentUser
from safecampus.leaders import services
from safecampus.leaders.schemas import LeaderIn, LeaderOut
from safecampus.openapi import created_or_replayed


class LeaderController(Controller):
    path = "/leaders"
    tags = ["responsibility"]

    @get("/", operation_id="listLeaders",
         summary="The leaders of a unit's subtree (default: the caller's unit), by unit and duty role.")
    async def list_leaders(self, db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser],
                           org_unit_id: FromQuery[uuid.UUID | None] = None,
                           include_inactive: FromQuery[bool] = False) -> list[LeaderOut]:
        return await services.listing(db_session, current_user, org_unit_id, include_inactive)

    @get("/{leader_id:uuid}", operation_id="getLeader", summary="One leader.")
    async def get_leader(self, leader_id: FromPath[uuid.UUID], db_session: NamedDependency[AsyncSession],
                         current_user: NamedDependency[CurrentUser]) -> LeaderOut:
        return await services.read(db_session, current_user, leader_id)

    @put("/{leader_id:uuid}", operation_id="setLeader", responses=created_or_replayed(LeaderOut),
         summary="Record a leader or change one (the unit's principal or an admin in scope); 201 when new.")
    async def set_leader(self, leader_id: FromPath[uuid.UUID], data: JSONBody[LeaderIn],
                         db_session: NamedDependency[AsyncSession],
                         current_user: NamedDependency[CurrentUser]) -> Response[LeaderOut]:
        created = await services.put(db_session, current_user, leader_id, data)
        return Response(await services.read(db_session, current_user, leader_id), status_code=201 if created else 200)
