"""The in-app inbox: a person sees and marks read only their own notices."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.audit import services as audit
from safecampus.auth.identity import CurrentUser
from safecampus.db import Notice
from safecampus.db.base import utcnow
from safecampus.notices.schemas import NoticeOut, NoticePage, ReadIn, ReadOut


def _out(notice: Notice) -> NoticeOut:
    return NoticeOut(id=notice.id, kind=notice.kind, title=notice.title, body=notice.body,
                     subject_type=notice.subject_type, subject_id=notice.subject_id, hazard_id=notice.hazard_id,
                     school_id=notice.school_id, link=f"#/hazard/{notice.hazard_id}" if notice.hazard_id else None,
                     created_at=notice.created_at, read_at=notice.read_at)


async def unread(session: AsyncSession, user: CurrentUser) -> int:
    return await session.scalar(select(func.count()).select_from(Notice).where(
        Notice.recipient_id == user.id, Notice.read_at.is_(None))) or 0


async def page(session: AsyncSession, user: CurrentUser, unread_only: bool, number: int, size: int) -> NoticePage:
    conditions = [Notice.recipient_id == user.id] + ([Notice.read_at.is_(None)] if unread_only else [])
    total = await session.scalar(select(func.count()).select_from(Notice).where(*conditions)) or 0
    rows = (await session.execute(select(Notice).where(*conditions)
                                  .order_by(Notice.created_at.desc(), Notice.id)
                                  .offset((number - 1) * size).limit(size))).scalars()
    return NoticePage(items=[_out(n) for n in rows], total=total, unread=await unread(session, user), page=number,
                      page_size=size)


async def mark_read(session: AsyncSession, user: CurrentUser, data: ReadIn) -> ReadOut:
    """Idempotent (a replay from the offline outbox marks nothing new); others' ids are ignored."""
    marked = 0
    if data.all or data.ids:
        stmt = update(Notice).where(Notice.recipient_id == user.id, Notice.read_at.is_(None))
        if not data.all:
            stmt = stmt.where(Notice.id.in_(data.ids))
        marked = (await session.execute(stmt.values(read_at=utcnow()))).rowcount  # type: ignore[attr-defined]
        await audit.record(session, user.actor, "notice.read", "notice", None,
                           {"all": data.all, "ids": [str(i) for i in data.ids], "marked": marked})
        await session.commit()
    return ReadOut(marked=marked, unread=await unread(session, user))
