from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

import msgspec

from safecampus.schemas import Schema

ChannelKind = Literal["email", "wecom", "dingtalk", "webhook"]


class ChannelIn(Schema):
    """A channel of a unit: ``target`` is comma-separated e-mail addresses (email) or the
    robot's / webhook's URL (WeCom: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…,
    DingTalk: https://oapi.dingtalk.com/robot/send?access_token=…, a webhook: https to a public
    address); ``secret`` is DingTalk's signing secret (加签): left out, the stored one is kept;
    null or "" clears it."""

    org_unit_id: uuid.UUID
    kind: ChannelKind
    target: Annotated[str, msgspec.Meta(min_length=3, max_length=1000)]
    secret: Annotated[str, msgspec.Meta(max_length=200)] | None | msgspec.UnsetType = msgspec.UNSET
    digest: bool = False
    active: bool = True


class ChannelOut(Schema):
    id: uuid.UUID
    org_unit_id: uuid.UUID
    unit_name: str
    kind: str
    target: str
    has_secret: bool  # the secret itself is never sent back
    digest: bool
    active: bool
    version: int


class DeliveryOut(Schema):
    id: uuid.UUID
    channel_id: uuid.UUID
    channel_kind: str
    unit_name: str
    kind: str
    title: str
    status: str  # pending, held (for the digest), digested, sent, failed (gave up)
    attempts: int
    last_error: str | None
    next_attempt_at: datetime
    created_at: datetime
    sent_at: datetime | None
