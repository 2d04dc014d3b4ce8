from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, Response, get, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import CurrentUser
from safecampus.coverage import services
from safecampus.coverage.schemas import Coverage, TermIn, TermList, TermOut
from safecampus.openapi import created_or_replayed

TermCode = Annotated[str | None, QueryParameter(max_length=20, description="a term code such as 2026-autumn; "
                                                                           "default: the current term")]


class TermController(Controller):
    path = "/terms"
    tags = ["coverage"]

    @get("/", operation_id="listTerms",
         summary="The term calendar with each term's inspection windows, and which term is current "
                 "(today in Asia/Shanghai; between terms the one that ended last).")
    async def list_terms(self, db_session: NamedDependency[AsyncSession]) -> TermList:
        return await services.list_terms(db_session)

    @put("/{code:str}", operation_id="putTerm", responses=created_or_replayed(TermOut),
         summary="Create or edit a term (city bureau admins only; 201 created, 200 edited or unchanged); audited.")
    async def put_term(self, code: FromPath[str], data: JSONBody[TermIn], db_session: NamedDependency[AsyncSession],
                       current_user: NamedDependency[CurrentUser]) -> Response[TermOut]:
        term, created = await services.put_term(db_session, current_user, code, data)
        return Response(term, status_code=201 if created else 200)


class CoverageController(Controller):
    path = "/coverage"
    tags = ["coverage"]

    @get("/", operation_id="getCoverage",
         summary="For every school under a unit (default: the caller's) in a term (default: the current one): "
                 "the term inspections by window, daily checks of the last 30 days, supervision in the term's "
                 "half-year, and a summary.")
    async def coverage(self, db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser],
                       org_unit_id: FromQuery[uuid.UUID | None] = None, term: TermCode = None) -> Coverage:
        return await services.coverage(db_session, current_user, org_unit_id, term)
