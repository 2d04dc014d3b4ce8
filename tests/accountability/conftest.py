"""Arranging the data that signals read, and opening cases and commendations through the API."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tests.coverage.conftest import inspect, term  # noqa: F401  (fixtures shared with coverage)
from tests.factories import incident_body

SCHOOL, OTHER_COUNTY_SCHOOL, COUNTY, OTHER_COUNTY = "230502-01", "230523-02", "230502", "230523"


@pytest.fixture
async def major_overdue(client, as_user, unit_ids) -> dict[str, Any]:
    """A major hazard found 40 days ago at the demo school: its 30 days to rectify are over."""
    body = {"school_id": unit_ids[SCHOOL], "description": "教学楼外墙瓷砖空鼓脱落", "grade": "major",
            "found_at": (datetime.now(UTC) - timedelta(days=40)).isoformat(), "domain": "buildings"}
    response = await client.put(f"/api/v1/hazards/{uuid.uuid4()}", json=body, headers=await as_user("inspector"))
    assert response.status_code == 201, response.text
    assert response.json()["overdue"] is True
    return response.json()


@pytest.fixture
async def judged_incident(client, as_user, unit_ids) -> Any:
    """``await judged_incident(severity)``: an incident at the school that the county judged
    to carry management responsibility."""
    async def report(severity: str = "general") -> dict[str, Any]:
        reported = await client.put(f"/api/v1/incidents/{uuid.uuid4()}", headers=await as_user("principal"),
                                    json=incident_body(unit_ids[SCHOOL], severity=severity))
        assert reported.status_code == 201, reported.text
        judged = await client.post(f"/api/v1/incidents/{reported.json()['id']}/responsibility",
                                   headers=await as_user("inspector"),
                                   json={"base_version": 1, "management_responsibility": True, "note": "护栏缺失未整改。"})
        assert judged.status_code == 200, judged.text
        return judged.json()

    return report


def this_year() -> int:
    return (datetime.now(UTC) + timedelta(hours=8)).year


def case_body(unit_id: str, *, leader_id: str | None = None, year: int | None = None,
              triggers: tuple[str, ...] = ("art19_3",), **overrides: Any) -> dict[str, Any]:
    return {"subject_unit_id": unit_id, "subject_leader_id": leader_id, "year": year or this_year(),
            "triggers": list(triggers), "facts": "重大隐患逾期未整改。",
            "evidence": [supervision_ref()]} | overrides


def supervision_ref(year: int | None = None) -> dict[str, str]:
    """Evidence valid for any subject: a half-year without supervision (a code, not a record)."""
    return {"kind": "supervision", "id": f"{year or this_year()}-01", "label": "上半年未开展督查"}


@pytest.fixture
async def open_case(client, as_user) -> Any:
    """``await open_case(username, body)`` → the response of opening a case under a new id."""
    async def send(username: str, body: dict[str, Any]) -> Any:
        return await client.put(f"/api/v1/accountability/cases/{uuid.uuid4()}", json=body,
                                headers=await as_user(username))

    return send


def decision(version: int = 1, **overrides: Any) -> dict[str, Any]:
    return {"base_version": version, "measure": "circulated_criticism", "decided_on": date.today().isoformat(),
            "note": "局务会研究决定。"} | overrides


@pytest.fixture
async def leader_ids(client, as_user) -> dict[str, str]:
    listing = (await client.get("/api/v1/leaders", headers=await as_user("admin"))).json()
    return {leader["name"]: leader["id"] for leader in listing}
