"""Helpers for the notice tests: the inbox of a demo user, the job on a frozen clock, a
second county inspector (the first records the hazards, and nobody is told of their own act)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from safecampus.db.engine import Database
from safecampus.hazards.rules import SHANGHAI
from safecampus.notices.job import JobReport, run

from tests.conftest import login

INSPECTOR2_PASSWORD = "inspector2-password-1"


def noon(day: date, plus_days: int = 0) -> datetime:
    """A frozen moment: noon in Shanghai on ``day`` (+ days)."""
    return datetime.combine(day + timedelta(days=plus_days), time(12), SHANGHAI)


async def run_job(settings: Any, now: datetime) -> JobReport:
    database = Database(settings.database_url)
    try:
        return await run(database, settings, now=now)
    finally:
        await database.dispose()


async def inbox(client: Any, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    response = await client.get("/api/v1/notices", headers=headers, params={"page_size": 200} | params)
    assert response.status_code == 200, response.text
    return response.json()


async def kinds(client: Any, headers: dict[str, str]) -> list[str]:
    return sorted(n["kind"] for n in (await inbox(client, headers))["items"])


@pytest.fixture
async def inspector2(client, as_user, unit_ids) -> dict[str, str]:
    """Another inspector of 尖山区 (county 230502): the county bureau's ear."""
    response = await client.post("/api/v1/users", headers=await as_user("admin"), json={
        "username": "inspector2", "name": "李明（尖山区检查员）", "role": "inspector",
        "org_unit_id": unit_ids["230502"], "password": INSPECTOR2_PASSWORD})
    assert response.status_code == 201, response.text
    return await login(client, "inspector2", INSPECTOR2_PASSWORD)
