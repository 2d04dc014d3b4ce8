"""Bulk import of schools and users (admins, in their scope): template, dry run, commit."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromQuery
from litestar.status_codes import HTTP_200_OK
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import CurrentUser
from safecampus.db import OrgUnit
from safecampus.errors import UnsupportedMediaType
from safecampus.guards import read_limited
from safecampus.imports import services
from safecampus.imports.reading import MAX_FILE_BYTES, MAX_ROWS, XLSX_TYPE, too_large
from safecampus.imports.schemas import ImportKind, ImportReport
from safecampus.imports.sheets import template_workbook
from safecampus.orgs.scope import within

_NAMES = {"schools": "学校导入模板", "users": "用户导入模板"}


class ImportController(Controller):
    path = "/imports"
    tags = ["imports"]

    @post("/", operation_id="importSpreadsheet", status_code=HTTP_200_OK, request_max_body_size=None,
          summary=f"Import schools or users from an xlsx or CSV file sent as the raw body (at most "
                  f"{MAX_FILE_BYTES // (1024 * 1024)} MB and {MAX_ROWS:,} rows). dry_run=true (the default) reports "
                  "what each row would do and writes nothing; dry_run=false re-validates and imports all rows in one "
                  "transaction, or none when any row has an error (422 import_has_errors).")
    async def import_file(self, request: Request[CurrentUser, Any, Any], kind: FromQuery[ImportKind],
                          db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser],
                          dry_run: FromQuery[bool] = True) -> ImportReport:
        current_user.require_role("admin")
        if request.headers.get("content-type", "").startswith("multipart/"):
            raise UnsupportedMediaType("请直接上传文件内容（不要用表单）。 Send the file's bytes as the request body, "
                                       "not as a multipart form.", code="multipart_not_supported")
        data = await read_limited(request, MAX_FILE_BYTES, too_large)
        return await services.run_import(db_session, current_user, kind, data, dry_run=dry_run)

    @get("/template", operation_id="getImportTemplate", media_type=XLSX_TYPE,
         summary="The Chinese xlsx template for an import, with instructions and the units of the caller's scope.")
    async def template(self, kind: FromQuery[ImportKind], db_session: NamedDependency[AsyncSession],
                       current_user: NamedDependency[CurrentUser]) -> Response[bytes]:
        current_user.require_role("admin")
        stmt = select(OrgUnit).where(within(current_user.org_path), OrgUnit.active.is_(True)).order_by(OrgUnit.path)
        if kind == "schools":
            stmt = stmt.where(OrgUnit.kind == "county_bureau")
        units = (await db_session.execute(stmt)).scalars().all()
        body = template_workbook(kind, services.columns(kind), units)
        return Response(body, media_type=XLSX_TYPE, headers={
            "Content-Disposition": f"attachment; filename=\"import-{kind}.xlsx\"; "
                                   f"filename*=UTF-8''{quote(_NAMES[kind])}.xlsx"})
