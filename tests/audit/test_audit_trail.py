"""Every write is audited in its own transaction; the hash chain detects tampering."""

from __future__ import annotations

import uuid

import pytest
from click.testing import CliRunner
from safecampus.audit import services as audit
from safecampus.cli import main
from safecampus.db import AuditEvent, AuditHead, OrgUnit
from safecampus.db.engine import Database
from sqlalchemy import delete, func, select, update


async def _events(db: Database, action: str) -> list[AuditEvent]:
    async with db.session() as session:
        return list((await session.execute(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq))).scalars())


async def _verify(db: Database) -> audit.Verification:
    async with db.session() as session:
        return await audit.verify(session)


async def test_demo_database_verifies(db):
    result = await _verify(db)
    assert result.ok and result.events > 100


async def test_writes_are_audited_with_actor_and_data(client, db, as_user, user_ids):
    headers = await as_user("admin")
    await client.post(f"/api/v1/users/{user_ids['officer']}/disable", headers=headers)
    [login] = [e for e in await _events(db, "auth.login") if e.actor == "admin"]
    [disable] = await _events(db, "user.disable")
    assert disable.actor == "admin" and str(disable.actor_id) == user_ids["admin"]
    assert disable.entity_type == "user" and disable.entity_id == user_ids["officer"]
    assert '"username":"officer"' in disable.data
    assert disable.seq > login.seq and disable.at >= login.at
    assert (await _verify(db)).ok


@pytest.mark.parametrize("tamper", ["edit_data", "edit_actor", "delete_middle", "delete_last"])
async def test_tampering_is_detected_naming_the_event(db, tamper):
    async with db.session() as session:
        last = await session.scalar(select(func.max(AuditEvent.seq)))
        target = 5 if tamper != "delete_last" else last
        if tamper == "edit_data":
            await session.execute(update(AuditEvent).where(AuditEvent.seq == target).values(data='{"forged":true}'))
        elif tamper == "edit_actor":
            await session.execute(update(AuditEvent).where(AuditEvent.seq == target).values(actor="someone-else"))
        else:
            await session.execute(delete(AuditEvent).where(AuditEvent.seq == target))
        await session.commit()
    result = await _verify(db)
    assert not result.ok
    assert result.bad_seq == target


def test_cli_audit_verify_passes_then_fails_after_a_tampered_row(database_url, monkeypatch):
    import asyncio

    monkeypatch.setenv("SAFECAMPUS_DATABASE_URL", database_url)
    runner = CliRunner()
    ok = runner.invoke(main, ["audit", "verify"])
    assert ok.exit_code == 0, ok.output
    assert "intact" in ok.output

    async def tamper() -> None:
        db = Database(database_url)
        async with db.session() as session:
            await session.execute(update(AuditEvent).where(AuditEvent.seq == 3).values(entity_id="forged"))
            await session.commit()
        await db.dispose()

    asyncio.run(tamper())
    broken = runner.invoke(main, ["audit", "verify"])
    assert broken.exit_code == 1
    assert "event #3" in broken.output


async def test_a_write_without_an_audit_event_cannot_commit(db):
    async with db.session() as session:
        unit = (await session.execute(select(OrgUnit).where(OrgUnit.code == "230502-01"))).scalar_one()
        unit.name = "未经审计的修改"
        with pytest.raises(RuntimeError, match="no audit event"):
            await session.commit()
    async with db.session() as session:
        assert (await session.execute(select(OrgUnit.name).where(OrgUnit.code == "230502-01"))).scalar() == "尖山区第一小学"


async def test_audit_event_rolls_back_with_its_write(db):
    async with db.session() as session:
        head_before = (await session.execute(select(AuditHead.last_seq))).scalar()
        await audit.record(session, audit.SYSTEM, "test.write", "org_unit", uuid.uuid4(), {"x": 1})
        await session.rollback()
    async with db.session() as session:
        assert (await session.execute(select(AuditHead.last_seq))).scalar() == head_before
    assert (await _verify(db)).ok


async def test_a_bulk_update_without_an_audit_event_cannot_commit(db):
    from safecampus.db import User

    async with db.session() as session:
        await session.execute(update(User).where(User.username == "principal2").values(role="admin"))
        with pytest.raises(RuntimeError, match="no audit event"):
            await session.commit()
    async with db.session() as session:
        assert (await session.execute(select(User.role).where(User.username == "principal2"))).scalar() == "principal"


async def test_events_of_a_rolled_back_transaction_never_reach_the_chain(db):
    """Recorded, then rolled back before any SQL ran: the next commit must not carry them."""
    from safecampus.audit import services as audit_services
    from safecampus.audit.services import Actor
    from safecampus.db import AuditEvent
    from sqlalchemy import select

    async with db.session() as session:
        await audit_services.record(session, Actor("test"), "test.discarded", "test", None)
        await session.rollback()
        await audit_services.record(session, Actor("test"), "test.kept", "test", None)
        await session.commit()
        actions = list((await session.execute(select(AuditEvent.action).where(
            AuditEvent.entity_type == "test"))).scalars())
        verdict = await audit_services.verify(session)
    assert actions == ["test.kept"] and verdict.ok


async def test_a_rolled_back_audit_event_does_not_excuse_the_next_write(db):
    from safecampus.audit import services as audit_services
    from safecampus.audit.services import Actor
    from safecampus.db import OrgUnit
    from sqlalchemy import update

    async with db.session() as session:
        await audit_services.record(session, Actor("test"), "test.discarded", "test", None)
        await session.rollback()
        await session.execute(update(OrgUnit).where(OrgUnit.code == "230502").values(name="改名未审计"))
        with pytest.raises(RuntimeError, match="no audit event"):
            await session.commit()
