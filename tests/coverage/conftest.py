"""A term around today (the seeded calendar cleared first), and a way to submit an
inspection of a kind on a Shanghai day."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

import pytest
from safecampus.audit import services as audit
from safecampus.audit.services import Actor
from safecampus.db import Term
from sqlalchemy import delete

from tests.factories import checklist, inspection_body

SHANGHAI = timezone(timedelta(hours=8))
CHECKLIST_OF = {"daily": "daily_campus", "term_start": "term_inspection", "term_mid": "term_inspection",
                "term_end": "term_inspection", "supervision_general": "supervision_general"}


def shanghai_today() -> date:
    return datetime.now(UTC).astimezone(SHANGHAI).date()


def term_body(start: date, end: date, season: str = "autumn") -> tuple[str, dict[str, Any]]:
    """The code and PUT body of a term with these dates."""
    first = start.year if season == "autumn" else start.year - 1
    return f"{start.year}-{season}", {"school_year": f"{first}-{first + 1}", "season": season,
                                      "name": f"{first}—{first + 1}学年测试学期", "starts_on": start.isoformat(),
                                      "ends_on": end.isoformat()}


async def clear_calendar(db: Any) -> None:
    async with db.session() as session:
        await session.execute(delete(Term))
        await audit.record(session, Actor("test"), "term.clear", "term", None)
        await session.commit()


@pytest.fixture
async def term(client, as_user, db) -> dict[str, Any]:
    """The only term: started 75 days ago and lasting 130 days, so that today its term_start
    window has closed, its term_mid window is open and its term_end window is still ahead."""
    await clear_calendar(db)
    start = shanghai_today() - timedelta(days=75)
    code, body = term_body(start, start + timedelta(days=129))
    response = await client.put(f"/api/v1/terms/{code}", json=body, headers=await as_user("admin"))
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
async def inspect(client, as_user) -> Any:
    """``await inspect(school_id, kind, day, hour=12)`` → the inspection id; submitted by the
    county inspector, finished at that hour of that day, Shanghai time."""
    headers = await as_user("inspector")
    checklists: dict[str, dict[str, Any]] = {}

    async def submit(school_id: str, kind: str, day: date, hour: int = 12) -> str:
        code = CHECKLIST_OF[kind]
        if code not in checklists:
            checklists[code] = await checklist(client, headers, code)
        finished = datetime.combine(day, time(hour), SHANGHAI)
        body = inspection_body(checklists[code], school_id, kind=kind, started_at=finished - timedelta(minutes=20))
        inspection_id = str(uuid.uuid4())
        response = await client.put(f"/api/v1/inspections/{inspection_id}", json=body, headers=headers)
        assert response.status_code == 201, response.text
        return inspection_id

    return submit
