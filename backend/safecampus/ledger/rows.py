"""Ledger rows, read in batches so that exports of any size run in bounded memory."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.accounts.services import display_names
from safecampus.db import Hazard, HazardPhoto, OrgUnit, Rectification, Section
from safecampus.hazards.rules import SHANGHAI, is_overdue
from safecampus.photos.holding import held_by_hazard

BATCH = 500
STATUS_NAMES = {"open": "待整改", "rectifying": "整改中", "submitted": "待验收", "closed": "已销号"}
GRADE_NAMES = {"general": "一般", "major": "重大"}
HEADERS = ("编号", "学校", "发现日期", "检查人", "隐患位置", "隐患描述", "类别", "等级", "责任科室", "整改措施",
           "整改期限", "整改责任人", "状态", "是否逾期", "销号日期", "验收人")


@dataclass(frozen=True, slots=True)
class LedgerRow:
    values: tuple[str, ...]  # in the order of HEADERS
    before_photo: str | None  # first evidence photo
    after_photo: str | None  # first photo of the latest proof


def _day(moment: datetime | None) -> str:
    return f"{moment.astimezone(SHANGHAI):%Y-%m-%d}" if moment else ""


async def _batch(session: AsyncSession, rows: Sequence[tuple[Hazard, OrgUnit]], sections: dict[str, str],
                 today: date) -> list[LedgerRow]:
    ids = [h.id for h, _ in rows]
    latest: dict[uuid.UUID, Rectification] = {}
    # The proof that counts: accepted or still waiting; a rejected one is not the "after".
    for rect in (await session.execute(select(Rectification).where(
            Rectification.hazard_id.in_(ids), Rectification.decision.is_distinct_from("rejected"))
            .order_by(Rectification.submitted_at))).scalars():
        latest[rect.hazard_id] = rect  # ordered, so the last one wins
    held = await held_by_hazard(session, ids)
    before: dict[uuid.UUID, str] = {}
    after: dict[uuid.UUID, str] = {}
    for link in (await session.execute(select(HazardPhoto).where(HazardPhoto.hazard_id.in_(ids))
                                       .order_by(HazardPhoto.position.desc()))).scalars():
        if (link.hazard_id, link.sha256) not in held:
            continue
        if link.role == "evidence":
            before[link.hazard_id] = link.sha256  # descending positions: position 0 is written last
        elif link.hazard_id in latest and link.rectification_id == latest[link.hazard_id].id:
            after[link.hazard_id] = link.sha256
    names = await display_names(session, [h.found_by for h, _ in rows] + [h.closed_by for h, _ in rows])
    result = []
    for hazard, school in rows:
        rect = latest.get(hazard.id)
        result.append(LedgerRow(values=(
            str(hazard.id)[:8].upper(), school.name, _day(hazard.found_at), names.get(hazard.found_by, ""),
            hazard.location_note or "", hazard.description, hazard.category or "", GRADE_NAMES[hazard.grade],
            sections.get(hazard.section_code or "", ""), rect.measures if rect else "", hazard.due_on.isoformat(),
            hazard.responsible_person or "", STATUS_NAMES[hazard.status],
            "是" if is_overdue(hazard.status, hazard.due_on, today) else "否", _day(hazard.closed_at),
            names.get(hazard.closed_by, "") if hazard.closed_by else "",
        ), before_photo=before.get(hazard.id), after_photo=after.get(hazard.id)))
    return result


async def ledger_rows(session: AsyncSession, stmt: Select[tuple[Hazard, OrgUnit]],
                      today: date) -> AsyncIterator[list[LedgerRow]]:
    sections = dict((await session.execute(select(Section.code, Section.name))).all())
    result = await session.stream(stmt.execution_options(yield_per=BATCH))
    async for partition in result.partitions(BATCH):
        yield await _batch(session, partition, sections, today)
