"""Responsibility lists: overview, create from templates, edit items, confirm, evidence,
half-year review, the year-end duty report (述职) and the xlsx export."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, MediaType, Response, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, PathParameter
from litestar.status_codes import HTTP_200_OK
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import CurrentUser
from safecampus.duty import evidence, lists, printing, report, review, views
from safecampus.duty.export import xlsx
from safecampus.duty.schemas import (
    Candidate,
    ConfirmationIn,
    DutyListIn,
    DutyListOut,
    DutyOverview,
    DutyReport,
    EvidenceIn,
    ItemIn,
    ReviewIn,
)
from safecampus.errors import NotFound
from safecampus.hazards.rules import today
from safecampus.idempotency import content_hash
from safecampus.openapi import created_or_replayed
from safecampus.photos.controllers import photo_response
from safecampus.photos.storage import PhotoStore
from safecampus.schemas import year_query
from safecampus.sheets import XLSX, download

Year = year_query("calendar year (default: this one)")
Half = Annotated[int, PathParameter(ge=1, le=2, description="1: January–June, 2: July–December")]


class DutyListController(Controller):
    path = "/duty-lists"
    tags = ["responsibility"]

    @get("/", operation_id="dutyOverview",
         summary="The leaders of a unit's subtree (default: the caller's) and where their lists for a year stand.")
    async def overview(self, db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser],
                       org_unit_id: FromQuery[uuid.UUID | None] = None, year: Year = None) -> DutyOverview:
        return await views.overview(db_session, current_user, org_unit_id, year or today().year)

    @get("/export.xlsx", operation_id="exportDutyLists", media_type=XLSX,
         summary="The year's lists of a unit's subtree as xlsx, one row per item (Chinese headers).")
    async def export(self, db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser],
                     org_unit_id: FromQuery[uuid.UUID | None] = None, year: Year = None) -> Response[bytes]:
        year = year or today().year
        return download(await xlsx(db_session, current_user, org_unit_id, year), f"duty-lists-{year}.xlsx",
                        f"安全管理责任清单-{year}.xlsx")

    @get("/{list_id:uuid}", operation_id="getDutyList", summary="A list with its items, evidence and review scores.")
    async def read(self, list_id: FromPath[uuid.UUID], db_session: NamedDependency[AsyncSession],
                   current_user: NamedDependency[CurrentUser]) -> DutyListOut:
        return await views.read(db_session, current_user, list_id)

    @put("/{list_id:uuid}", operation_id="createDutyList", responses=created_or_replayed(DutyListOut),
         summary="Draw up a leader's list for a year from the duty templates of the leader's role (the unit's "
                 "principal or an admin in scope); 201 new, 200 replay, 409 same id with other content.")
    async def create(self, list_id: FromPath[uuid.UUID], data: JSONBody[DutyListIn],
                     db_session: NamedDependency[AsyncSession],
                     current_user: NamedDependency[CurrentUser]) -> Response[DutyListOut]:
        created = await lists.create(db_session, current_user, list_id, data, content_hash(data))
        return Response(await views.read(db_session, current_user, list_id), status_code=201 if created else 200)

    @put("/{list_id:uuid}/items/{item_id:uuid}", operation_id="putDutyItem",
         responses=created_or_replayed(DutyListOut),
         summary="Add an own item (base_version 0) or change one: the unit's manager sets text, target and deadline "
                 "(while a draft); the manager or the leader reports status and note.")
    async def put_item(self, list_id: FromPath[uuid.UUID], item_id: FromPath[uuid.UUID], data: JSONBody[ItemIn],
                       db_session: NamedDependency[AsyncSession],
                       current_user: NamedDependency[CurrentUser]) -> Response[DutyListOut]:
        created = await lists.put_item(db_session, current_user, list_id, item_id, data)
        return Response(await views.read(db_session, current_user, list_id), status_code=201 if created else 200)

    @post("/{list_id:uuid}/confirmation", operation_id="confirmDutyList", status_code=HTTP_200_OK,
          summary="Confirm the list's targets (confirmed: true) or reopen it for editing (false).")
    async def confirm(self, list_id: FromPath[uuid.UUID], data: JSONBody[ConfirmationIn],
                      db_session: NamedDependency[AsyncSession],
                      current_user: NamedDependency[CurrentUser]) -> DutyListOut:
        await lists.confirm(db_session, current_user, list_id, data)
        return await views.read(db_session, current_user, list_id)

    @put("/{list_id:uuid}/items/{item_id:uuid}/evidence/{evidence_id:uuid}", operation_id="attachDutyEvidence",
         responses=created_or_replayed(DutyListOut),
         summary="Attach evidence under the client's id: a record of the unit's subtree, a photo or a note.")
    async def attach(self, list_id: FromPath[uuid.UUID], item_id: FromPath[uuid.UUID],
                     evidence_id: FromPath[uuid.UUID], data: JSONBody[EvidenceIn],
                     db_session: NamedDependency[AsyncSession],
                     current_user: NamedDependency[CurrentUser]) -> Response[DutyListOut]:
        created = await evidence.attach(db_session, current_user, list_id, item_id, evidence_id, data,
                                        content_hash(data, list_id, item_id))
        return Response(await views.read(db_session, current_user, list_id), status_code=201 if created else 200)

    @get("/{list_id:uuid}/evidence-candidates", operation_id="dutyEvidenceCandidates",
         summary="The unit's records of the list's year that can be attached as evidence.")
    async def candidates(self, list_id: FromPath[uuid.UUID], db_session: NamedDependency[AsyncSession],
                         current_user: NamedDependency[CurrentUser]) -> list[Candidate]:
        return await evidence.candidates(db_session, current_user, list_id)

    @get("/{list_id:uuid}/evidence/{evidence_id:uuid}/thumb", operation_id="dutyEvidenceThumbnail",
         media_type="image/jpeg", summary="The thumbnail of a photo attached as evidence.")
    async def thumb(self, list_id: FromPath[uuid.UUID], evidence_id: FromPath[uuid.UUID],
                    db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser],
                    photo_store: NamedDependency[PhotoStore]) -> Response[bytes]:
        sha256 = await evidence.photo_of(db_session, current_user, list_id, evidence_id)
        data = await photo_store.get(sha256, "thumb")
        if data is None:
            raise NotFound("The photo's file is missing from storage.", code="photo_file_missing")
        return photo_response(data, sha256, "thumb")

    @put("/{list_id:uuid}/reviews/{half:int}", operation_id="reviewDutyList",
         responses=created_or_replayed(DutyListOut),
         summary="The half-year review by an admin or inspector of a unit above: a score 0–100 and a comment per "
                 "item; once per half, from 1 June (first half) or 1 December (second half).")
    async def review(self, list_id: FromPath[uuid.UUID], half: Half, data: JSONBody[ReviewIn],
                     db_session: NamedDependency[AsyncSession],
                     current_user: NamedDependency[CurrentUser]) -> Response[DutyListOut]:
        created = await review.put(db_session, current_user, list_id, half, data, content_hash(data, list_id, half))
        return Response(await views.read(db_session, current_user, list_id), status_code=201 if created else 200)

    @get("/{list_id:uuid}/report", operation_id="getDutyReport",
         summary="The leader's year-end duty report (述职): items, scores, evidence, missed targets.")
    async def duty_report(self, list_id: FromPath[uuid.UUID], db_session: NamedDependency[AsyncSession],
                          current_user: NamedDependency[CurrentUser]) -> DutyReport:
        return await report.duty_report(db_session, current_user, list_id)

    @get("/{list_id:uuid}/report/print", operation_id="printDutyReport", media_type=MediaType.HTML,
         summary="The duty report as a printable Chinese HTML page.")
    async def print_page(self, list_id: FromPath[uuid.UUID], db_session: NamedDependency[AsyncSession],
                         current_user: NamedDependency[CurrentUser], photo_store: NamedDependency[PhotoStore]) -> str:
        return await printing.render(await report.duty_report(db_session, current_user, list_id), photo_store)
