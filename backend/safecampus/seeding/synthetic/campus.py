"""Synthetic schools spread over the eight counties, and the people who work at them."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import datetime

from safecampus.seeding.synthetic.draw import Draw

# Share of the city's schools in each county (the districts of the city proper are small,
# the rural counties have many village schools), and the towns where those schools stand.
COUNTIES: dict[str, tuple[float, tuple[str, ...]]] = {
    "230502": (0.15, ("中心街道", "站前街道", "二马路街道", "八马路街道", "安邦街道", "长安乡")),
    "230503": (0.07, ("中山街道", "东山街道", "中心街道", "长胜乡")),
    "230505": (0.07, ("振兴中路街道", "东荣街道", "集贤街道", "太保镇")),
    "230506": (0.10, ("红旗街道", "新安街道", "电厂街道", "七星镇")),
    "230521": (0.17, ("福利镇", "集贤镇", "升昌镇", "丰乐镇", "太平镇", "兴安乡", "永安乡", "腰屯乡")),
    "230522": (0.10, ("友谊镇", "兴隆镇", "龙山镇", "凤岗镇", "兴盛乡", "东建乡", "庆丰乡", "建设乡")),
    "230523": (0.22, ("宝清镇", "七星泡镇", "青原镇", "夹信子镇", "龙头镇", "小城子镇", "朝阳乡", "万金山乡")),
    "230524": (0.12, ("饶河镇", "小佳河镇", "西丰镇", "五林洞镇", "西林子乡", "四排赫哲族乡", "大佳河乡")),
}
URBAN = {"230502", "230503", "230505", "230506"}

# school type: (share, name ending, campus radius range in metres)
TYPES: dict[str, tuple[float, str, tuple[int, int]]] = {
    "primary": (0.38, "小学", (150, 300)),
    "kindergarten": (0.25, "幼儿园", (80, 150)),
    "junior": (0.12, "中学", (200, 400)),
    "nine_year": (0.08, "九年一贯制学校", (200, 400)),
    "senior": (0.04, "高级中学", (250, 450)),
    "vocational": (0.02, "职业技术学校", (300, 500)),
    "special": (0.01, "特殊教育学校", (100, 200)),
    "private": (0.04, "实验学校", (120, 250)),
    "training_institution": (0.06, "教育培训学校", (30, 80)),
}
BRANDS = ("育才", "启航", "博学", "新思维", "英才", "明德", "睿智", "致远", "求实", "育英", "金桥", "阳光")

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文"
GIVEN = "建国淑芬志强玉梅海涛文静秀英丽娟桂兰明辉晓东春燕红霞立新永刚凤琴俊杰雪梅德华宏伟丽华秀云国庆玉兰振华伟东淑珍晓峰海燕红梅志刚"

DIGITS = "零一二三四五六七八九"


def chinese_ordinal(n: int) -> str:
    """1 → 一, 12 → 十二, 40 → 四十, 123 → 一百二十三 (school names count in Chinese)."""
    if n >= 100:
        rest = n % 100
        return DIGITS[n // 100] + "百" + ("" if not rest else ("零" if rest < 10 else "") + chinese_ordinal(rest))
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")
    return head + (DIGITS[ones] if ones else "")


@dataclass(frozen=True, slots=True)
class County:
    id: uuid.UUID
    code: str
    name: str  # short: 宝清县
    path: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class School:
    id: uuid.UUID
    code: str
    name: str
    school_type: str
    county: County
    lat: float
    lon: float
    radius_m: int
    principal: uuid.UUID
    officer: uuid.UUID
    officer_name: str


@dataclass
class Staff:
    """Rows for org_unit and app_user, and who inspects in each county."""

    units: list[dict]
    users: list[dict]
    inspectors: dict[str, uuid.UUID]
    schools: list[School]


def person(draw: Draw) -> str:
    return draw.pick(SURNAMES) + draw.pick(GIVEN[::2]) + (draw.pick(GIVEN[1::2]) if draw.random() < 0.8 else "")


def _place(draw: Draw, county: County) -> tuple[float, float]:
    """A point near the county seat: within 6 km in the city districts, 35 km in the counties."""
    reach = 6000 if county.code in URBAN else 35000
    distance, bearing = reach * math.sqrt(draw.random()), draw.random() * 2 * math.pi
    return (round(county.lat + distance * math.cos(bearing) / 111_320, 6),
            round(county.lon + distance * math.sin(bearing) / (111_320 * math.cos(math.radians(county.lat))), 6))


class _Namer:
    """School names as a county's schools are really named, never the same twice."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        self.counters: dict[tuple[str, str], int] = {}

    def name(self, draw: Draw, county: County, town: str, school_type: str) -> str:
        ending = TYPES[school_type][1]
        choices = []
        if school_type in ("private", "training_institution"):
            choices.append(f"{county.name}{draw.pick(BRANDS)}{ending}")
        elif not town.endswith("街道"):
            choices.append(f"{county.name}{town}{'中心' if school_type == 'primary' else ''}{ending}")
        for candidate in choices:
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate
        while True:  # 第一小学, 第二小学, ... skipping the names the demo schools already have
            key = (county.code, ending)
            self.counters[key] = self.counters.get(key, 0) + 1
            candidate = f"{county.name}第{chinese_ordinal(self.counters[key])}{ending}"
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate


def _user(draw: Draw, unit_id: uuid.UUID, username: str, role: str, name: str, now: datetime) -> dict:
    # No password: these people exist for the history; an admin resets one to sign in as them.
    return {"id": draw.uuid(), "username": username, "name": name, "phone": None, "role": role,
            "org_unit_id": unit_id, "password_hash": "!", "active": True, "must_change_password": True,
            "last_login_at": None, "created_at": now}


def staff(draw: Draw, counties: list[County], count: int, taken_names: set[str], now: datetime) -> Staff:
    result = Staff([], [], {}, [])
    for county in counties:
        inspector = _user(draw, county.id, f"insp-{county.code}", "inspector",
                          f"{person(draw)}（{county.name}检查员）", now)
        result.users.append(inspector)
        result.inspectors[county.code] = inspector["id"]
    namer = _Namer(taken_names)
    weights = [COUNTIES[c.code][0] for c in counties]
    types, type_weights = list(TYPES), [t[0] for t in TYPES.values()]
    for k in range(1, count + 1):
        # The first eight go one to each county, so that even a small run covers the city.
        county = draw.choices(counties, weights)[0] if k > len(counties) else counties[k - 1]
        school_type = draw.choices(types, type_weights)[0]
        town = draw.pick(COUNTIES[county.code][1])
        lat, lon = _place(draw, county)
        code = f"{county.code}-S{k:04d}"
        unit = {"id": draw.uuid(), "code": code, "name": namer.name(draw, county, town, school_type),
                "kind": "school", "school_type": school_type, "parent_id": county.id,
                "path": f"{county.path}{code}/", "address": f"黑龙江省双鸭山市{county.name}{town}",
                "lat": lat, "lon": lon, "radius_m": draw.randint(*TYPES[school_type][2]), "active": True,
                "created_at": now, "updated_at": now}
        principal = _user(draw, unit["id"], f"{code.lower()}-principal", "principal", person(draw), now)
        officer = _user(draw, unit["id"], f"{code.lower()}-officer", "school_officer", person(draw), now)
        result.units.append(unit)
        result.users += [principal, officer]
        result.schools.append(School(unit["id"], code, unit["name"], school_type, county, lat, lon,
                                     unit["radius_m"], principal["id"], officer["id"], officer["name"]))
    return result
