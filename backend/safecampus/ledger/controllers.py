from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide
from litestar.response import Stream
from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import CurrentUser
from safecampus.db.engine import Database
from safecampus.hazards.controllers import hazard_filter
from safecampus.hazards.rules import SHANGHAI, today
from safecampus.hazards.services import HazardFilter, filtered
from safecampus.ledger.export import csv_chunks, xlsx_chunks
from safecampus.ledger.rows import LedgerRow, ledger_rows
from safecampus.photos.storage import PhotoStore
from safecampus.sheets import XLSX, disposition


def _attachment(extension: str) -> dict[str, str]:
    stamp = f"{datetime.now(SHANGHAI):%Y%m%d-%H%M}"
    return disposition(f"hazard-ledger-{stamp}.{extension}", f"隐患台账-{stamp}.{extension}")


async def _rows(db: Database, stmt: Select[Any]) -> AsyncIterator[list[LedgerRow]]:
    # The export reads in a session of its own: the request's session ends before the
    # response starts streaming.
    async with db.session(read_only=True) as session:
        async for batch in ledger_rows(session, stmt, today()):
            yield batch


class LedgerController(Controller):
    """The 台账 with the same filters as the hazard list; large exports stream."""

    path = "/"
    tags = ["ledger"]
    dependencies = {"filters": Provide(hazard_filter, sync_to_thread=False)}

    @get("/ledger.csv", operation_id="exportLedgerCsv", media_type="text/csv; charset=utf-8",
         summary="The hazard ledger as CSV (UTF-8 with BOM, Chinese headers).")
    async def ledger_csv(self, request: Request[CurrentUser, Any, Any], db_session: NamedDependency[AsyncSession],
                         current_user: NamedDependency[CurrentUser],
                         filters: NamedDependency[HazardFilter]) -> Stream:
        stmt = await filtered(db_session, current_user, filters)  # scope errors surface before streaming
        return Stream(csv_chunks(_rows(request.app.state.db, stmt)), media_type="text/csv; charset=utf-8",
                      headers=_attachment("csv"))

    @get("/ledger.xlsx", operation_id="exportLedgerXlsx", media_type=XLSX,
         summary="The hazard ledger as an Excel workbook with before/after thumbnails.")
    async def ledger_xlsx(self, request: Request[CurrentUser, Any, Any], db_session: NamedDependency[AsyncSession],
                          current_user: NamedDependency[CurrentUser], filters: NamedDependency[HazardFilter],
                          photo_store: NamedDependency[PhotoStore]) -> Stream:
        stmt = await filtered(db_session, current_user, filters)  # scope errors surface before streaming
        return Stream(xlsx_chunks(_rows(request.app.state.db, stmt), photo_store), media_type=XLSX,
                      headers=_attachment("xlsx"))
