"""Configuring a unit's channels, and what admins see of deliveries."""

from __future__ import annotations

import re
import uuid

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.audit import services as audit
from safecampus.auth.identity import CurrentUser
from safecampus.db import Delivery, NoticeChannel, OrgUnit
from safecampus.delivery import targets
from safecampus.delivery.schemas import ChannelIn, ChannelOut, DeliveryOut
from safecampus.errors import Forbidden, InvalidInput
from safecampus.orgs.scope import ensure_unit_manager, unit_in_scope, within

_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")
LIMIT = 500


def _check_target(data: ChannelIn, allowed: tuple[str, ...]) -> None:
    if data.kind == "email":
        addresses = [a.strip() for a in data.target.replace(";", ",").split(",") if a.strip()]
        if not addresses or not all(_EMAIL.match(a) for a in addresses):
            raise InvalidInput("target must be e-mail addresses separated by commas.", code="invalid_target")
        return
    try:
        targets.check(data.kind, data.target, allowed)
    except targets.TargetInvalid as exc:
        raise InvalidInput(str(exc), code="invalid_target") from None
    except targets.TargetNotAllowed as exc:
        raise InvalidInput(str(exc), code="channel_target_not_allowed") from None


def _out(channel: NoticeChannel, unit: OrgUnit) -> ChannelOut:
    return ChannelOut(id=channel.id, org_unit_id=unit.id, unit_name=unit.name, kind=channel.kind,
                      target=channel.target, has_secret=bool(channel.secret), digest=channel.digest,
                      active=channel.active, version=channel.version)


async def save(session: AsyncSession, user: CurrentUser, channel_id: uuid.UUID, data: ChannelIn,
               allowed: tuple[str, ...] = ()) -> ChannelOut:
    """Create or replace a channel of a unit the caller manages (an admin in scope, or the
    school's principal). ``secret`` left out keeps the stored one; null or "" clears it."""
    unit = await unit_in_scope(session, user.org_path, data.org_unit_id)
    ensure_unit_manager(user, unit)
    _check_target(data, allowed)
    channel = await session.get(NoticeChannel, channel_id)
    if channel is None:
        channel = NoticeChannel(id=channel_id, version=0)
        session.add(channel)
    else:
        await unit_in_scope(session, user.org_path, channel.org_unit_id)
    channel.org_unit_id, channel.kind, channel.target = unit.id, data.kind, data.target
    if data.secret is not msgspec.UNSET:
        channel.secret = data.secret or None
    channel.digest, channel.active = data.digest, data.active
    channel.version += 1
    await audit.record(session, user.actor, "channel.save", "notice_channel", channel_id, {
        "org_unit_id": str(unit.id), "kind": data.kind, "target": data.target, "digest": data.digest,
        "active": data.active, "secret_set": bool(channel.secret),
        "secret_changed": data.secret is not msgspec.UNSET})
    await session.commit()
    return _out(channel, unit)


async def channels(session: AsyncSession, user: CurrentUser, org_unit_id: uuid.UUID | None) -> list[ChannelOut]:
    """Only those who manage a unit's channels see them: a robot's URL is itself the key that
    lets anyone post into the group chat."""
    root = await unit_in_scope(session, user.org_path, org_unit_id or user.org_unit_id)
    ensure_unit_manager(user, root)
    rows = await session.execute(select(NoticeChannel, OrgUnit).join(OrgUnit, OrgUnit.id == NoticeChannel.org_unit_id)
                                 .where(within(root.path)).order_by(OrgUnit.path, NoticeChannel.kind).limit(LIMIT))
    return [_out(c, u) for c, u in rows]


async def deliveries(session: AsyncSession, user: CurrentUser, org_unit_id: uuid.UUID | None,
                     status: str | None) -> list[DeliveryOut]:
    if user.role != "admin":
        raise Forbidden("Deliveries are for admins to watch.", code="forbidden")
    root = await unit_in_scope(session, user.org_path, org_unit_id or user.org_unit_id)
    stmt = (select(Delivery, NoticeChannel, OrgUnit).join(NoticeChannel, NoticeChannel.id == Delivery.channel_id)
            .join(OrgUnit, OrgUnit.id == NoticeChannel.org_unit_id).where(within(root.path)))
    if status:
        stmt = stmt.where(Delivery.status == status)
    rows = await session.execute(stmt.order_by(Delivery.created_at.desc(), Delivery.id).limit(LIMIT))
    return [DeliveryOut(id=d.id, channel_id=c.id, channel_kind=c.kind, unit_name=u.name, kind=d.kind, title=d.title,
                        status=d.status, attempts=d.attempts, last_error=d.last_error,
                        next_attempt_at=d.next_attempt_at, created_at=d.created_at, sent_at=d.sent_at)
            for d, c, u in rows]
