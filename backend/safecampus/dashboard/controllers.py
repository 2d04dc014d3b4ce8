from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromQuery, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import CurrentUser
from safecampus.dashboard import mapping, services
from safecampus.dashboard.schemas import Dashboard, HazardMap
from safecampus.settings import Settings


class DashboardController(Controller):
    path = "/dashboard"
    tags = ["dashboard"]

    @get("/", operation_id="getDashboard",
         summary="The figures of a unit's subtree (default: the caller's unit) for a period of Shanghai days "
                 "(default: the last 90): open, overdue, found, closed, rates, by unit, category, section, week.")
    async def dashboard(self, db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser],
                        org_unit_id: FromQuery[uuid.UUID | None] = None,
                        period_from: Annotated[date | None, QueryParameter(name="from")] = None,
                        period_to: Annotated[date | None, QueryParameter(name="to")] = None) -> Dashboard:
        return await services.dashboard(db_session, current_user, org_unit_id,
                                        services.period(period_from, period_to))

    @get("/map", operation_id="getHazardMap",
         summary="The open hazards of a unit's subtree with a place (their geotag, the inspection's or the "
                 "campus), the unit's children to label the map, and the configured map tiles, if any.")
    async def hazard_map(self, db_session: NamedDependency[AsyncSession],
                         current_user: NamedDependency[CurrentUser], settings: NamedDependency[Settings],
                         org_unit_id: FromQuery[uuid.UUID | None] = None) -> HazardMap:
        return await mapping.hazard_map(db_session, current_user, org_unit_id, settings)
