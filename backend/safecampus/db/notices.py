"""Notices to people (the in-app inbox), the channels a unit sends them out on, and the
outbox of deliveries to those channels."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from safecampus.db.base import Base, UTCDateTime, new_id, utcnow


class Notice(Base):
    """One thing that waits for one person. ``reason`` says why (with what makes it
    distinct, e.g. ``due_soon:3d:2026-05-10``): each (recipient, subject, reason) is told once."""

    __tablename__ = "notice"
    __table_args__ = (
        UniqueConstraint("recipient_id", "subject_type", "subject_id", "reason", name="uq_notice_once"),
        Index("ix_notice_inbox", "recipient_id", "created_at"),
        Index("ix_notice_unread", "recipient_id", postgresql_where=text("read_at IS NULL"),
              sqlite_where=text("read_at IS NULL")),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    recipient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"))
    kind: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(80))
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    hazard_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("hazard.id"), index=True)
    school_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("org_unit.id"))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class NoticeChannel(Base):
    """Where a unit's notices also go: ``email`` (target: addresses), ``wecom`` and
    ``dingtalk`` group robots and a generic ``webhook`` (target: URL). ``digest``: one
    message a day instead of a stream."""

    __tablename__ = "notice_channel"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    org_unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("org_unit.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    target: Mapped[str] = mapped_column(String(1000))
    secret: Mapped[str | None] = mapped_column(String(200))
    digest: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Delivery(Base):
    """One message to one channel, sent by the notice job (never by the request that caused
    it). ``pending`` until sent or given up (``failed``); ``held`` waits for the channel's
    daily digest, which then sends it (``digested`` with ``digest_id``)."""

    __tablename__ = "delivery"
    __table_args__ = (
        UniqueConstraint("channel_id", "dedupe_key", name="uq_delivery_once"),
        Index("ix_delivery_due", "status", "next_attempt_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    channel_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("notice_channel.id"))
    dedupe_key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    hazard_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("hazard.id"))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    digest_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
