"""Accountability and commendation: signals, cases, commendations, ratings, the workbook."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

from litestar import Controller, Response, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Stream
from litestar.status_codes import HTTP_200_OK
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.accountability import cases, commendations
from safecampus.accountability.export import xlsx_chunks
from safecampus.accountability.ratings import ratings
from safecampus.accountability.schemas import (
    CaseIn,
    CaseOut,
    CasePage,
    CommendationIn,
    CommendationOut,
    CommendationPage,
    DecisionIn,
    DropIn,
    RatingsOut,
    ReviewIn,
    SignalsOut,
)
from safecampus.accountability.signals import signals
from safecampus.auth.identity import CurrentUser
from safecampus.hazards.rules import SHANGHAI, today
from safecampus.idempotency import content_hash
from safecampus.openapi import created_or_replayed
from safecampus.schemas import PageNumber, PageSize, year_query
from safecampus.sheets import XLSX, disposition
from safecampus.vocabulary import CaseStatus

Year = year_query("calendar year")
EXPORT_PAGE = 200
T = TypeVar("T")


async def _every(search: Callable[[int], Awaitable[tuple[list[T], int]]]) -> list[T]:
    """Every page of a search: a year's cases of a subtree are few, pages keep queries bounded."""
    found: list[T] = []
    page = 1
    while True:
        items, total = await search(page)
        found += items
        if page * EXPORT_PAGE >= total:
            return found
        page += 1


def _attachment() -> dict[str, str]:
    stamp = f"{datetime.now(SHANGHAI):%Y%m%d-%H%M}"
    return disposition(f"accountability-{stamp}.xlsx", f"问责与表彰-{stamp}.xlsx")


