"""Plain tables as Excel workbooks with Chinese headers, for the records a bureau exports
(cases, duty lists, drills, incidents, supervision plans; the ledger has its own, with photos).
One sheet per table, the header row bold and frozen, and text kept as text: a cell typed as
"=HYPERLINK(...)" must never become a live formula."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

import xlsxwriter
from litestar import Response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[object]]
    widths: Sequence[int] = ()  # per column; 18 where not given


def write(target: str | BinaryIO, tables: Iterable[Table]) -> None:
    """Write to a path (constant memory, for long tables) or to an in-memory buffer."""
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    options |= {"constant_memory": True} if isinstance(target, str) else {"in_memory": True}
    book = xlsxwriter.Workbook(target, options)
    head = book.add_format({"bold": True, "bg_color": "#dde6f0", "border": 1, "text_wrap": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for table in tables:
        sheet = book.add_worksheet(table.title)
        for col in range(len(table.headers)):
            sheet.set_column(col, col, table.widths[col] if col < len(table.widths) else 18, wrap)
        sheet.write_row(0, 0, table.headers, head)
        sheet.freeze_panes(1, 0)
        for number, row in enumerate(table.rows, start=1):
            sheet.write_row(number, 0, row)
    book.close()


def _in_memory(tables: list[Table]) -> bytes:
    out = io.BytesIO()
    write(out, tables)
    return out.getvalue()


async def workbook(*tables: Table) -> bytes:
    """A workbook of a few thousand rows at most, built off the event loop."""
    return await asyncio.to_thread(_in_memory, list(tables))


def disposition(name: str, chinese_name: str) -> dict[str, str]:
    """A download's headers: named in ASCII and, for browsers that read it, in Chinese."""
    encoded = chinese_name.encode().hex("%", 1)
    return {"Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''%{encoded}"}


def download(data: bytes, name: str, chinese_name: str) -> Response[bytes]:
    return Response(data, media_type=XLSX, headers=disposition(name, chinese_name))
