"""Recording drills under the client's id, and reading them with their photos."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from safecampus import sheets
from safecampus.accounts.services import display_names
from safecampus.audit import services as audit
from safecampus.auth.identity import CurrentUser
from safecampus.db import Drill, OrgUnit
from safecampus.drills.schemas import DrillIn, DrillOut
from safecampus.errors import InvalidInput
from safecampus.hazards.rules import SHANGHAI, today
from safecampus.idempotency import create_once
from safecampus.orgs.records import one_of, page_of
from safecampus.orgs.scope import ensure_active, ensure_unit_staff, unit_in_scope
from safecampus.photos.holding import held_pairs, unique_photos
from safecampus.wording import DRILL_NAMES

EARLIEST = date(2000, 1, 1)


async def record(session: AsyncSession, user: CurrentUser, drill_id: uuid.UUID, data: DrillIn,
                 digest: str) -> bool:
    async def visible(existing: Drill) -> None:
        await one_of(session, user, Drill, existing.id, "drill")

    async def create() -> Drill:
        unit = await unit_in_scope(session, user.org_path, data.org_unit_id)
        ensure_unit_staff(user, unit)
        ensure_active(unit)
        if not EARLIEST <= data.held_on <= today():
            raise InvalidInput(f"held_on ({data.held_on}) must be a day between {EARLIEST} and today.",
                               code="invalid_date")
        unique_photos(data.photos)
        drill = Drill(id=drill_id, org_unit_id=unit.id, kind=data.kind, held_on=data.held_on,
                      participants=data.participants, duration_minutes=data.duration_minutes,
                      description=data.description, findings=data.findings, photos=list(data.photos),
                      recorded_by=user.id, content_hash=digest)
        session.add(drill)
        await audit.record(session, user.actor, "drill.record", "drill", drill_id,
                           {"org_unit": unit.code, "kind": data.kind, "held_on": data.held_on.isoformat()})
        return drill

    _, created = await create_once(session, Drill, drill_id, digest, "drill", visible, create)
    return created


async def views(session: AsyncSession, rows: list[tuple[Drill, OrgUnit]]) -> list[DrillOut]:
    held = await held_pairs(session, ((d.recorded_by, sha) for d, _ in rows for sha in d.photos))
    names = await display_names(session, (d.recorded_by for d, _ in rows))
    return [DrillOut(
        id=d.id, org_unit_id=unit.id, org_unit_name=unit.name, kind=d.kind, held_on=d.held_on,
        participants=d.participants, duration_minutes=d.duration_minutes, description=d.description,
        findings=d.findings, photos=[sha for sha in d.photos if (d.recorded_by, sha) in held],
        missing_photos=[sha for sha in d.photos if (d.recorded_by, sha) not in held],
        recorded_by_name=names.get(d.recorded_by, ""), recorded_at=d.recorded_at) for d, unit in rows]


async def read(session: AsyncSession, user: CurrentUser, drill_id: uuid.UUID) -> DrillOut:
    [view] = await views(session, [await one_of(session, user, Drill, drill_id, "drill")])
    return view


async def search(session: AsyncSession, user: CurrentUser, org_unit_id: uuid.UUID | None, year: int | None,
                 page: int, page_size: int) -> tuple[list[DrillOut], int]:
    conditions = [Drill.held_on.between(date(year, 1, 1), date(year, 12, 31))] if year else []
    rows, total = await page_of(session, user, Drill, Drill.held_on, org_unit_id, conditions, page, page_size)
    return await views(session, rows), total


EXPORT_HEADERS = ("单位", "演练日期", "演练类型", "参加人数", "用时（分钟）", "演练情况", "问题与改进", "照片数", "记录人", "记录时间")
EXPORT_LIMIT = 10_000  # a city's drills in a year are a few thousand


async def export_table(session: AsyncSession, user: CurrentUser, org_unit_id: uuid.UUID | None,
                       year: int | None) -> sheets.Table:
    drills, _ = await search(session, user, org_unit_id, year, 1, EXPORT_LIMIT)
    return sheets.Table("应急演练", EXPORT_HEADERS, [
        (d.org_unit_name, d.held_on.isoformat(), DRILL_NAMES.get(d.kind, d.kind), d.participants, d.duration_minutes or "",
         d.description, d.findings or "", len(d.photos), d.recorded_by_name, f"{d.recorded_at.astimezone(SHANGHAI):%Y-%m-%d %H:%M}")
        for d in drills], (22, 11, 12, 8, 8, 50, 40, 6, 16, 16))
