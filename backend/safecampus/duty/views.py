"""Reading lists: one list with its items, evidence and scores; the overview of a unit's
leaders and where their lists for a year stand."""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.accounts.services import display_names
from safecampus.auth.identity import CurrentUser
from safecampus.db import DutyEvidence, DutyItem, DutyList, DutyReview, DutyReviewScore, Leader, OrgUnit, User
from safecampus.duty import lists, rules
from safecampus.duty.schemas import (
    DutyListOut,
    DutyOverview,
    EvidenceOut,
    ItemOut,
    ItemScore,
    LeaderBrief,
    LeaderListRow,
    ReviewOut,
)
from safecampus.hazards.rules import today
from safecampus.orgs.scope import unit_in_scope, within


def brief(leader: Leader) -> LeaderBrief:
    return LeaderBrief(id=leader.id, name=leader.name, position=leader.position, duty_role=leader.duty_role)


async def read(session: AsyncSession, user: CurrentUser, list_id: uuid.UUID) -> DutyListOut:
    duty_list, unit, leader = await lists.load(session, user, list_id)
    items = list((await session.execute(select(DutyItem).where(DutyItem.list_id == duty_list.id)
                                        .order_by(DutyItem.position))).scalars())
    item_ids = [i.id for i in items]
    evidence = list((await session.execute(select(DutyEvidence).where(DutyEvidence.item_id.in_(item_ids))
                                           .order_by(DutyEvidence.added_at, DutyEvidence.id))).scalars())
    reviews = list((await session.execute(select(DutyReview, OrgUnit.name)
                                          .join(User, User.id == DutyReview.reviewer_id)
                                          .join(OrgUnit, OrgUnit.id == User.org_unit_id)
                                          .where(DutyReview.list_id == duty_list.id).order_by(DutyReview.half))).all())
    half_of = {review.id: review.half for review, _ in reviews}
    scores = list((await session.execute(select(DutyReviewScore).where(
        DutyReviewScore.review_id.in_(half_of)))).scalars()) if half_of else []
    names = await display_names(session, [e.added_by for e in evidence] + [r.reviewer_id for r, _ in reviews])
    by_item: dict[uuid.UUID, list[EvidenceOut]] = defaultdict(list)
    for e in evidence:
        by_item[e.item_id].append(EvidenceOut(id=e.id, kind=e.kind, ref_id=e.ref_id, photo=e.photo_sha256,
                                              label=e.label, note=e.note, added_by_name=names.get(e.added_by, ""),
                                              added_at=e.added_at))
    scored: dict[uuid.UUID, list[ItemScore]] = defaultdict(list)
    per_review: dict[uuid.UUID, list[int]] = defaultdict(list)
    for s in scores:
        scored[s.item_id].append(ItemScore(half=half_of[s.review_id], score=s.score, comment=s.comment))
        per_review[s.review_id].append(s.score)
    on = today()
    return DutyListOut(
        id=duty_list.id, org_unit_id=unit.id, org_unit_name=unit.name, leader=brief(leader), year=duty_list.year,
        status=duty_list.status, version=duty_list.version,
        items=[ItemOut(id=i.id, position=i.position, template_code=i.template_code, article=i.article, text=i.text,
                       target=i.target, due_on=i.due_on, status=i.status, note=i.note, version=i.version,
                       overdue=rules.overdue(i.status, i.due_on, on), evidence=by_item[i.id],
                       scores=sorted(scored[i.id], key=lambda s: s.half)) for i in items],
        reviews=[ReviewOut(half=r.half, reviewer_name=names.get(r.reviewer_id, ""), reviewer_unit=unit_name,
                           reviewed_at=r.reviewed_at, comment=r.comment, average=_mean(per_review[r.id]))
                 for r, unit_name in reviews],
        may_edit=rules.may_edit(user, unit), may_report_progress=rules.may_report_progress(user, unit, leader),
        reviewable_halves=rules.reviewable_halves(user, unit, duty_list, set(half_of.values())))


def _mean(values: list[int]) -> float:
    return round(sum(values) / len(values), 1) if values else 0.0


async def overview(session: AsyncSession, user: CurrentUser, unit_id: uuid.UUID | None, year: int) -> DutyOverview:
    """Every active leader of the subtree (and any leader who has a list that year)."""
    rules.check_year(year)
    root = await unit_in_scope(session, user.org_path, unit_id or user.org_unit_id)
    rows = (await session.execute(
        select(Leader, OrgUnit, DutyList)
        .join(OrgUnit, OrgUnit.id == Leader.org_unit_id)
        .outerjoin(DutyList, (DutyList.leader_id == Leader.id) & (DutyList.year == year))
        .where(within(root.path), or_(Leader.active.is_(True), DutyList.id.is_not(None)))
        .order_by(OrgUnit.path, Leader.duty_role, Leader.name))).all()
    list_ids = [dl.id for _, _, dl in rows if dl is not None]
    items: dict[uuid.UUID, list[DutyItem]] = defaultdict(list)
    halves: dict[tuple[uuid.UUID, int], list[int]] = defaultdict(list)
    if list_ids:
        for item in (await session.execute(select(DutyItem).where(DutyItem.list_id.in_(list_ids)))).scalars():
            items[item.list_id].append(item)
        for list_id, half, score in await session.execute(
                select(DutyReview.list_id, DutyReview.half, DutyReviewScore.score)
                .join(DutyReviewScore, DutyReviewScore.review_id == DutyReview.id)
                .where(DutyReview.list_id.in_(list_ids))):
            halves[(list_id, half)].append(score)
    on = today()

    def average(list_id: uuid.UUID, half: int) -> float | None:
        return _mean(halves[(list_id, half)]) if halves.get((list_id, half)) else None

    return DutyOverview(org_unit_id=root.id, year=year, may_create=rules.may_edit(user, root), leaders=[
        LeaderListRow(leader=brief(leader), org_unit_id=unit.id, org_unit_name=unit.name,
                      list_id=dl.id if dl else None, status=dl.status if dl else None,
                      items=len(items[dl.id]) if dl else 0,
                      done=sum(i.status == "done" for i in items[dl.id]) if dl else 0,
                      overdue=sum(rules.overdue(i.status, i.due_on, on) for i in items[dl.id]) if dl else 0,
                      h1_average=average(dl.id, 1) if dl else None, h2_average=average(dl.id, 2) if dl else None)
        for leader, unit, dl in rows])
