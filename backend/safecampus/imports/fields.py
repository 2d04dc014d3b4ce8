"""Reading one cell: phones, codes, school types, roles, coordinates; problems in Chinese."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import get_args

from safecampus.vocabulary import ROLES, SchoolType

SCHOOL_TYPE_LABELS: dict[str, str] = {
    "kindergarten": "幼儿园", "primary": "小学", "junior": "初中", "senior": "高中", "nine_year": "九年一贯制",
    "vocational": "职业学校", "special": "特殊教育学校", "private": "民办学校", "training_institution": "校外培训机构",
}
ROLE_LABELS: dict[str, str] = {
    "admin": "系统管理员", "bureau_viewer": "教体局查看", "inspector": "检查员", "principal": "校长",
    "school_officer": "安全干事",
}
# What people actually write in the lists, beside the labels above and the codes.
_SCHOOL_TYPE_SYNONYMS = {
    "幼儿园": "kindergarten", "小学": "primary", "初中": "junior", "初级中学": "junior", "高中": "senior",
    "高级中学": "senior", "普通高中": "senior", "九年一贯制学校": "nine_year", "九年一贯制": "nine_year",
    "职业学校": "vocational", "中职": "vocational", "职业中学": "vocational", "中等职业学校": "vocational",
    "特殊教育学校": "special", "特教学校": "special", "特殊教育": "special", "民办学校": "private", "民办": "private",
    "校外培训机构": "training_institution", "培训机构": "training_institution",
}
_ROLE_SYNONYMS = {
    "系统管理员": "admin", "管理员": "admin", "教体局查看": "bureau_viewer", "查看": "bureau_viewer",
    "局机关查看": "bureau_viewer", "检查员": "inspector", "督查员": "inspector", "校长": "principal",
    "园长": "principal", "安全干事": "school_officer", "安全员": "school_officer", "安全专干": "school_officer",
}
assert set(SCHOOL_TYPE_LABELS) == set(get_args(SchoolType)) and set(ROLE_LABELS) == set(ROLES)

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,39}$")
USERNAME_PATTERN = re.compile(r"^[a-z0-9_.\-]{1,64}$")
MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
# Mainland China with a margin: a swapped latitude and longitude falls outside.
LAT_RANGE, LON_RANGE = (3.0, 54.0), (73.0, 136.0)
RADIUS_RANGE = (20, 5000)


@dataclass(frozen=True, slots=True)
class Problem:
    field: str
    code: str
    message_zh: str


class RowProblems(list[Problem]):
    def add(self, field: str, code: str, message_zh: str) -> None:
        self.append(Problem(field, code, message_zh))

    def has(self, field: str) -> bool:
        return any(p.field == field for p in self)


def school_type(value: str) -> str | None:
    key = value.strip()
    return key.lower() if key.lower() in SCHOOL_TYPE_LABELS else _SCHOOL_TYPE_SYNONYMS.get(key)


def role(value: str) -> str | None:
    key = value.strip()
    return key.lower() if key.lower() in ROLE_LABELS else _ROLE_SYNONYMS.get(key)


def phone(value: str | None) -> str | None:
    """The 11-digit mainland mobile number in the text (spaces, dashes, +86 tolerated), or None."""
    if not value:
        return None
    digits = re.sub(r"[\s\-()（）]", "", value)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    elif len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return digits if MOBILE.match(digits) else None


def stored_phone_key(value: str | None) -> str | None:
    """The comparable form of a phone already in the database (entered free-form elsewhere)."""
    return phone(value) if value else None


def number(value: str) -> float | None:
    try:
        result = float(value.replace("，", ".").strip())
    except ValueError:
        return None
    return result if result == result and abs(result) != float("inf") else None


def unit_aliases(name: str, kind: str) -> tuple[str, ...]:
    """What lists call a bureau besides its full name: 尖山区教育和体育局 → 尖山区."""
    if kind in ("county_bureau", "city_bureau"):
        for suffix in ("教育和体育局", "教育体育局", "教体局", "教育局"):
            if name.endswith(suffix) and len(name) > len(suffix):
                return (name, name[: -len(suffix)])
    return (name,)
