"""A safety net under the rule "every write is audited in the same transaction":
a session that changed any model (through the ORM or a bulk INSERT/UPDATE/DELETE) but
recorded no audit event refuses to commit."""

from __future__ import annotations

from itertools import chain
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from safecampus.db.audit import AuditEvent, AuditHead

_AUDIT_MODELS = (AuditEvent, AuditHead)
_AUDIT_TABLES = frozenset({AuditEvent.__tablename__, AuditHead.__tablename__})


class AuditedSession(Session):
    """The session class of every engine in SafeCampus."""


def mark_audited(session: Session) -> None:
    session.info["audited"] = True


@event.listens_for(AuditedSession, "before_flush")
def _track_writes(session: Session, _context: Any, _instances: Any) -> None:
    dirty = (obj for obj in session.dirty if session.is_modified(obj))
    if any(not isinstance(obj, _AUDIT_MODELS) for obj in chain(session.new, dirty, session.deleted)):
        session.info["unaudited_writes"] = True


@event.listens_for(AuditedSession, "do_orm_execute")
def _track_bulk_writes(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) not in _AUDIT_TABLES:
            state.session.info["unaudited_writes"] = True


@event.listens_for(AuditedSession, "before_commit")
def _refuse_unaudited_commit(session: Session) -> None:
    session.flush()  # commit flushes after this hook; flush now so pending changes are seen
    if session.info.get("unaudited_writes") and not session.info.get("audited"):
        raise RuntimeError("refusing to commit a write that recorded no audit event")


@event.listens_for(AuditedSession, "after_commit")
def _reset(session: Session) -> None:
    session.info.pop("unaudited_writes", None)
    session.info.pop("audited", None)


@event.listens_for(AuditedSession, "after_soft_rollback")
def _reset_after_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    """Also when the rolled-back transaction never reached the database (an audit event was
    recorded, nothing else): its "audited" mark must not excuse the next transaction."""
    if previous_transaction.parent is None:
        _reset(session)
