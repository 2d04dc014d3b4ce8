from __future__ import annotations

import uuid
from datetime import date

from litestar import Controller, Response, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.status_codes import HTTP_200_OK
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import CurrentUser
from safecampus.clock import check_search_day
from safecampus.hazards import lifecycle, services, views
from safecampus.hazards.schemas import (
    AcknowledgeIn,
    DeadlineIn,
    HazardOut,
    HazardPage,
    RectificationIn,
    StandaloneHazardIn,
    VerificationIn,
)
from safecampus.hazards.services import HazardFilter
from safecampus.idempotency import content_hash
from safecampus.openapi import created_or_replayed
from safecampus.schemas import PageNumber, PageSize
from safecampus.vocabulary import Grade, HazardStatus


def hazard_filter(org_unit_id: FromQuery[uuid.UUID | None] = None, school_id: FromQuery[uuid.UUID | None] = None,
                  status: FromQuery[HazardStatus | None] = None,
                  grade: FromQuery[Grade | None] = None,
                  overdue: FromQuery[bool | None] = None,
                  section: FromQuery[str | None] = None,
                  category: FromQuery[str | None] = None,
                  closed: FromQuery[bool | None] = None,
                  recurrence: FromQuery[bool | None] = None,
                  found_from: FromQuery[date | None] = None, found_to: FromQuery[date | None] = None,
                  closed_from: FromQuery[date | None] = None,
                  closed_to: FromQuery[date | None] = None) -> HazardFilter:
    """The ledger filters, shared by the hazard list and the exports (dates: Shanghai days, inclusive)."""
    for field, day in (("found_from", found_from), ("found_to", found_to), ("closed_from", closed_from),
                       ("closed_to", closed_to)):
        check_search_day(day, field)
    return HazardFilter(org_unit_id=org_unit_id, school_id=school_id, status=status, grade=grade, overdue=overdue,
                        section=section, category=category, closed=closed, recurrence=recurrence,
                        found_from=found_from, found_to=found_to, closed_from=closed_from, closed_to=closed_to)


class HazardController(Controller):
    path = "/hazards"
    tags = ["hazards"]
    dependencies = {"filters": Provide(hazard_filter, sync_to_thread=False)}

    @get("/", operation_id="listHazards", summary="The hazard ledger of the caller's scope, newest first.")
    async def list_hazards(self, db_session: NamedDependency[AsyncSession],
                           current_user: NamedDependency[CurrentUser], filters: NamedDependency[HazardFilter],
                           page: PageNumber = 1, page_size: PageSize = 50) -> HazardPage:
        rows, total = await services.search(db_session, current_user, filters, page, page_size)
        return HazardPage(items=await views.summaries(db_session, list(rows)), total=total, page=page,
                          page_size=page_size)

    @get("/{hazard_id:uuid}", operation_id="getHazard",
         summary="One hazard with evidence and proof photos, flags for the verifier, version and timeline.")
    async def get_hazard(self, hazard_id: FromPath[uuid.UUID], db_session: NamedDependency[AsyncSession],
                         current_user: NamedDependency[CurrentUser]) -> HazardOut:
        return await views.detail(db_session, current_user, hazard_id)

    @put("/{hazard_id:uuid}", operation_id="recordHazard", responses=created_or_replayed(HazardOut),
         summary="Record a hazard outside a checklist, under the client's id (201 new, 200 replay, 409 conflict).")
    async def record(self, hazard_id: FromPath[uuid.UUID], data: JSONBody[StandaloneHazardIn],
                     db_session: NamedDependency[AsyncSession],
                     current_user: NamedDependency[CurrentUser]) -> Response[HazardOut]:
        _, created = await services.record(db_session, current_user, hazard_id, data, content_hash(data))
        return Response(await views.detail(db_session, current_user, hazard_id), status_code=201 if created else 200)

    @post("/{hazard_id:uuid}/acknowledgement", operation_id="acknowledgeHazard", status_code=HTTP_200_OK,
          summary="The school takes the hazard on (open → rectifying), naming who is responsible.")
    async def acknowledge(self, hazard_id: FromPath[uuid.UUID], data: JSONBody[AcknowledgeIn],
                          db_session: NamedDependency[AsyncSession],
                          current_user: NamedDependency[CurrentUser]) -> HazardOut:
        await lifecycle.acknowledge(db_session, current_user, hazard_id, data)
        return await views.detail(db_session, current_user, hazard_id)

    @put("/{hazard_id:uuid}/rectifications/{rectification_id:uuid}", operation_id="submitRectification",
         responses=created_or_replayed(HazardOut),
         summary="The school's proof of rectification (rectifying → submitted), under the client's id.")
    async def submit_proof(self, hazard_id: FromPath[uuid.UUID], rectification_id: FromPath[uuid.UUID],
                           data: JSONBody[RectificationIn], db_session: NamedDependency[AsyncSession],
                           current_user: NamedDependency[CurrentUser]) -> Response[HazardOut]:
        _, created = await lifecycle.submit_proof(db_session, current_user, hazard_id, rectification_id, data,
                                                  content_hash(data, hazard_id))
        return Response(await views.detail(db_session, current_user, hazard_id), status_code=201 if created else 200)

    @post("/{hazard_id:uuid}/deadline", operation_id="rescheduleHazard", status_code=HTTP_200_OK,
          summary="Move the rectification deadline (the issuer, or an inspector), with a reason; audited.")
    async def reschedule(self, hazard_id: FromPath[uuid.UUID], data: JSONBody[DeadlineIn],
                         db_session: NamedDependency[AsyncSession],
                         current_user: NamedDependency[CurrentUser]) -> HazardOut:
        await lifecycle.reschedule(db_session, current_user, hazard_id, data)
        return await views.detail(db_session, current_user, hazard_id)

    @post("/{hazard_id:uuid}/verification", operation_id="verifyHazard", status_code=HTTP_200_OK,
          summary="Accept the proof and close the hazard, or reject it with a reason (back to rectifying).")
    async def verify(self, hazard_id: FromPath[uuid.UUID], data: JSONBody[VerificationIn],
                     db_session: NamedDependency[AsyncSession],
                     current_user: NamedDependency[CurrentUser]) -> HazardOut:
        await lifecycle.verify(db_session, current_user, hazard_id, data)
        return await views.detail(db_session, current_user, hazard_id)
