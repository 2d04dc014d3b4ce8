"""`safecampus demo --scale N`: a small synthetic history on each database, checked for the
consistency the rest of the app relies on."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import pytest
from click.testing import CliRunner
from safecampus.auth.identity import CurrentUser
from safecampus.cli import main
from safecampus.dashboard import services
from safecampus.db import (
    AuditEvent,
    Checklist,
    ChecklistItem,
    Hazard,
    Inspection,
    InspectionResult,
    OrgUnit,
    Rectification,
)
from safecampus.db.engine import Database
from safecampus.hazards.rules import RECURRENCE_WINDOW, today
from sqlalchemy import func, select


@pytest.fixture
def scaled(database_url, monkeypatch) -> str:
    monkeypatch.setenv("SAFECAMPUS_DATABASE_URL", database_url)
    result = CliRunner().invoke(main, ["demo", "--scale", "3", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert "3/3 schools" in result.output and "3 schools" in result.output
    again = CliRunner().invoke(main, ["demo", "--scale", "3"])
    assert again.exit_code == 0 and "already loaded (3 schools)" in again.output
    return database_url


def test_the_history_is_consistent(scaled):
    asyncio.run(_check(scaled))
    assert CliRunner().invoke(main, ["audit", "verify"]).exit_code == 0


async def _check(url: str) -> None:
    db = Database(url)
    try:
        async with db.session(read_only=True) as session:
            hazards = {h.id: h for h in (await session.execute(select(Hazard))).scalars()}
            assert len(hazards) > 300
            await _closed_hazards_were_accepted(session, hazards)
            _recurrences_follow_the_rule(hazards)
            await _results_follow_the_templates(session, hazards)
            await _dashboard_counts_every_hazard(session, hazards)
            loads = (await session.execute(select(AuditEvent).where(AuditEvent.action == "demo.synthetic_load")))
            assert len(loads.scalars().all()) == 1
    finally:
        await db.dispose()


async def _closed_hazards_were_accepted(session, hazards: dict[uuid.UUID, Hazard]) -> None:
    proofs = (await session.execute(select(Rectification))).scalars().all()
    accepted = {r.hazard_id: r for r in proofs if r.decision == "accepted"}
    for hazard in hazards.values():
        if hazard.status == "closed":
            proof = accepted[hazard.id]
            assert proof.decided_by == hazard.closed_by != proof.submitted_by
            assert hazard.found_at < proof.submitted_at < proof.decided_at == hazard.closed_at
        else:
            assert hazard.id not in accepted and hazard.closed_at is None
        assert (hazard.status == "submitted") == any(r.hazard_id == hazard.id and r.decision is None for r in proofs)


def _recurrences_follow_the_rule(hazards: dict[uuid.UUID, Hazard]) -> None:
    recurring = [h for h in hazards.values() if h.recurrence_of]
    assert recurring
    for hazard in recurring:
        before = hazards[hazard.recurrence_of]
        assert before.status == "closed" and (before.school_id, before.item_code) == (hazard.school_id,
                                                                                      hazard.item_code)
        assert hazard.found_at - RECURRENCE_WINDOW <= before.closed_at <= hazard.found_at


async def _results_follow_the_templates(session, hazards: dict[uuid.UUID, Hazard]) -> None:
    items = dict((await session.execute(select(Checklist.id, func.count(ChecklistItem.id))
                                        .join(ChecklistItem).group_by(Checklist.id))).all())
    answered = dict((await session.execute(select(InspectionResult.inspection_id, func.count())
                                           .group_by(InspectionResult.inspection_id))).all())
    for inspection in (await session.execute(select(Inspection))).scalars():
        assert answered[inspection.id] == items[inspection.checklist_id]
    for inspection_id, hazard_id in await session.execute(select(InspectionResult.inspection_id,
                                                                  InspectionResult.hazard_id)
                                                           .where(InspectionResult.outcome == "hazard")):
        assert hazards[hazard_id].inspection_id == inspection_id


async def _dashboard_counts_every_hazard(session, hazards: dict[uuid.UUID, Hazard]) -> None:
    city = (await session.execute(select(OrgUnit).where(OrgUnit.kind == "city_bureau"))).scalar_one()
    viewer = CurrentUser(id=uuid.uuid4(), username="v", name="v", role="bureau_viewer", org_unit_id=city.id,
                         org_path=city.path, session_id=uuid.uuid4())
    span = services.period(today() - timedelta(days=366 * 5), today())
    figures = await services.dashboard(session, viewer, None, span)
    begin, finish = span.bounds
    still_open = [h for h in hazards.values() if h.status != "closed"]
    totals = figures.totals
    assert totals.found == sum(begin <= h.found_at < finish for h in hazards.values())
    assert totals.closed == sum(h.closed_at is not None and begin <= h.closed_at < finish for h in hazards.values())
    assert totals.open_general + totals.open_major == len(still_open)
    assert totals.overdue == sum(h.due_on < today() for h in still_open)
    assert totals.recurrences == sum(h.recurrence_of is not None for h in hazards.values())
    assert sum(u.found for u in figures.by_unit) == totals.found
    assert sum(w.found for w in figures.weekly) == totals.found
