"""Incidents: report one (under the client's id), complete it, judge responsibility, list, read."""

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
from safecampus.incidents import services
from safecampus.incidents.schemas import (
    IncidentIn,
    IncidentOut,
    IncidentPage,
    IncidentUpdate,
    ResponsibilityIn,
)
from safecampus.openapi import created_or_replayed
from safecampus.schemas import PageNumber, PageSize, year_query
from safecampus.sheets import XLSX, download

Year = year_query("only incidents of this calendar year")


class IncidentController(Controller):
    path = "/incidents"
    tags = ["drills and incidents"]

    @get("/export.xlsx", operation_id="exportIncidents", media_type=XLSX,
         summary="The incidents of a unit's subtree (default: the caller's) for a year as xlsx (Chinese headers).")
    async def export(self, db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser],
                     org_unit_id: FromQuery[uuid.UUID | None] = None, year: Year = None) -> Response[bytes]:
        year = year or today().year
        table = await services.export_table(db_session, current_user, org_unit_id, year)
        return download(await sheets.workbook(table), f"incidents-{year}.xlsx", f"事故案件事件-{year}.xlsx")

    @get("/", operation_id="listIncidents",
         summary="The incidents of a unit's subtree (default: the caller's), newest first.")
    async def list_incidents(self, db_session: NamedDependency[AsyncSession],
                             current_user: NamedDependency[CurrentUser], org_unit_id: FromQuery[uuid.UUID | None] = None,
                             year: Year = None, page: PageNumber = 1, page_size: PageSize = 50) -> IncidentPage:
        items, total = await services.search(db_session, current_user, org_unit_id, year, page, page_size)
        return IncidentPage(items=items, total=total, page=page, page_size=page_size)

    @get("/{incident_id:uuid}", operation_id="getIncident", summary="One incident.")
    async def get_incident(self, incident_id: FromPath[uuid.UUID], db_session: NamedDependency[AsyncSession],
                           current_user: NamedDependency[CurrentUser]) -> IncidentOut:
        return await services.read(db_session, current_user, incident_id)

    @put("/{incident_id:uuid}", operation_id="reportIncident", responses=created_or_replayed(IncidentOut),
         summary="Report an incident under the client's id (201 new, 200 replay, 409 same id with other content).")
    async def report(self, incident_id: FromPath[uuid.UUID], data: JSONBody[IncidentIn],
                     db_session: NamedDependency[AsyncSession],
                     current_user: NamedDependency[CurrentUser]) -> Response[IncidentOut]:
        created = await services.report(db_session, current_user, incident_id, data, content_hash(data))
        return Response(await services.read(db_session, current_user, incident_id),
                        status_code=201 if created else 200)

    @patch("/{incident_id:uuid}", operation_id="updateIncident",
           summary="The unit completes its report (handling, follow-up, casualties, losses) as it goes on.")
    async def update(self, incident_id: FromPath[uuid.UUID], data: JSONBody[IncidentUpdate],
                     db_session: NamedDependency[AsyncSession],
                     current_user: NamedDependency[CurrentUser]) -> IncidentOut:
        await services.update(db_session, current_user, incident_id, data)
        return await services.read(db_session, current_user, incident_id)

    @post("/{incident_id:uuid}/responsibility", operation_id="judgeIncident", status_code=HTTP_200_OK,
          summary="A bureau above the unit records whether management was responsible, with its reasons.")
    async def judge(self, incident_id: FromPath[uuid.UUID], data: JSONBody[ResponsibilityIn],
                    db_session: NamedDependency[AsyncSession],
                    current_user: NamedDependency[CurrentUser]) -> IncidentOut:
        await services.judge(db_session, current_user, incident_id, data)
        return await services.read(db_session, current_user, incident_id)
