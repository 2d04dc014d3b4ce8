"""The outbox of deliveries: queued in the transaction of the event, sent by the notice
job. Workers claim a delivery (a conditional UPDATE whose row count says who won) before
sending, so two workers never send the same one; a failure is retried with backoff and,
after the last attempt, stays ``failed`` for admins to see."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Final

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.audit import services as audit
from safecampus.db import Delivery, NoticeChannel
from safecampus.db.engine import Database
from safecampus.delivery import smtp, webhooks
from safecampus.delivery.message import DeliveryFailed, Message
from safecampus.hazards.rules import SHANGHAI, shanghai_date
from safecampus.notices.store import insert_ignore
from safecampus.settings import Settings

NOTIFIER: Final = audit.Actor(label="notify")
LEASE: Final = timedelta(minutes=5)  # a worker that dies mid-send frees its claim after this
BACKOFF_BASE: Final = timedelta(minutes=1)
BACKOFF_CAP: Final = timedelta(hours=6)
BATCH: Final = 50


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 ... minutes after the n-th failed attempt, at most 6 hours."""
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


@dataclass(frozen=True, slots=True)
class Queued:
    """A message for the channels of one unit; ``key`` makes it once per channel."""

    unit_id: uuid.UUID
    key: str
    kind: str
    hazard_id: uuid.UUID | None
    title: str
    body: str


async def enqueue(session: AsyncSession, messages: Sequence[Queued], now: datetime) -> None:
    """One query for the units' channels, one insert for all the deliveries."""
    if not messages:
        return
    channels = (await session.execute(select(NoticeChannel.id, NoticeChannel.org_unit_id, NoticeChannel.digest)
                                      .where(NoticeChannel.org_unit_id.in_({m.unit_id for m in messages}),
                                             NoticeChannel.active))).all()
    await insert_ignore(session, Delivery.__table__, [  # type: ignore[arg-type]
        {"id": uuid.uuid4(), "channel_id": channel_id, "dedupe_key": m.key, "kind": m.kind, "hazard_id": m.hazard_id,
         "title": m.title, "body": m.body, "status": "held" if digest else "pending", "attempts": 0,
         "next_attempt_at": now, "created_at": now}
        for m in messages for channel_id, unit_id, digest in channels if unit_id == m.unit_id],
        ("channel_id", "dedupe_key"))


async def gather_digests(session: AsyncSession, now: datetime) -> int:
    """Once a (Shanghai) day, each digest channel's held deliveries from before today become
    one message. Safe to run twice or at once: the digest is unique per channel and day."""
    today = shanghai_date(now)
    start = datetime.combine(today, time(0), SHANGHAI)
    waiting = (await session.execute(select(Delivery.channel_id).where(
        Delivery.status == "held", Delivery.created_at < start).group_by(Delivery.channel_id))).scalars().all()
    for channel_id in waiting:
        key = f"digest:{today}"
        await insert_ignore(session, Delivery.__table__, [{  # type: ignore[arg-type]
            "id": uuid.uuid4(), "channel_id": channel_id, "dedupe_key": key, "kind": "digest",
            "title": f"校园安全提醒日报（{today}）", "body": "", "status": "pending", "attempts": 0,
            "next_attempt_at": now, "created_at": now}], ("channel_id", "dedupe_key"))
        digest_id = (await session.execute(select(Delivery.id).where(
            Delivery.channel_id == channel_id, Delivery.dedupe_key == key))).scalar_one()
        await session.execute(update(Delivery).where(
            Delivery.channel_id == channel_id, Delivery.status == "held", Delivery.created_at < start)
            .values(status="digested", digest_id=digest_id))
        items = (await session.execute(select(Delivery.title, Delivery.body).where(
            Delivery.digest_id == digest_id).order_by(Delivery.created_at, Delivery.id))).all()
        body = "\n".join(f"{n}. {title}：{body.splitlines()[0] if body else ''}"
                         for n, (title, body) in enumerate(items, 1))
        await session.execute(update(Delivery).where(Delivery.id == digest_id, Delivery.attempts == 0)
                              .values(body=f"共 {len(items)} 条提醒\n{body}"))
    if waiting:
        await audit.record(session, NOTIFIER, "delivery.digest", "delivery", None,
                           {"day": today.isoformat(), "channels": [str(c) for c in waiting]})
    return len(waiting)


def _claimable(now: datetime) -> list:  # type: ignore[type-arg]
    return [Delivery.status == "pending", Delivery.next_attempt_at <= now,
            or_(Delivery.claimed_until.is_(None), Delivery.claimed_until < now)]


async def claim(session: AsyncSession, now: datetime, limit: int = BATCH) -> list[uuid.UUID]:
    candidates = (await session.execute(select(Delivery.id).where(*_claimable(now))
                                        .order_by(Delivery.next_attempt_at, Delivery.id).limit(limit))).scalars().all()
    won = []
    for delivery_id in candidates:
        result = await session.execute(update(Delivery).where(Delivery.id == delivery_id, *_claimable(now))
                                       .values(claimed_until=now + LEASE, attempts=Delivery.attempts + 1))
        if result.rowcount == 1:  # type: ignore[attr-defined]
            won.append(delivery_id)
    if candidates:
        await audit.record(session, NOTIFIER, "delivery.claim", "delivery", None, {"ids": [str(i) for i in won]})
    await session.commit()
    return won


async def _send(settings: Settings, channel: NoticeChannel, delivery: Delivery, now: datetime) -> None:
    link = f"{settings.public_url}/#/hazard/{delivery.hazard_id}" if settings.public_url and delivery.hazard_id else None
    message = Message(delivery.kind, delivery.title, delivery.body, delivery.hazard_id, link)
    if channel.kind == "email":
        await smtp.send(settings, channel.target, message)
    else:
        await webhooks.send(channel.kind, channel.target, channel.secret, message, int(now.timestamp() * 1000),
                            settings.channel_hosts_allowed)


async def process(db: Database, settings: Settings, now: datetime) -> tuple[int, int]:
    """Claim and send what is due; returns (sent, failed attempts)."""
    async with db.session() as session:
        won = await claim(session, now)
    if not won:
        return 0, 0
    async with db.session(read_only=True) as session:
        rows = (await session.execute(select(Delivery, NoticeChannel).join(
            NoticeChannel, NoticeChannel.id == Delivery.channel_id).where(Delivery.id.in_(won)))).all()
    errors: dict[uuid.UUID, str] = {}
    for delivery, channel in rows:
        try:
            await _send(settings, channel, delivery, now)
        except DeliveryFailed as exc:
            errors[delivery.id] = str(exc)[:1000]
    async with db.session() as session:
        for delivery, _ in rows:
            if delivery.id not in errors:
                values = {"status": "sent", "sent_at": now, "last_error": None}
            else:
                final = delivery.attempts >= settings.delivery_max_attempts
                values = {"status": "failed" if final else "pending", "last_error": errors[delivery.id],
                          "next_attempt_at": now + backoff(delivery.attempts)}
            await session.execute(update(Delivery).where(Delivery.id == delivery.id)
                                  .values(claimed_until=None, **values))
        await audit.record(session, NOTIFIER, "delivery.attempt", "delivery", None, {
            "sent": [str(d.id) for d, _ in rows if d.id not in errors],
            "failed": {str(i): e for i, e in errors.items()}})
        await session.commit()
    return len(rows) - len(errors), len(errors)


async def counts(session: AsyncSession) -> dict[str, int]:
    return dict((await session.execute(select(Delivery.status, func.count()).group_by(Delivery.status))).all())
