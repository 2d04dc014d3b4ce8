"""Importing schools: validated against the org tree and the importer's scope, upserted by code.

A school is identified by its code (学校代码, e.g. 230502-17 or the national 10-digit 学校标识码).
A row without a code matches the school of the same name in the same county; a new school
without a code gets a deterministic one: the county's code and 6 hex digits of the SHA-256 of
its name (230502-3FA9C1), so the same file imported twice names the same school."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import CurrentUser
from safecampus.db import Leader, OrgUnit
from safecampus.db.base import utcnow
from safecampus.imports import fields
from safecampus.imports.plan import PlannedRow, choice, first_seen, text_problem
from safecampus.imports.reading import Column
from safecampus.orgs.services import move_descendants

COLUMNS = (
    Column("code", "学校代码", ("学校标识码", "代码", "单位代码")),
    Column("name", "学校名称", ("名称", "学校", "单位名称"), required=True),
    Column("school_type", "学校类型", ("类型", "办学类型"), required=True),
    Column("county", "所属县区", ("县区", "所属县(区)", "县(区)", "区县", "所属区县"), required=True),
    Column("address", "地址", ("学校地址", "详细地址")),
    Column("lat", "纬度", ()),
    Column("lon", "经度", ("lng",)),
    Column("radius_m", "校园半径(米)", ("校园半径", "半径", "半径(米)")),
    Column("principal_name", "校长姓名", ("校长",)),
    Column("principal_phone", "校长电话", ("校长手机", "校长手机号", "校长联系电话")),
)
PRINCIPAL_POSITION = "校长"
_TYPES_ZH = "、".join(fields.SCHOOL_TYPE_LABELS.values())


def derived_code(county_code: str, name: str) -> str:
    return f"{county_code}-{hashlib.sha256(name.encode()).hexdigest()[:6].upper()}"


class _Context:
    def __init__(self, user: CurrentUser, units: Sequence[OrgUnit], principals: Sequence[Leader]) -> None:
        self.user = user
        self.by_code = {u.code: u for u in units}
        self.counties: dict[str, OrgUnit] = {}
        for unit in units:
            if unit.kind == "county_bureau":
                for key in (unit.code, *fields.unit_aliases(unit.name, unit.kind)):
                    self.counties[key] = unit
        self.by_county_name = {(u.parent_id, u.name): u for u in units if u.kind == "school"}
        self.principals = {p.org_unit_id: p for p in principals}
        own = next((u for u in units if u.id == user.org_unit_id), None)
        self.own_county = own if own is not None and own.kind == "county_bureau" else None

    def in_scope(self, unit: OrgUnit) -> bool:
        return unit.path.startswith(self.user.org_path)


async def plan(session: AsyncSession, user: CurrentUser, rows: list[tuple[int, dict[str, str | None]]]) -> list[PlannedRow]:
    units = (await session.execute(select(OrgUnit))).scalars().all()
    principals = (await session.execute(select(Leader).where(Leader.duty_role == "main_leader",
                                                              Leader.active.is_(True)))).scalars().all()
    context = _Context(user, units, principals)
    seen: dict[str, int] = {}
    return [_plan_row(context, seen, number, cells) for number, cells in rows]


def _plan_row(ctx: _Context, seen: dict[str, int], number: int, cells: dict[str, str | None]) -> PlannedRow:
    out = PlannedRow(row=number, name=cells.get("name"))
    p = out.problems
    name = text_problem(p, "name", "学校名称", cells.get("name"), 200, required=True)
    school_type = choice(p, "school_type", "学校类型", cells.get("school_type"), fields.school_type, _TYPES_ZH)
    county = _county(ctx, out, cells.get("county"))
    values: dict[str, Any] = {"name": name, "school_type": school_type}
    values["address"] = text_problem(p, "address", "地址", cells.get("address"), 300)
    values.update(_place(out, cells))
    principal = text_problem(p, "principal_name", "校长姓名", cells.get("principal_name"), 100)
    principal_phone = None
    if cells.get("principal_phone"):
        principal_phone = fields.phone(cells["principal_phone"])
        if principal_phone is None:
            p.add("principal_phone", "bad_phone", f"校长电话“{cells['principal_phone']}”不是有效的 11 位手机号")
        elif principal is None:
            p.add("principal_name", "required", "填写了校长电话，也请填写校长姓名")
    code = cells.get("code")
    if code is not None and not fields.CODE_PATTERN.match(code):
        p.add("code", "bad_code", f"学校代码“{code}”只能由字母、数字、-、_ 组成（最多 40 位）")
        code = None
    existing = ctx.by_code.get(code) if code else None
    if code is None and county is not None and name is not None and not p.has("code"):
        existing = ctx.by_county_name.get((county.id, name))
        code = existing.code if existing else derived_code(county.code, name)
    out.code = code
    if existing is not None and existing.kind != "school":
        p.add("code", "code_taken", f"代码“{code}”已是{existing.name}（非学校）的代码")
    elif existing is not None and not ctx.in_scope(existing):
        p.add("code", "school_out_of_scope", f"代码为“{code}”的学校不在您的管辖范围")
    elif existing is None and county is not None and name is not None:
        twin = ctx.by_county_name.get((county.id, name))
        if twin is not None:
            p.add("code", "duplicate_name", f"{county.name}已有同名学校（代码 {twin.code}），请使用该代码或改名")
    if (earlier := first_seen(seen, code, number)) is not None:
        p.add("code", "duplicate_in_file", f"与第 {earlier} 行是同一学校（代码 {code}）")
    if p:
        return out
    assert county is not None
    values["parent"] = county
    values["principal"] = (principal, principal_phone)
    out.values = values
    if existing is not None:
        out.target = existing
        out.changes = _changes(ctx, existing, values)
    return out


def _county(ctx: _Context, out: PlannedRow, raw: str | None) -> OrgUnit | None:
    if raw is None:
        if ctx.own_county is None:
            out.problems.add("county", "required", "所属县区不能为空")
        out.unit = ctx.own_county.name if ctx.own_county else None
        return ctx.own_county
    county = ctx.counties.get(raw)
    if county is None:
        out.problems.add("county", "unknown_county", f"未知县区“{raw}”（请填县区名称或行政区划代码，如 尖山区 或 230502）")
        return None
    out.unit = county.name
    if not ctx.in_scope(county):
        out.problems.add("county", "county_out_of_scope", f"{county.name}不在您的管辖范围，不能向其导入学校")
        return None
    return county


def _place(out: PlannedRow, cells: dict[str, str | None]) -> dict[str, Any]:
    p = out.problems
    lat_raw, lon_raw = cells.get("lat"), cells.get("lon")
    lat = lon = None
    if (lat_raw is None) != (lon_raw is None):
        p.add("lat" if lat_raw is None else "lon", "bad_coordinate", "纬度和经度要么都填，要么都不填")
    elif lat_raw is not None and lon_raw is not None:
        lat, lon = fields.number(lat_raw), fields.number(lon_raw)
        if lat is None or lon is None:
            p.add("lat" if lat is None else "lon", "bad_coordinate", f"坐标“{lat_raw}, {lon_raw}”不是数字")
        elif not (fields.LAT_RANGE[0] <= lat <= fields.LAT_RANGE[1] and fields.LON_RANGE[0] <= lon <= fields.LON_RANGE[1]):
            hint = "（纬度和经度是否填反了？）" if fields.LAT_RANGE[0] <= lon <= fields.LAT_RANGE[1] else ""
            p.add("lat", "bad_coordinate", f"坐标“纬度 {lat_raw}，经度 {lon_raw}”不在中国境内{hint}")
            lat = lon = None
    radius = None
    if cells.get("radius_m") is not None:
        value = fields.number(cells["radius_m"] or "")
        low, high = fields.RADIUS_RANGE
        if value is None or not value.is_integer() or not low <= value <= high:
            p.add("radius_m", "bad_radius", f"校园半径“{cells['radius_m']}”应为 {low} 到 {high} 之间的整数（米）")
        else:
            radius = int(value)
    return {"lat": lat, "lon": lon, "radius_m": radius}


# Blank optional cells keep what the school has: a partial list never wipes coordinates.
_KEPT_WHEN_BLANK = ("address", "lat", "lon", "radius_m")


def _changes(ctx: _Context, school: OrgUnit, values: dict[str, Any]) -> list[str]:
    changes = [f for f in ("name", "school_type") if getattr(school, f) != values[f]]
    changes += [f for f in _KEPT_WHEN_BLANK if values[f] is not None and getattr(school, f) != values[f]]
    if school.parent_id != values["parent"].id:
        changes.append("county")
    name, phone = values["principal"]
    current = ctx.principals.get(school.id)
    if name is not None and (current is None or current.name != name):
        changes.append("principal_name")
    elif phone is not None and current is not None and current.phone != phone:
        changes.append("principal_phone")
    return changes


async def apply(session: AsyncSession, planned: list[PlannedRow]) -> None:
    now = utcnow()
    new_units, new_leaders = [], []
    principals = {p.org_unit_id: p for p in (await session.execute(
        select(Leader).where(Leader.duty_role == "main_leader", Leader.active.is_(True)))).scalars()}
    for row in planned:
        v = row.values
        parent: OrgUnit = v["parent"]
        if row.target is None:
            unit_id = uuid.uuid4()
            new_units.append({"id": unit_id, "code": row.code, "name": v["name"], "kind": "school",
                              "school_type": v["school_type"], "parent_id": parent.id,
                              "path": f"{parent.path}{row.code}/", "address": v["address"], "lat": v["lat"],
                              "lon": v["lon"], "radius_m": v["radius_m"], "active": True, "created_at": now,
                              "updated_at": now})
        elif row.changes:
            unit_id = row.target.id
            _update_school(row.target, v)
            if "county" in row.changes:
                new_path = f"{parent.path}{row.code}/"
                await move_descendants(session, row.target.path, new_path)
                row.target.parent_id, row.target.path = parent.id, new_path
        else:
            continue
        name, phone = v["principal"]
        current = principals.get(unit_id)
        if name is not None and (current is None or current.name != name):
            if current is not None:
                current.active = False  # the former principal stays on record (past lists name them)
            new_leaders.append({"id": uuid.uuid4(), "org_unit_id": unit_id, "name": name,
                                "position": PRINCIPAL_POSITION, "duty_role": "main_leader", "phone": phone,
                                "user_id": None, "active": True, "created_at": now, "updated_at": now})
        elif phone is not None and current is not None and current.phone != phone:
            current.phone = phone
    if new_units:
        await session.execute(insert(OrgUnit.__table__), new_units)
    if new_leaders:
        await session.execute(insert(Leader.__table__), new_leaders)


def _update_school(school: OrgUnit, values: dict[str, Any]) -> None:
    school.name, school.school_type = values["name"], values["school_type"]
    for name in _KEPT_WHEN_BLANK:
        if values[name] is not None:
            setattr(school, name, values[name])

