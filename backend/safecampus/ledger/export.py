"""Writing the ledger: CSV streamed row by row; xlsx built in xlsxwriter's constant-memory
mode in a temporary file (thumbnails as files too), then streamed out."""

from __future__ import annotations

import asyncio
import csv
import io
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import xlsxwriter

from safecampus.ledger.rows import HEADERS, LedgerRow
from safecampus.photos.storage import PhotoStore

CHUNK = 64 * 1024
THUMB_ROW_HEIGHT = 60  # points; thumbnails are scaled to fit
_WIDTHS = (10, 22, 11, 10, 18, 40, 14, 6, 18, 36, 11, 12, 8, 8, 11, 10, 16, 16)


async def csv_chunks(batches: AsyncIterator[list[LedgerRow]]) -> AsyncIterator[bytes]:
    """UTF-8 with a BOM, so that Excel on Chinese Windows opens it with the right encoding."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    yield b"\xef\xbb\xbf" + buffer.getvalue().encode()
    async for batch in batches:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(tuple(map(_inert, row.values)) for row in batch)
        yield buffer.getvalue().encode()


def _inert(value: str) -> str:
    """Spreadsheets run cells that start like a formula; a leading apostrophe keeps it text."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class _Workbook:
    """The synchronous xlsxwriter side, fed batch by batch from a worker thread."""

    def __init__(self, path: Path) -> None:
        # Text stays text: a description like "=HYPERLINK(...)" must not become a live formula.
        self.book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                                    "strings_to_urls": False, "strings_to_numbers": False})
        self.sheet = self.book.add_worksheet("隐患台账")
        self.late = self.book.add_format({"font_color": "#b00020", "bold": True})
        head = self.book.add_format({"bold": True, "bg_color": "#dde6f0", "border": 1, "text_wrap": True})
        for col, width in enumerate(_WIDTHS):
            self.sheet.set_column(col, col, width)
        self.sheet.write_row(0, 0, (*HEADERS, "整改前照片", "整改后照片"), head)
        self.sheet.freeze_panes(1, 0)
        self.row = 1

    def add(self, batch: list[tuple[LedgerRow, Path | None, Path | None]]) -> None:
        for row, before, after in batch:
            self.sheet.write_row(self.row, 0, row.values)
            if row.values[HEADERS.index("是否逾期")] == "是":
                self.sheet.write(self.row, HEADERS.index("是否逾期"), "是", self.late)
            if before or after:
                self.sheet.set_row(self.row, THUMB_ROW_HEIGHT)
            for col, image in ((len(HEADERS), before), (len(HEADERS) + 1, after)):
                if image:
                    self.sheet.insert_image(self.row, col, str(image), {"x_scale": 0.3, "y_scale": 0.3,
                                                                         "object_position": 1})
            self.row += 1

    def close(self) -> None:
        self.book.close()


async def xlsx_chunks(batches: AsyncIterator[list[LedgerRow]], store: PhotoStore) -> AsyncIterator[bytes]:
    with tempfile.TemporaryDirectory(prefix="ledger-") as tmp:
        folder = Path(tmp)
        book = await asyncio.to_thread(_Workbook, folder / "ledger.xlsx")
        try:
            async for batch in batches:
                prepared = [(row, await _thumb_file(store, folder, row.before_photo),
                             await _thumb_file(store, folder, row.after_photo)) for row in batch]
                await asyncio.to_thread(book.add, prepared)
        finally:  # also when reading fails: constant-memory mode holds a temporary file open
            await asyncio.to_thread(book.close)
        with (folder / "ledger.xlsx").open("rb") as handle:
            while chunk := await asyncio.to_thread(handle.read, CHUNK):
                yield chunk


async def _thumb_file(store: PhotoStore, folder: Path, sha: str | None) -> Path | None:
    if sha is None:
        return None
    path = folder / f"{sha}.jpg"
    if not path.exists():
        data = await store.get(sha, "thumb")
        if data is None:
            return None
        await asyncio.to_thread(path.write_bytes, data)
    return path
