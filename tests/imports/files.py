"""Spreadsheets for the import tests, built the way bureaus' files are (xlsx from Excel, CSV)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import xlsxwriter

SCHOOL_HEADER = ("学校代码", "学校名称", "学校类型", "所属县区", "地址", "纬度", "经度", "校园半径(米)", "校长姓名", "校长电话")
USER_HEADER = ("姓名", "手机号", "角色", "所属单位", "用户名")
COUNTIES = ("230502", "230503", "230505", "230506", "230521", "230522", "230523", "230524")
TYPES = ("小学", "初中", "高中", "幼儿园", "九年一贯制", "职业学校")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(header: Sequence[str], rows: Sequence[Sequence[object]], *, title: str | None = None) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("数据")
    start = 0
    if title:
        sheet.write(0, 0, title)
        start = 2
    sheet.write_row(start, 0, header)
    for i, row in enumerate(rows, start=start + 1):
        for j, value in enumerate(row):
            if value is not None and value != "":
                sheet.write(i, j, value)
    book.close()
    return out.getvalue()


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[object]], encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def school_rows(count: int, prefix: str = "T") -> list[list[object]]:
    return [[f"{COUNTIES[i % 8]}-{prefix}{i:03d}", f"测试{prefix}第{i}学校", TYPES[i % len(TYPES)], COUNTIES[i % 8],
             f"测试路{i}号", round(46.60 + i * 0.0001, 6), round(131.10 + i * 0.0001, 6), 200, f"校长{i}",
             f"139{i:08d}"] for i in range(count)]


def user_rows(count: int, schools: Sequence[Sequence[object]]) -> list[list[object]]:
    rows = []
    for i in range(count):
        if i % 10 == 9:  # a tenth are county inspectors
            rows.append([f"检查员{i}", f"137{i:08d}", "检查员", COUNTIES[i % 8], ""])
        else:
            rows.append([f"教师{i}", f"138{i:08d}", "安全干事" if i % 2 else "校长", schools[i % len(schools)][0], ""])
    return rows
