"""A unit's outgoing channels, and the deliveries admins watch (failures included)."""

from __future__ import annotations

import uuid
from typing import Literal

from litestar import Controller, get, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import CurrentUser
from safecampus.delivery import services
from safecampus.delivery.schemas import ChannelIn, ChannelOut, DeliveryOut
from safecampus.settings import Settings

DeliveryStatus = Literal["pending", "held", "digested", "sent", "failed"]


class ChannelController(Controller):
    path = "/notice-channels"
    tags = ["notices"]

    @get("/", operation_id="listNoticeChannels", summary="Channels of the units of a subtree (default: the caller's).")
    async def list_channels(self, db_session: NamedDependency[AsyncSession],
                            current_user: NamedDependency[CurrentUser],
                            org_unit_id: FromQuery[uuid.UUID | None] = None) -> list[ChannelOut]:
        return await services.channels(db_session, current_user, org_unit_id)

    @put("/{channel_id:uuid}", operation_id="saveNoticeChannel",
         summary="Create or replace a unit's channel: e-mail, WeCom or DingTalk group robot, generic webhook; "
                 "digest: one message a day. Robots must be WeCom's or DingTalk's own URL, a webhook https to a "
                 "public address (400 channel_target_not_allowed); secret left out keeps the stored one.")
    async def save(self, channel_id: FromPath[uuid.UUID], data: JSONBody[ChannelIn],
                   db_session: NamedDependency[AsyncSession], current_user: NamedDependency[CurrentUser],
                   settings: NamedDependency[Settings]) -> ChannelOut:
        return await services.save(db_session, current_user, channel_id, data, settings.channel_hosts_allowed)


class DeliveryController(Controller):
    path = "/deliveries"
    tags = ["notices"]

    @get("/", operation_id="listDeliveries",
         summary="Admins: deliveries to the channels of a subtree, newest first (at most 500); status=failed "
                 "shows those given up after the last retry.")
    async def list_deliveries(self, db_session: NamedDependency[AsyncSession],
                              current_user: NamedDependency[CurrentUser],
                              org_unit_id: FromQuery[uuid.UUID | None] = None,
                              status: FromQuery[DeliveryStatus | None] = None) -> list[DeliveryOut]:
        return await services.deliveries(db_session, current_user, org_unit_id, status)
