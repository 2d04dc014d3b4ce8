"""The spreadsheets the import hands out: the Chinese templates and the initial-password sheet."""

from __future__ import annotations

import io
from collections.abc import Sequence

import xlsxwriter

from safecampus.db import OrgUnit
from safecampus.imports import fields
from safecampus.imports.reading import MAX_FILE_BYTES, MAX_ROWS, Column
from safecampus.imports.schemas import ImportKind, InitialPassword

_NOTES: dict[str, list[str]] = {
    "schools": [
        "每行一所学校；带 * 的列必填。第一行是表头，请勿修改表头文字。",
        "学校代码：建议填写（如 230502-17 或 10 位学校标识码）；同一代码再次导入即更新该校，不会重复创建。"
        "不填时按“县区 + 学校名称”匹配已有学校，新学校自动生成代码（县区代码-6位校验码）。",
        f"学校类型：{'、'.join(fields.SCHOOL_TYPE_LABELS.values())}。",
        "所属县区：县区名称或行政区划代码（如 尖山区 或 230502），须在您的管辖范围内；县区管理员可留空（即本县区）。",
        "纬度、经度：十进制度数（如 46.6522、131.1633），两项同时填写；校园半径：20–5000 的整数（米）。",
        "校长姓名、校长电话：记入学校领导班子（第一责任人）。",
        "更新已有学校时，地址、坐标、半径留空表示保持原值。",
    ],
    "users": [
        "每行一个账号；带 * 的列必填。第一行是表头，请勿修改表头文字。",
        "手机号：11 位手机号，用于识别账号；同一手机号再次导入即更新姓名、角色、单位，不会重复创建。",
        f"角色：{'、'.join(fields.ROLE_LABELS.values())}。教体局（市、县区）可设系统管理员、教体局查看、检查员；"
        "学校可设校长、安全干事。",
        "所属单位：单位代码或名称（见“单位列表”），只能是您本单位或下属单位。",
        "用户名：可不填，默认为手机号。",
        "新账号的初始密码在导入完成时显示一次，并可下载为表格分发；首次登录须修改密码。",
    ],
}
_EXAMPLES = {
    "schools": ["230502-17", "尖山区第十七小学", "小学", "尖山区", "双鸭山市尖山区xx路1号", 46.6522, 131.1633, 200,
                "张三", "13900000000"],
    "users": ["李四", "13900000001", "安全干事", "230502-17", ""],
}


def template_workbook(kind: ImportKind, columns: Sequence[Column], units: Sequence[OrgUnit]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                     "strings_to_urls": False})
    head = book.add_format({"bold": True, "bg_color": "#dde6f0", "border": 1})
    text = book.add_format({"num_format": "@"})
    sheet = book.add_worksheet("学校" if kind == "schools" else "用户")
    for col, column in enumerate(columns):
        sheet.write_string(0, col, column.header + (" *" if column.required else ""), head)
        sheet.set_column(col, col, 16 if col else 20, text)  # text cells: codes and phones keep their digits
        choices = _choices(column.field)
        if choices:
            sheet.data_validation(1, col, MAX_ROWS, col, {"validate": "list", "source": choices,
                                                          "error_type": "warning"})
    sheet.freeze_panes(1, 0)
    notes = book.add_worksheet("填写说明")
    notes.set_column(0, 0, 110)
    for row, line in enumerate([*_NOTES[kind], f"每个文件最多 {MAX_ROWS} 行、{MAX_FILE_BYTES // (1024 * 1024)} MB。"
                                "先“预检”查看每行结果，确认无误后再导入；有任何错误行则不导入。", "", "示例："]):
        notes.write_string(row, 0, line)
    example = len(_NOTES[kind]) + 3
    for col, value in enumerate(_EXAMPLES[kind]):
        notes.write(example, col, value)
    listing = book.add_worksheet("单位列表")
    listing.write_row(0, 0, ("单位代码", "单位名称", "类型"), head)
    listing.set_column(0, 1, 24)
    kinds = {"city_bureau": "市教体局", "county_bureau": "县区教体局", "direct_unit": "直属单位", "school": "学校"}
    for row, unit in enumerate(units, start=1):
        listing.write_row(row, 0, (unit.code, unit.name, kinds.get(unit.kind, unit.kind)))
    book.close()
    return out.getvalue()


def _choices(field: str) -> list[str] | None:
    if field == "school_type":
        return list(fields.SCHOOL_TYPE_LABELS.values())
    if field == "role":
        return list(fields.ROLE_LABELS.values())
    return None


def passwords_workbook(passwords: Sequence[InitialPassword]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                     "strings_to_urls": False})
    head = book.add_format({"bold": True, "bg_color": "#dde6f0", "border": 1})
    sheet = book.add_worksheet("初始密码")
    sheet.write_row(0, 0, ("行号", "姓名", "手机号", "所属单位", "用户名", "初始密码"), head)
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 5, 18)
    for row, p in enumerate(passwords, start=1):
        sheet.write_number(row, 0, p.row)
        for col, value in enumerate((p.name, p.phone, p.unit, p.username, p.initial_password), start=1):
            sheet.write_string(row, col, value)
    sheet.write_string(len(passwords) + 2, 0, "初始密码仅显示一次，首次登录须修改。请妥善分发，分发后删除本表。")
    book.close()
    return out.getvalue()
