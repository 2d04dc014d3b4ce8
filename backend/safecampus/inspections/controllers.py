from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec
from litestar import Controller, MediaType, Response, get, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.accounts.services import display_names
from safecampus.auth.identity import CurrentUser
from safecampus.db import Hazard, Inspection, OrgUnit
from safecampus.idempotency import content_hash
from safecampus.inspections import notice, services
from safecampus.inspections.schemas import (
    InspectionIn,
    InspectionOut,
    InspectionPage,
    InspectionSummary,
    ResultOut,
)
from safecampus.openapi import created_or_replayed
from safecampus.schemas import Location, PageNumber, PageSize
from safecampus.vocabulary import InspectionKind


def _summary(i: Inspection, inspector: str) -> InspectionSummary:
    return InspectionSummary(
        id=i.id, school_id=i.school_id, school_name=i.school.name, checklist_id=i.checklist_id,
        checklist_code=i.checklist.code, checklist_version=i.checklist.version, kind=i.kind, inspector=inspector,
        started_at=i.started_at, finished_at=i.finished_at,
        location=Location(lat=i.lat, lon=i.lon, accuracy_m=i.accuracy_m) if i.lat is not None and i.lon is not None
        else None, off_site=i.off_site, distance_m=i.distance_m,
        hazard_count=sum(1 for r in i.results if r.hazard_id))


async def _summaries(session: AsyncSession, inspections: list[Inspection]) -> list[InspectionSummary]:
    names = await display_names(session, (i.inspector_id for i in inspections))
    return [_summary(i, names.get(i.inspector_id, "")) for i in inspections]


async def _detail(session: AsyncSession, inspection: Inspection) -> InspectionOut:
    [summary] = await _summaries(session, [inspection])
    return InspectionOut(
        **msgspec.structs.asdict(summary),
        results=[ResultOut(item_code=r.item_code, outcome=r.outcome, note=r.note, hazard_id=r.hazard_id)
                 for r in inspection.results],
        hazard_ids=[r.hazard_id for r in inspection.results if r.hazard_id],
        missing_photos=await services.missing_photos(session, inspection),
    )


class InspectionController(Controller):
    path = "/inspections"
    tags = ["inspections"]

    @put("/{inspection_id:uuid}", operation_id="submitInspection",
         responses=created_or_replayed(InspectionOut),
         summary="Submit a checklist inspection under the client's UUID: 201 created, 200 the same again, "
                 "409 the same id with other content. Lists created hazards and photos still to upload.")
    async def submit(self, inspection_id: FromPath[uuid.UUID], data: JSONBody[InspectionIn],
                     db_session: NamedDependency[AsyncSession],
                     current_user: NamedDependency[CurrentUser]) -> Response[InspectionOut]:
        result = await services.submit(db_session, current_user, inspection_id, data, content_hash(data))
        return Response(await _detail(db_session, result.inspection), status_code=201 if result.created else 200)

    @get("/{inspection_id:uuid}", operation_id="getInspection", summary="One inspection with its answers.")
    async def get_inspection(self, inspection_id: FromPath[uuid.UUID], db_session: NamedDependency[AsyncSession],
                             current_user: NamedDependency[CurrentUser]) -> InspectionOut:
        return await _detail(db_session, await services.visible(db_session, current_user, inspection_id))

    @get("/", operation_id="listInspections", summary="Inspections of the caller's scope, newest first.")
    async def list_inspections(self, db_session: NamedDependency[AsyncSession],
                               current_user: NamedDependency[CurrentUser],
                               school_id: FromQuery[uuid.UUID | None] = None,
                               kind: FromQuery[InspectionKind | None] = None,
                               since: Annotated[datetime | None, QueryParameter(name="from")] = None,
                               until: Annotated[datetime | None, QueryParameter(name="to")] = None,
                               page: PageNumber = 1,
                               page_size: PageSize = 50) -> InspectionPage:
        rows, total = await services.search(db_session, current_user, school_id=school_id, kind=kind,
                                            since=since, until=until, page=page, page_size=page_size)
        return InspectionPage(items=await _summaries(db_session, list(rows)), total=total, page=page,
                              page_size=page_size)

    @get("/{inspection_id:uuid}/notice", operation_id="getRectificationNotice", media_type=MediaType.HTML,
         summary="The printable rectification notice (整改通知书) of an inspection, as HTML.")
    async def rectification_notice(self, inspection_id: FromPath[uuid.UUID],
                                   db_session: NamedDependency[AsyncSession],
                                   current_user: NamedDependency[CurrentUser]) -> str:
        inspection = await services.visible(db_session, current_user, inspection_id)
        school = await db_session.get_one(OrgUnit, inspection.school_id)
        hazards = list((await db_session.execute(select(Hazard).where(Hazard.inspection_id == inspection.id)
                                                 .order_by(Hazard.due_on))).scalars())
        names = await display_names(db_session, [inspection.inspector_id])
        return notice.render(inspection, school, hazards, names.get(inspection.inspector_id, ""))
