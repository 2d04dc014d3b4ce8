"""Annual safety reports: read (live or frozen), write the narrative, submit, review, print."""

from __future__ import annotations

import uuid

from litestar import Controller, MediaType, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.status_codes import HTTP_200_OK
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import CurrentUser
from safecampus.hazards.rules import today
from safecampus.photos.storage import PhotoStore
from safecampus.reports import printing, services
from safecampus.reports.schemas import AnnualReportOut, DraftIn, ReportOverview, ReviewIn, SubmitIn
from safecampus.schemas import year_query

Year = year_query("calendar year (default: this one)")


class AnnualReportController(Controller):
    path = "/annual-reports"
    tags = ["annual reports"]

    @get("/", operation_id="listAnnualReports",
         summary="Which units under a unit (default: the caller's) reported for a year, and when.")
    async def overview(self, db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser],
                       org_unit_id: FromQuery[uuid.UUID | None] = None, year: Year = None) -> ReportOverview:
        return await services.overview(db_session, current_user, org_unit_id, year or today().year)

    @get("/{org_unit_id:uuid}/{year:int}", operation_id="getAnnualReport",
         summary="A unit's report for a year: live figures while a draft, the frozen snapshot once submitted.")
    async def read(self, org_unit_id: FromPath[uuid.UUID], year: FromPath[int],
                   db_session: NamedDependency[AsyncSession],
                   current_user: NamedDependency[CurrentUser]) -> AnnualReportOut:
        return await services.read(db_session, current_user, org_unit_id, year)

    @put("/{org_unit_id:uuid}/{year:int}", operation_id="saveAnnualReport",
         summary="Write the unit's own narrative (the unit's staff, while a draft or returned).")
    async def save(self, org_unit_id: FromPath[uuid.UUID], year: FromPath[int], data: JSONBody[DraftIn],
                   db_session: NamedDependency[AsyncSession],
                   current_user: NamedDependency[CurrentUser]) -> AnnualReportOut:
        await services.save_draft(db_session, current_user, org_unit_id, year, data)
        return await services.read(db_session, current_user, org_unit_id, year)

    @post("/{org_unit_id:uuid}/{year:int}/submission", operation_id="submitAnnualReport", status_code=HTTP_200_OK,
          summary="Submit to the parent unit's safety committee office; the figures are frozen as they stand.")
    async def submit(self, org_unit_id: FromPath[uuid.UUID], year: FromPath[int], data: JSONBody[SubmitIn],
                     db_session: NamedDependency[AsyncSession],
                     current_user: NamedDependency[CurrentUser]) -> AnnualReportOut:
        await services.submit(db_session, current_user, org_unit_id, year, data)
        return await services.read(db_session, current_user, org_unit_id, year)

    @post("/{org_unit_id:uuid}/{year:int}/review", operation_id="reviewAnnualReport", status_code=HTTP_200_OK,
          summary="The parent unit accepts a submitted report or returns it with comments.")
    async def review(self, org_unit_id: FromPath[uuid.UUID], year: FromPath[int], data: JSONBody[ReviewIn],
                     db_session: NamedDependency[AsyncSession],
                     current_user: NamedDependency[CurrentUser]) -> AnnualReportOut:
        await services.review(db_session, current_user, org_unit_id, year, data)
        return await services.read(db_session, current_user, org_unit_id, year)

    @get("/{org_unit_id:uuid}/{year:int}/print", operation_id="printAnnualReport", media_type=MediaType.HTML,
         summary="The report as a printable Chinese HTML page, evidence photos embedded.")
    async def print_page(self, org_unit_id: FromPath[uuid.UUID], year: FromPath[int],
                         db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser],
                         photo_store: NamedDependency[PhotoStore]) -> str:
        return await printing.render(await services.read(db_session, current_user, org_unit_id, year), photo_store)
