"""Drills: record one (offline-safe, under the client's id), list a unit's, read one."""

from __future__ import annotations

import uuid

from litestar import Controller, Response, get, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus import sheets
from safecampus.auth.identity import CurrentUser
from safecampus.drills import services
from safecampus.drills.schemas import DrillIn, DrillOut, DrillPage
from safecampus.hazards.rules import today
from safecampus.idempotency import content_hash
from safecampus.openapi import created_or_replayed
from safecampus.schemas import PageNumber, PageSize, year_query
from safecampus.sheets import XLSX, download

Year = year_query("only drills held in this calendar year")


class DrillController(Controller):
    path = "/drills"
    tags = ["drills and incidents"]

    @get("/export.xlsx", operation_id="exportDrills", media_type=XLSX,
         summary="The drills of a unit's subtree (default: the caller's) for a year as xlsx (Chinese headers).")
    async def export(self, db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser],
                     org_unit_id: FromQuery[uuid.UUID | None] = None, year: Year = None) -> Response[bytes]:
        year = year or today().year
        table = await services.export_table(db_session, current_user, org_unit_id, year)
        return download(await sheets.workbook(table), f"drills-{year}.xlsx", f"应急演练-{year}.xlsx")

    @get("/", operation_id="listDrills", summary="The drills of a unit's subtree (default: the caller's), newest first.")
    async def list_drills(self, db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser],
                          org_unit_id: FromQuery[uuid.UUID | None] = None, year: Year = None, page: PageNumber = 1,
                          page_size: PageSize = 50) -> DrillPage:
        items, total = await services.search(db_session, current_user, org_unit_id, year, page, page_size)
        return DrillPage(items=items, total=total, page=page, page_size=page_size)

    @get("/{drill_id:uuid}", operation_id="getDrill", summary="One drill with its photos.")
    async def get_drill(self, drill_id: FromPath[uuid.UUID], db_session: NamedDependency[AsyncSession],
                        current_user: NamedDependency[CurrentUser]) -> DrillOut:
        return await services.read(db_session, current_user, drill_id)

    @put("/{drill_id:uuid}", operation_id="recordDrill", responses=created_or_replayed(DrillOut),
         summary="Record a drill under the client's id (201 new, 200 replay, 409 same id with other content).")
    async def record(self, drill_id: FromPath[uuid.UUID], data: JSONBody[DrillIn],
                     db_session: NamedDependency[AsyncSession],
                     current_user: NamedDependency[CurrentUser]) -> Response[DrillOut]:
        created = await services.record(db_session, current_user, drill_id, data, content_hash(data))
        return Response(await services.read(db_session, current_user, drill_id), status_code=201 if created else 200)
