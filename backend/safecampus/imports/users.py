"""Importing users: identified by their mobile number, created with a one-time password.

The grant rule is the accounts module's (accounts.services.ROLES_BY_KIND): an admin creates
accounts only at units of its own subtree (its own bureau included) with a role that fits the
unit's kind. A county admin therefore may create admins of its own county, never a city-level
account nor one in another county."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.accounts.services import ROLES_BY_KIND, generate_initial_password
from safecampus.auth.identity import CurrentUser
from safecampus.auth.passwords import hash_one_time_passwords
from safecampus.auth.services import revoke_sessions
from safecampus.db import OrgUnit, User
from safecampus.db.base import utcnow
from safecampus.imports import fields
from safecampus.imports.plan import PlannedRow, choice, first_seen, text_problem
from safecampus.imports.reading import Column
from safecampus.imports.schemas import InitialPassword

COLUMNS = (
    Column("name", "姓名", ("名字", "用户姓名"), required=True),
    Column("phone", "手机号", ("手机", "手机号码", "电话", "联系电话"), required=True),
    Column("role", "角色", ("用户角色", "权限"), required=True),
    Column("unit", "所属单位", ("单位", "单位代码", "单位名称", "学校", "学校代码", "学校名称"), required=True),
    Column("username", "用户名", ("登录名", "账号")),
)
_ROLES_ZH = "、".join(fields.ROLE_LABELS.values())


class _Context:
    def __init__(self, user: CurrentUser, units: Sequence[OrgUnit], users: Sequence[User]) -> None:
        self.user = user
        self.units = {u.id: u for u in units}
        self.by_code = {u.code: u for u in units}
        self.by_name: dict[str, list[OrgUnit]] = defaultdict(list)
        for unit in units:
            for alias in fields.unit_aliases(unit.name, unit.kind):
                self.by_name[alias].append(unit)
        self.by_phone: dict[str, list[User]] = defaultdict(list)
        for account in users:
            if (key := fields.stored_phone_key(account.phone)) is not None:
                self.by_phone[key].append(account)
        self.usernames = {u.username for u in users}

    def in_scope(self, unit: OrgUnit) -> bool:
        return unit.path.startswith(self.user.org_path)


async def plan(session: AsyncSession, user: CurrentUser, rows: list[tuple[int, dict[str, str | None]]]) -> list[PlannedRow]:
    units = (await session.execute(select(OrgUnit))).scalars().all()
    users = (await session.execute(select(User))).scalars().all()
    context = _Context(user, units, users)
    phones: dict[str, int] = {}
    usernames: dict[str, int] = {}
    return [_plan_row(context, phones, usernames, number, cells) for number, cells in rows]


def _plan_row(ctx: _Context, phones: dict[str, int], usernames: dict[str, int], number: int,
              cells: dict[str, str | None]) -> PlannedRow:
    out = PlannedRow(row=number, name=cells.get("name"))
    p = out.problems
    name = text_problem(p, "name", "姓名", cells.get("name"), 100, required=True)
    phone = _phone(out, cells.get("phone"))
    if (earlier := first_seen(phones, phone, number)) is not None:
        p.add("phone", "duplicate_phone", f"手机号 {phone} 与第 {earlier} 行重复")
    role = choice(p, "role", "角色", cells.get("role"), fields.role, _ROLES_ZH)
    unit = _unit(ctx, out, cells.get("unit"))
    if role is not None and unit is not None and role not in ROLES_BY_KIND[unit.kind]:
        allowed = "、".join(fields.ROLE_LABELS[r] for r in fields.ROLE_LABELS if r in ROLES_BY_KIND[unit.kind])
        p.add("role", "role_not_allowed", f"“{fields.ROLE_LABELS[role]}”不能设在{unit.name}，可设：{allowed}")
    existing = _existing(ctx, out, phone)
    if existing is None and phone is not None and not p.has("phone"):
        _username(ctx, out, usernames, cells.get("username"), phone)
    if p:
        return out
    assert unit is not None
    out.values = {"name": name, "phone": phone, "role": role, "unit": unit}
    if existing is not None:
        out.target, out.username = existing, existing.username
        out.changes = [f for f, now, new in (("name", existing.name, name), ("role", existing.role, role),
                                             ("unit", existing.org_unit_id, unit.id)) if now != new]
        if out.changes and existing.id == ctx.user.id:
            p.add("phone", "cannot_change_self", "不能通过导入修改您自己的账号")
    return out


def _phone(out: PlannedRow, raw: str | None) -> str | None:
    if raw is None:
        out.problems.add("phone", "required", "手机号不能为空")
        return None
    out.phone = fields.phone(raw)
    if out.phone is None:
        out.problems.add("phone", "bad_phone", f"手机号“{raw}”不是有效的 11 位手机号")
    return out.phone


def _unit(ctx: _Context, out: PlannedRow, raw: str | None) -> OrgUnit | None:
    if raw is None:
        out.problems.add("unit", "required", "所属单位不能为空")
        return None
    unit = ctx.by_code.get(raw)
    candidates = [unit] if unit is not None else ctx.by_name.get(raw, [])
    mine = [u for u in candidates if ctx.in_scope(u)]
    if not candidates:
        out.problems.add("unit", "unknown_unit", f"未知单位“{raw}”（请填单位代码或名称，可先导入学校）")
    elif not mine:
        out.problems.add("unit", "unit_out_of_scope",
                         f"{candidates[0].name}不在您的管辖范围，不能为其创建账号（只能为本单位及下属单位创建）")
    elif len(mine) > 1:
        out.problems.add("unit", "ambiguous_unit", f"有多个名为“{raw}”的单位，请改填单位代码")
    else:
        out.unit = mine[0].name
        return mine[0]
    return None


def _existing(ctx: _Context, out: PlannedRow, phone: str | None) -> User | None:
    matches = ctx.by_phone.get(phone, []) if phone else []
    if len(matches) > 1:
        out.problems.add("phone", "ambiguous_phone", f"手机号 {phone} 对应多个现有账号，请先在用户管理中处理")
    elif matches and not ctx.in_scope(ctx.units[matches[0].org_unit_id]):
        out.problems.add("phone", "phone_taken", f"手机号 {phone} 已被您管辖范围外的账号使用")
    elif matches:
        return matches[0]
    return None


def _username(ctx: _Context, out: PlannedRow, seen: dict[str, int], raw: str | None, phone: str) -> None:
    username = (raw or phone).strip().lower()
    out.username = username
    if not fields.USERNAME_PATTERN.match(username):
        out.problems.add("username", "bad_username", f"用户名“{raw}”只能由字母、数字、_ . - 组成（最多 64 位）")
    elif username in ctx.usernames:
        out.problems.add("username", "username_taken", f"用户名“{username}”已被占用")
    elif (earlier := first_seen(seen, username, out.row)) is not None:
        out.problems.add("username", "duplicate_username", f"用户名“{username}”与第 {earlier} 行重复")


async def apply(session: AsyncSession, planned: list[PlannedRow]) -> list[InitialPassword]:
    """Writes the plan; returns the new accounts' one-time passwords (hashed before storing)."""
    creates = [row for row in planned if row.target is None]
    passwords = [generate_initial_password() for _ in creates]
    hashes = await hash_one_time_passwords(passwords)
    now = utcnow()
    rows: list[dict[str, Any]] = []
    for row, password_hash in zip(creates, hashes, strict=True):
        v = row.values
        rows.append({"id": uuid.uuid4(), "username": row.username, "name": v["name"], "phone": v["phone"],
                     "role": v["role"], "org_unit_id": v["unit"].id, "password_hash": password_hash, "active": True,
                     "must_change_password": True, "last_login_at": None, "created_at": now})
    if rows:
        await session.execute(insert(User.__table__), rows)
    for row in planned:
        if row.target is not None and row.changes:
            v = row.values
            moved = (row.target.role, row.target.org_unit_id) != (v["role"], v["unit"].id)
            row.target.name, row.target.role, row.target.org_unit_id = v["name"], v["role"], v["unit"].id
            if moved:  # as when an admin changes it: the phone's cached data belongs to the old post
                await revoke_sessions(session, row.target.id)
    return [InitialPassword(row=row.row, name=row.values["name"], phone=row.values["phone"],
                            username=row.username or "", unit=row.values["unit"].name, initial_password=password)
            for row, password in zip(creates, passwords, strict=True)]
