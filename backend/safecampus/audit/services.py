"""Appending to and verifying the hash-chained audit trail."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import select, update
from sqlalchemy.event import listens_for
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from safecampus.audit.guard import AuditedSession, mark_audited
from safecampus.db.audit import AuditEvent, AuditHead
from safecampus.db.base import utcnow

GENESIS_HASH = "0" * 64


@dataclass(frozen=True, slots=True)
class Actor:
    """Who does a write: a signed-in user, or a named system process (CLI, seeding)."""

    label: str
    id: uuid.UUID | None = None


SYSTEM = Actor(label="system")


def encode_data(data: dict[str, Any]) -> str:
    return msgspec.json.encode(data, order="sorted").decode()


def event_hash(prev_hash: str, *, seq: int, at: datetime, actor_id: uuid.UUID | None, actor: str,
               action: str, entity_type: str, entity_id: str | None, data: str) -> str:
    header = msgspec.json.encode(
        [seq, at.isoformat(), str(actor_id) if actor_id else None, actor, action, entity_type, entity_id]
    )
    return hashlib.sha256(prev_hash.encode() + b"\n" + header + b"\n" + data.encode()).hexdigest()


async def record(session: AsyncSession, actor: Actor, action: str, entity_type: str,
                 entity_id: object | None, data: dict[str, Any] | None = None) -> AuditEvent:
    """Append one event in the caller's transaction. The event gets its sequence number and
    hash when the transaction commits (see _chain_pending): the head row, which serializes
    concurrent appenders so the chain has no gaps or forks, is then locked only for the
    commit itself, not for the rest of the caller's work (measured: README, Performance).
    Until then the returned event has no ``seq`` or ``hash``."""
    event = AuditEvent(
        at=utcnow(),
        actor_id=actor.id,
        actor=actor.label,
        action=action,
        entity_type=entity_type,
        entity_id=None if entity_id is None else str(entity_id),
        data=encode_data(data or {}),
    )
    if not session.in_transaction():
        await session.begin()  # so that a rollback before any SQL still ends it, dropping the event
    session.sync_session.info.setdefault(_PENDING, []).append(event)
    mark_audited(session.sync_session)
    return event


_PENDING = "audit_pending"


@listens_for(AuditedSession, "before_commit")
def _chain_pending(session: Session) -> None:
    """One round trip takes the head row for every event of the transaction, in order."""
    pending: list[AuditEvent] = session.info.pop(_PENDING, [])
    if not pending:
        return
    head = session.execute(
        update(AuditHead).where(AuditHead.id == 1).values(last_seq=AuditHead.last_seq + len(pending))
        .returning(AuditHead.last_seq, AuditHead.last_hash)).one()
    seq, prev_hash = head.last_seq - len(pending), head.last_hash
    for audit_event in pending:
        seq += 1
        audit_event.seq, audit_event.prev_hash = seq, prev_hash
        audit_event.hash = prev_hash = _hash_of(audit_event, prev_hash)
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(last_hash=prev_hash))
    session.add_all(pending)
    session.flush()


@listens_for(AuditedSession, "after_soft_rollback")
def _drop_pending(session: Session, previous_transaction: SessionTransaction) -> None:
    """Whenever the whole transaction is rolled back, even one that never reached the
    database: its events must not ride along with the session's next commit."""
    if previous_transaction.parent is None:
        session.info.pop(_PENDING, None)


def _hash_of(event: AuditEvent, prev_hash: str) -> str:
    return event_hash(prev_hash, seq=event.seq, at=event.at, actor_id=event.actor_id, actor=event.actor,
                      action=event.action, entity_type=event.entity_type, entity_id=event.entity_id,
                      data=event.data)


@dataclass(frozen=True, slots=True)
class Verification:
    ok: bool
    events: int
    bad_seq: int | None = None
    reason: str | None = None


async def verify(session: AsyncSession) -> Verification:
    """Recompute the chain from the first event; report the first event that does not fit."""
    prev_hash, expected_seq, count = GENESIS_HASH, 1, 0
    async for event in await session.stream_scalars(select(AuditEvent).order_by(AuditEvent.seq)):
        count += 1
        if event.seq != expected_seq:
            return Verification(False, count, expected_seq, f"missing (the next event found is #{event.seq})")
        if event.prev_hash != prev_hash:
            return Verification(False, count, event.seq, "does not link to the event before it")
        if _hash_of(event, prev_hash) != event.hash:
            return Verification(False, count, event.seq, "its content does not match its hash (edited)")
        prev_hash, expected_seq = event.hash, expected_seq + 1
    head = (await session.execute(select(AuditHead))).scalar_one()
    if head.last_seq != expected_seq - 1 or head.last_hash != prev_hash:
        return Verification(False, count, head.last_seq, "the chain's tip does not match its last event "
                            "(events were removed from the end)")
    return Verification(True, count)
