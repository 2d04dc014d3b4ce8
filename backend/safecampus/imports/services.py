"""An import from end to end: read, plan, report; on commit re-plan and write it all in one
transaction with one audit event, or nothing when any row has an error."""

from __future__ import annotations

import asyncio
import base64
import hashlib

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.audit import services as audit
from safecampus.auth.identity import CurrentUser
from safecampus.errors import Conflict, Unprocessable
from safecampus.imports import schools, users
from safecampus.imports.plan import PlannedRow
from safecampus.imports.reading import read_sheet
from safecampus.imports.schemas import (
    ImportCounts,
    ImportKind,
    ImportReport,
    InitialPassword,
    RowError,
    RowOut,
)
from safecampus.imports.sheets import passwords_workbook

MAX_REPORTED_ROWS = 2000  # longer reports list the rows with errors first
_MODULES = {"schools": schools, "users": users}


def columns(kind: ImportKind):  # noqa: ANN201 - a tuple of reading.Column
    return _MODULES[kind].COLUMNS


async def run_import(session: AsyncSession, user: CurrentUser, kind: ImportKind, data: bytes, *,
                     dry_run: bool) -> ImportReport:
    user.require_role("admin")
    module = _MODULES[kind]
    sheet = await asyncio.to_thread(read_sheet, data, module.COLUMNS)
    digest = hashlib.sha256(data).hexdigest()
    planned = await module.plan(session, user, sheet.rows)
    report = _report(kind, digest, planned, sheet.ignored_headers, dry_run=dry_run)
    if dry_run:
        return report
    if report.counts.error:
        errors = [r for r in report.rows if r.action == "error"][:50]
        raise Unprocessable(f"有 {report.counts.error} 行存在错误，未导入任何数据：请改正后重新预检。"
                            f" {report.counts.error} rows have errors; nothing was imported.",
                            code="import_has_errors", details={"counts": report.counts, "rows": errors})
    passwords: list[InitialPassword] = []
    if kind == "users":
        passwords = await users.apply(session, planned)
    else:
        await schools.apply(session, planned)
    await audit.record(session, user.actor, f"import.{kind}", "import", digest, {
        "file_sha256": digest, "rows": report.counts.rows, "created": report.counts.create,
        "updated": report.counts.update, "unchanged": report.counts.unchanged,
        "created_keys": [r.code or r.phone for r in planned if r.action == "create"],
        "updated_keys": [r.code or r.phone for r in planned if r.action == "update"]})
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        raise Conflict("导入时数据被同时修改（例如另一次导入），未导入任何数据，请重新预检后再试。"
                       " The data changed during the import; nothing was imported.", code="import_conflict") from None
    report.committed = True
    if passwords:
        report.initial_passwords = passwords
        report.initial_passwords_xlsx = base64.b64encode(await asyncio.to_thread(passwords_workbook, passwords)).decode()
    return report


def _report(kind: ImportKind, digest: str, planned: list[PlannedRow], ignored: list[str], *,
            dry_run: bool) -> ImportReport:
    actions = [r.action for r in planned]
    counts = ImportCounts(rows=len(planned), create=actions.count("create"), update=actions.count("update"),
                          unchanged=actions.count("unchanged"), error=actions.count("error"))
    shown = planned
    if len(planned) > MAX_REPORTED_ROWS:
        shown = sorted(sorted(planned, key=lambda r: r.action != "error")[:MAX_REPORTED_ROWS], key=lambda r: r.row)
    rows = [RowOut(row=r.row, action=r.action, name=r.name, code=r.code, phone=r.phone,  # type: ignore[arg-type]
                   username=r.username, unit=r.unit, changes=r.changes,
                   errors=[RowError(field=p.field, code=p.code, message_zh=p.message_zh) for p in r.problems])
            for r in shown]
    return ImportReport(kind=kind, dry_run=dry_run, committed=False, file_sha256=digest, counts=counts, rows=rows,
                        rows_omitted=len(planned) - len(shown), ignored_columns=ignored)