class AccountabilityController(Controller):
    path = "/accountability"
    tags = ["accountability"]

    @get("/signals", operation_id="listAccountabilitySignals",
         summary="What the data says against the units of a subtree in a year (第十九条), with the leaders who "
                 "answer for it and the evidence; bureau staff of the units above only.")
    async def list_signals(self, db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser],
                           org_unit_id: FromQuery[uuid.UUID | None] = None, year: Year = None) -> SignalsOut:
        return await signals(db_session, current_user, org_unit_id, year or today().year)

    @get("/ratings", operation_id="listRatingEligibility",
         summary="第二十一条: whether each unit and leader of a subtree may be rated advanced/excellent in a year.")
    async def list_ratings(self, db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser],
                           org_unit_id: FromQuery[uuid.UUID | None] = None, year: Year = None) -> RatingsOut:
        return await ratings(db_session, current_user, org_unit_id, year or today().year)

    @get("/cases", operation_id="listAccountabilityCases",
         summary="The cases about units of a subtree the caller may see (the deciding bureau and those above; "
                 "the subject's own unit once decided).")
    async def list_cases(self, db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser],
                         org_unit_id: FromQuery[uuid.UUID | None] = None, year: Year = None,
                         status: FromQuery[CaseStatus | None] = None, page: PageNumber = 1,
                         page_size: PageSize = 50) -> CasePage:
        items, total = await cases.search(db_session, current_user, org_unit_id, year, status, page, page_size)
        return CasePage(items=items, total=total, page=page, page_size=page_size)

    @put("/cases/{case_id:uuid}", operation_id="openAccountabilityCase",
         responses=created_or_replayed(CaseOut),
         summary="Open a case under the client's id (a bureau with authority over the subject, 第二十四条); "
                 "201 new, 200 replay, 409 same id with other content.")
    async def open_case(self, case_id: FromPath[uuid.UUID], data: JSONBody[CaseIn],
                        db_session: NamedDependency[AsyncSession],
                        current_user: NamedDependency[CurrentUser]) -> Response[CaseOut]:
        created = await cases.open_case(db_session, current_user, case_id, data, content_hash(data))
        return Response(await cases.read(db_session, current_user, case_id), status_code=201 if created else 200)

    @get("/cases/{case_id:uuid}", operation_id="getAccountabilityCase", summary="One case.")
    async def get_case(self, case_id: FromPath[uuid.UUID], db_session: NamedDependency[AsyncSession],
                       current_user: NamedDependency[CurrentUser]) -> CaseOut:
        return await cases.read(db_session, current_user, case_id)

    @post("/cases/{case_id:uuid}/decision", operation_id="decideAccountabilityCase", status_code=HTTP_200_OK,
          summary="The deciding bureau records its decision: a measure of 第二十条, or an exemption of 第二十二条; "
                  "mitigations of 第二十三条 with their reasons.")
    async def decide(self, case_id: FromPath[uuid.UUID], data: JSONBody[DecisionIn],
                     db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser]) -> CaseOut:
        await cases.decide(db_session, current_user, case_id, data)
        return await cases.read(db_session, current_user, case_id)

    @post("/cases/{case_id:uuid}/dropping", operation_id="dropAccountabilityCase", status_code=HTTP_200_OK,
          summary="The deciding bureau closes a case without holding anyone accountable, saying why.")
    async def drop(self, case_id: FromPath[uuid.UUID], data: JSONBody[DropIn],
                   db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser]) -> CaseOut:
        await cases.drop(db_session, current_user, case_id, data)
        return await cases.read(db_session, current_user, case_id)

    @get("/commendations", operation_id="listCommendations",
         summary="The commendations about units of a subtree the caller may see (the proposing bureau and those "
                 "above; the subject's own unit once approved).")
    async def list_commendations(self, db_session: NamedDependency[AsyncSession],
                                 current_user: NamedDependency[CurrentUser],
                                 org_unit_id: FromQuery[uuid.UUID | None] = None, year: Year = None,
                                 page: PageNumber = 1, page_size: PageSize = 50) -> CommendationPage:
        items, total = await commendations.search(db_session, current_user, org_unit_id, year, page, page_size)
        return CommendationPage(items=items, total=total, page=page, page_size=page_size)

    @put("/commendations/{commendation_id:uuid}", operation_id="proposeCommendation",
         responses=created_or_replayed(CommendationOut),
         summary="The committee office proposes a commendation (第十八条) under the client's id.")
    async def propose(self, commendation_id: FromPath[uuid.UUID], data: JSONBody[CommendationIn],
                      db_session: NamedDependency[AsyncSession],
                      current_user: NamedDependency[CurrentUser]) -> Response[CommendationOut]:
        created = await commendations.propose(db_session, current_user, commendation_id, data, content_hash(data))
        return Response(await commendations.read(db_session, current_user, commendation_id),
                        status_code=201 if created else 200)

    @get("/commendations/{commendation_id:uuid}", operation_id="getCommendation", summary="One commendation.")
    async def get_commendation(self, commendation_id: FromPath[uuid.UUID], db_session: NamedDependency[AsyncSession],
                               current_user: NamedDependency[CurrentUser]) -> CommendationOut:
        return await commendations.read(db_session, current_user, commendation_id)

    @post("/commendations/{commendation_id:uuid}/review", operation_id="reviewCommendation", status_code=HTTP_200_OK,
          summary="An admin of the proposing bureau or one above approves or rejects it (never the proposer).")
    async def review(self, commendation_id: FromPath[uuid.UUID], data: JSONBody[ReviewIn],
                     db_session: NamedDependency[AsyncSession],
                     current_user: NamedDependency[CurrentUser]) -> CommendationOut:
        await commendations.review(db_session, current_user, commendation_id, data)
        return await commendations.read(db_session, current_user, commendation_id)

    @get("/export.xlsx", operation_id="exportAccountability", media_type=XLSX,
         summary="The cases and commendations the caller may see, as an Excel workbook with Chinese headers.")
    async def export(self, db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser],
                     org_unit_id: FromQuery[uuid.UUID | None] = None, year: Year = None) -> Stream:
        found_cases = await _every(lambda page: cases.search(
            db_session, current_user, org_unit_id, year, None, page, EXPORT_PAGE))
        found_commendations = await _every(lambda page: commendations.search(
            db_session, current_user, org_unit_id, year, page, EXPORT_PAGE))
        return Stream(xlsx_chunks(found_cases, found_commendations), media_type=XLSX, headers=_attachment())
