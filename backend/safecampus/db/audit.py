"""The append-only, hash-chained audit trail."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from safecampus.db.base import Base, UTCDateTime


class AuditEvent(Base):
    """One audited write. ``hash`` = SHA-256(previous hash + canonical event), so editing,
    deleting or reordering any row breaks every hash after it."""

    __tablename__ = "audit_event"
    # A record's timeline is read from its audit events.
    __table_args__ = (Index("ix_audit_event_entity", "entity_type", "entity_id"),)

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                     autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64), index=True)
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(80))
    # Kept as the exact canonical JSON text that was hashed: a JSON column could
    # re-serialize it (key order, number format) and break verification.
    data: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The single row holding the chain's tip. Appenders update it first, which takes a
    row lock (PostgreSQL) or the write lock (SQLite): the chain stays linear under load."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    last_hash: Mapped[str] = mapped_column(String(64))
