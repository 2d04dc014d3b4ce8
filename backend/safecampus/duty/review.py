"""The half-year review (每半年组织一次检查考核, 第七条(三), 第十二条): an admin or inspector of a
unit above scores each item of a confirmed list, once per half-year. It freezes nothing: the
unit goes on reporting progress, and the scores stay as given."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.audit import services as audit
from safecampus.auth.identity import CurrentUser
from safecampus.db import DutyItem, DutyReview, DutyReviewScore
from safecampus.duty import lists, rules
from safecampus.duty.schemas import ReviewIn
from safecampus.errors import Conflict, InvalidInput
from safecampus.idempotency import ensure_same
from safecampus.orgs.scope import ensure_authority_over


async def put(session: AsyncSession, user: CurrentUser, list_id: uuid.UUID, half: int, data: ReviewIn,
              digest: str) -> bool:
    """Returns whether the review was recorded now; the same review sent again is a replay."""
    duty_list, unit, _ = await lists.load(session, user, list_id, for_update=True)
    ensure_authority_over(user, unit)
    existing = await session.scalar(select(DutyReview).where(DutyReview.list_id == duty_list.id,
                                                             DutyReview.half == half))
    if existing is not None:
        ensure_same(existing.content_hash, digest, "review")  # one review per half-year
        return False
    if duty_list.status != "confirmed":
        raise Conflict("The unit has not confirmed this list yet: targets are reviewed once settled.",
                       code="list_not_confirmed")
    if not rules.half_open(duty_list.year, half):
        month, day = rules.HALF_OPENS[half]
        raise InvalidInput(f"The review of half {half} of {duty_list.year} opens on {duty_list.year}-{month:02}-{day:02}.",
                           code="review_not_open")
    item_ids = set((await session.execute(select(DutyItem.id).where(DutyItem.list_id == duty_list.id))).scalars())
    given = [s.item_id for s in data.scores]
    if len(set(given)) != len(given) or set(given) != item_ids:
        raise InvalidInput("Score every item of the list exactly once.", code="scores_incomplete",
                           details={"missing": sorted(map(str, item_ids - set(given))),
                                    "unknown": sorted(map(str, set(given) - item_ids))})
    review = DutyReview(id=uuid.uuid4(), list_id=duty_list.id, half=half, reviewer_id=user.id, comment=data.comment,
                        content_hash=digest)
    session.add(review)
    session.add_all(DutyReviewScore(review_id=review.id, item_id=s.item_id, score=s.score, comment=s.comment)
                    for s in data.scores)
    await audit.record(session, user.actor, "duty_list.review", "duty_list", duty_list.id,
                       {"org_unit": unit.code, "year": duty_list.year, "half": half,
                        "average": round(sum(s.score for s in data.scores) / len(data.scores), 1)})
    try:
        await session.commit()
    except IntegrityError as exc:  # two reviewers of the same half at once: the first one stands
        await session.rollback()
        raise Conflict("This half-year was reviewed at the same moment by someone else; reload.",
                       code="review_exists") from exc
    return True
