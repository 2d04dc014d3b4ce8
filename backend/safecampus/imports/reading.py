"""Turning an uploaded file into rows of text cells, safely and within bounds.

xlsx is read with openpyxl (read-only, values only, the first sheet), but only after the zip
itself has been checked: a bounded number of entries and of uncompressed bytes, so a zip bomb
is refused before any XML is parsed. CSV is UTF-8 (with or without BOM) or GB18030, which is
what Excel on Chinese Windows writes. Old binary .xls files are refused with a hint."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime

from safecampus.errors import InvalidInput, PayloadTooLarge, Unprocessable, UnsupportedMediaType

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000  # data rows per file
MAX_COLUMNS = 40
MAX_UNZIPPED_BYTES = 80 * 1024 * 1024
MAX_ZIP_ENTRIES = 500
HEADER_SEARCH_ROWS = 10  # a title row or two above the header is common in bureau lists
MAX_CELL_CHARS = 1000

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True, slots=True)
class Column:
    field: str
    header: str  # as in the template
    aliases: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True, slots=True)
class Sheet:
    """Data rows as {field: text or None}, each with its row number in the file."""

    rows: list[tuple[int, dict[str, str | None]]]
    ignored_headers: list[str]


def _normal_header(text: str) -> str:
    return (text.replace("（", "(").replace("）", ")").replace("*", "").replace(" ", "").replace("\u3000", "")
            .strip().lower())


def too_large(size: int) -> PayloadTooLarge:
    return PayloadTooLarge(f"文件超过 {MAX_FILE_BYTES // (1024 * 1024)} MB 上限（{size:,} 字节），请拆分后分批导入。"
                           f" The file is larger than the {MAX_FILE_BYTES:,} bytes accepted; split it.",
                           code="file_too_large")


def read_sheet(data: bytes, columns: Sequence[Column]) -> Sheet:
    """The data rows of the file under its header row; refuses what is not a spreadsheet,
    lacks required columns, or has more than MAX_ROWS rows."""
    if len(data) > MAX_FILE_BYTES:
        raise too_large(len(data))
    if not data.strip():
        raise InvalidInput("文件是空的。 The file is empty.", code="empty_file")
    if data.startswith(b"PK\x03\x04"):
        raw_rows: Iterator[Sequence[object]] = _xlsx_rows(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedMediaType("这是旧版 Excel（.xls）文件：请在 Excel 中“另存为” .xlsx 或 CSV 后再导入。"
                                   " Old .xls files are not read: save as .xlsx or CSV.", code="xls_not_supported")
    else:
        raw_rows = _csv_rows(data)
    with closing(raw_rows):  # the workbook closes even when reading stops early
        return _table(raw_rows, columns)


def _not_a_spreadsheet() -> UnsupportedMediaType:
    return UnsupportedMediaType("无法识别的文件：请上传 Excel（.xlsx）或 CSV 文件（可先下载模板）。"
                                " Not a spreadsheet: upload an .xlsx or CSV file.", code="not_a_spreadsheet")


def _xlsx_rows(data: bytes) -> Iterator[Sequence[object]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _not_a_spreadsheet() from None
    names = {e.filename for e in entries}
    if "xl/workbook.xml" not in names:
        raise _not_a_spreadsheet()
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNZIPPED_BYTES:
        raise Unprocessable("文件解压后过大，无法读取（可能已损坏）。 The workbook expands to more than the server reads.",
                            code="workbook_too_large")
    import openpyxl  # imported here: only imports need it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a corrupt workbook
        raise Unprocessable("Excel 文件已损坏或格式不正确，无法读取。 The workbook cannot be read.",
                            code="unreadable_workbook") from None
    try:
        if not book.worksheets:
            raise Unprocessable("Excel 文件里没有工作表。 The workbook has no sheet.", code="unreadable_workbook")
        try:
            yield from book.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS)
        except (KeyError, ValueError, TypeError, zipfile.BadZipFile, OSError) as exc:
            raise Unprocessable("Excel 文件已损坏或格式不正确，无法读取。 The workbook cannot be read.",
                                code="unreadable_workbook") from exc
    finally:
        book.close()


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise _not_a_spreadsheet()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _not_a_spreadsheet()


def _csv_rows(data: bytes) -> Iterator[Sequence[object]]:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as exc:
        raise Unprocessable(f"CSV 文件格式有误：{exc}。 The CSV cannot be read.", code="unreadable_csv") from None


def cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        text = "是" if value else "否"
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    elif isinstance(value, datetime | date):
        text = value.isoformat()
    else:
        text = str(value)
    text = text.strip().replace("\u3000", " ").strip()
    return text[:MAX_CELL_CHARS] or None


def _table(raw_rows: Iterable[Sequence[object]], columns: Sequence[Column]) -> Sheet:
    by_header = {_normal_header(alias): c.field for c in columns for alias in (c.header, c.field, *c.aliases)}
    rows: list[tuple[int, dict[str, str | None]]] = []
    mapping: dict[int, str] | None = None
    ignored: list[str] = []
    for number, raw in enumerate(raw_rows, start=1):
        cells = [cell_text(v) for v in raw[:MAX_COLUMNS]]
        if mapping is None:
            found = {i: by_header[_normal_header(c)] for i, c in enumerate(cells)
                     if c and _normal_header(c) in by_header}
            if len(set(found.values())) >= 2:
                mapping = _check_header(found, cells, columns)
                ignored = [c for i, c in enumerate(cells) if c and i not in mapping]
            elif number >= HEADER_SEARCH_ROWS:
                break
            continue
        if not any(cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise InvalidInput(f"文件超过 {MAX_ROWS:,} 行数据的上限，请拆分后分批导入。"
                               f" More than {MAX_ROWS:,} data rows: split the file.", code="too_many_rows")
        rows.append((number, {field: cells[i] if i < len(cells) else None for i, field in mapping.items()}))
    if mapping is None:
        raise _wrong_columns(columns, [c.header for c in columns if c.required])
    return Sheet(rows=rows, ignored_headers=ignored)


def _check_header(found: dict[int, str], cells: list[str | None], columns: Sequence[Column]) -> dict[int, str]:
    missing = [c.header for c in columns if c.required and c.field not in found.values()]
    if missing:
        raise _wrong_columns(columns, missing)
    seen: dict[str, int] = {}
    for index, field in found.items():
        if field in seen:
            raise InvalidInput(f"表头中“{cells[index]}”一列重复。 A column appears twice in the header.",
                               code="wrong_columns")
        seen[field] = index
    return found


def _wrong_columns(columns: Sequence[Column], missing: list[str]) -> InvalidInput:
    expected = "、".join(c.header for c in columns)
    return InvalidInput(f"表头不对：缺少 {'、'.join(missing)} 列。应有的列：{expected}（请下载模板）。"
                        f" Wrong columns: missing {', '.join(missing)}.", code="wrong_columns",
                        details={"missing": missing, "expected": [c.header for c in columns]})
