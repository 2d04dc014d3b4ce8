"""The year's responsibility lists of a subtree as one xlsx sheet: a row per item, headers in
Chinese. A subtree's lists are a few thousand rows at most, so the book is built in memory."""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus import sheets
from safecampus.auth.identity import CurrentUser
from safecampus.db import DutyEvidence, DutyItem, DutyList, DutyReview, DutyReviewScore, Leader, OrgUnit
from safecampus.duty import rules
from safecampus.duty.printing import LIST_STATUS, ROLE_NAMES, STATUS_NAMES
from safecampus.hazards.rules import today
from safecampus.orgs.scope import unit_in_scope, within

HEADERS = ("单位", "年度", "责任人", "职务", "责任类别", "清单状态", "序号", "条款", "职责内容", "工作目标", "完成时限",
           "完成情况", "是否逾期", "本人说明", "佐证数", "上半年评分", "上半年评语", "下半年评分", "下半年评语")
_WIDTHS = (22, 6, 10, 16, 20, 8, 5, 12, 50, 40, 11, 8, 8, 30, 6, 8, 24, 8, 24)


async def rows(session: AsyncSession, user: CurrentUser, unit_id: uuid.UUID | None, year: int) -> list[tuple]:
    rules.check_year(year)
    root = await unit_in_scope(session, user.org_path, unit_id or user.org_unit_id)
    found = (await session.execute(
        select(DutyItem, DutyList, Leader, OrgUnit).join(DutyList, DutyList.id == DutyItem.list_id)
        .join(Leader, Leader.id == DutyList.leader_id).join(OrgUnit, OrgUnit.id == DutyList.org_unit_id)
        .where(within(root.path), DutyList.year == year)
        .order_by(OrgUnit.path, Leader.duty_role, Leader.name, DutyItem.position))).all()
    item_ids = [item.id for item, *_ in found]
    evidence: dict[uuid.UUID, int] = defaultdict(int)
    scores: dict[tuple[uuid.UUID, int], DutyReviewScore] = {}
    if item_ids:
        for (item_id,) in await session.execute(select(DutyEvidence.item_id).where(DutyEvidence.item_id.in_(item_ids))):
            evidence[item_id] += 1
        for score, half in await session.execute(select(DutyReviewScore, DutyReview.half)
                                                 .join(DutyReview, DutyReview.id == DutyReviewScore.review_id)
                                                 .where(DutyReviewScore.item_id.in_(item_ids))):
            scores[(score.item_id, half)] = score
    on = today()

    def half(item: DutyItem, number: int) -> tuple[object, str]:
        score = scores.get((item.id, number))
        return (score.score, score.comment or "") if score else ("", "")

    return [(unit.name, duty_list.year, leader.name, leader.position, ROLE_NAMES.get(leader.duty_role, ""),
             LIST_STATUS.get(duty_list.status, ""), item.position, item.article or "自定", item.text, item.target,
             item.due_on.isoformat(), STATUS_NAMES.get(item.status, item.status),
             "是" if rules.overdue(item.status, item.due_on, on) else "否", item.note or "", evidence[item.id],
             *half(item, 1), *half(item, 2))
            for item, duty_list, leader, unit in found]


async def xlsx(session: AsyncSession, user: CurrentUser, unit_id: uuid.UUID | None, year: int) -> bytes:
    return await sheets.workbook(sheets.Table("安全管理责任清单", HEADERS, await rows(session, user, unit_id, year), _WIDTHS))
