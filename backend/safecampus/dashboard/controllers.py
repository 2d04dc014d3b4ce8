from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromQuery, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import CurrentUser
from safecampus.dashboard import services
from safecampus.dashboard.schemas import Dashboard


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
