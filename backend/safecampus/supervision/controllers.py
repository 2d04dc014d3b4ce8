"""Supervision plans: make one, change it, call it off, list and read them with progress."""

from __future__ import annotations

import uuid

from litestar import Controller, Response, get, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.status_codes import HTTP_200_OK
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus import sheets
from safecampus.auth.identity import CurrentUser
from safecampus.hazards.rules import today
from safecampus.idempotency import content_hash
from safecampus.openapi import created_or_replayed
from safecampus.schemas import year_query
from safecampus.sheets import XLSX, download
from safecampus.supervision import progress, services
from safecampus.supervision.schemas import AssignableInspector, Cancellation, PlanChange, PlanIn, PlanOut

Year = year_query("plans whose window touches this year")


class SupervisionController(Controller):
    path = "/supervision-plans"
    tags = ["supervision"]

    @get("/export.xlsx", operation_id="exportSupervisionPlans", media_type=XLSX,
         summary="The plans, one row per target school, of a unit's subtree (default: the caller's) for a year as xlsx (Chinese headers).")
    async def export(self, db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser],
                     org_unit_id: FromQuery[uuid.UUID | None] = None, year: Year = None) -> Response[bytes]:
        year = year or today().year
        table = await progress.export_table(db_session, current_user, org_unit_id, year)
        return download(await sheets.workbook(table), f"supervision-plans-{year}.xlsx", f"督查计划-{year}.xlsx")

    @get("/", operation_id="listSupervisionPlans",
         summary="Plans of a unit's subtree (default: the caller's), or those the caller is assigned to; "
                 "each with its progress (at most 500, newest window first).")
    async def list_plans(self, db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser],
                         org_unit_id: FromQuery[uuid.UUID | None] = None, year: Year = None,
                         assigned_to_me: FromQuery[bool] = False) -> list[PlanOut]:
        return await progress.listing(db_session, current_user, org_unit_id, year, assigned_to_me)

    @get("/inspectors", operation_id="listAssignableInspectors",
         summary="The active inspectors of the caller's subtree, whom a plan of the caller's unit may assign.")
    async def inspectors(self, db_session: NamedDependency[AsyncSession],
                         current_user: NamedDependency[CurrentUser]) -> list[AssignableInspector]:
        return await progress.assignable(db_session, current_user)

    @get("/{plan_id:uuid}", operation_id="getSupervisionPlan", summary="One plan with each target's progress.")
    async def get_plan(self, plan_id: FromPath[uuid.UUID], db_session: NamedDependency[AsyncSession],
                       current_user: NamedDependency[CurrentUser]) -> PlanOut:
        return await progress.read(db_session, current_user, plan_id)

    @put("/{plan_id:uuid}", operation_id="createSupervisionPlan", responses=created_or_replayed(PlanOut),
         summary="Plan supervision for the caller's unit under the client's id (201 new, 200 replay, 409 conflict).")
    async def create(self, plan_id: FromPath[uuid.UUID], data: JSONBody[PlanIn],
                     db_session: NamedDependency[AsyncSession],
                     current_user: NamedDependency[CurrentUser]) -> Response[PlanOut]:
        created = await services.create(db_session, current_user, plan_id, data, content_hash(data))
        return Response(await progress.read(db_session, current_user, plan_id),
                        status_code=201 if created else 200)

    @patch("/{plan_id:uuid}", operation_id="changeSupervisionPlan",
           summary="Change the title, topic, window, targets or inspectors (the planning unit's staff).")
    async def change(self, plan_id: FromPath[uuid.UUID], data: JSONBody[PlanChange],
                     db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser]) -> PlanOut:
        await services.change(db_session, current_user, plan_id, data)
        return await progress.read(db_session, current_user, plan_id)

    @post("/{plan_id:uuid}/cancellation", operation_id="cancelSupervisionPlan", status_code=HTTP_200_OK,
          summary="Call the plan off, with the reason; targets not yet visited count as missed.")
    async def cancel(self, plan_id: FromPath[uuid.UUID], data: JSONBody[Cancellation],
                     db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser]) -> PlanOut:
        await services.cancel(db_session, current_user, plan_id, data)
        return await progress.read(db_session, current_user, plan_id)
