"""The dashboard's edges: an empty period, a unit without hazards, a school's own view, and
weeks that turn at Shanghai midnight (the SQL bucketing of each database)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from tests.dashboard.test_dashboard import history  # noqa: F401  (the fixture)


async def _figures(client, headers, **params) -> dict:
    response = await client.get("/api/v1/dashboard", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_period_without_hazards_has_open_figures_and_no_rates(client, as_user, history):  # noqa: F811
    figures = await _figures(client, await as_user("viewer"), **{"from": "2022-01-03", "to": "2022-01-30"})
    totals = figures["totals"]
    assert (totals["found"], totals["closed"], totals["recurrences"]) == (0, 0, 0)
    assert totals["closure_rate"] is None and totals["on_time_closure_rate"] is None
    assert totals["median_days_to_close"] is None
    # What is open today is open whatever the period.
    assert (totals["open_general"], totals["open_major"], totals["overdue"]) == (1, 2, 1)
    assert [w["week_start"] for w in figures["weekly"]] == ["2022-01-03", "2022-01-10", "2022-01-17", "2022-01-24"]
    assert all(w["found"] == w["closed"] == 0 for w in figures["weekly"])


async def test_a_county_without_hazards_lists_its_schools_at_zero(client, as_user, history, unit_ids):  # noqa: F811
    figures = await _figures(client, await as_user("viewer"), org_unit_id=unit_ids["230524"])
    assert figures["org_unit_name"] == "饶河县教育和体育局"
    assert set(figures["totals"].values()) <= {0, None}
    assert figures["by_unit"] and all(u["open"] == u["found"] == u["closed"] == 0 for u in figures["by_unit"])
    assert figures["by_category"] == figures["by_section"] == figures["open_major"] == []


async def test_a_school_sees_its_own_figures_without_lines_below(client, as_user, history, unit_ids):  # noqa: F811
    by_viewer = await _figures(client, await as_user("viewer"), org_unit_id=unit_ids["230502-01"])
    own = await _figures(client, await as_user("principal"))
    # The same figures; only the breadcrumb differs (it starts at each caller's own unit).
    assert own.pop("trail") != by_viewer.pop("trail") and own == by_viewer
    assert own["org_unit_name"] == "尖山区第一小学" and own["by_unit"] == []
    totals = own["totals"]
    assert (totals["found"], totals["closed"], totals["open_major"], totals["open_general"]) == (2, 1, 1, 0)
    assert totals["closure_rate"] == 0.5 and totals["median_days_to_close"] is not None
    assert [m["school_name"] for m in own["open_major"]] == ["尖山区第一小学"]


async def test_weeks_turn_at_shanghai_midnight(client, as_user, unit_ids):
    """Sunday 23:30 in Shanghai is still the week before (it is Sunday 15:30 UTC);
    Monday 00:30 in Shanghai (Sunday 16:30 UTC) starts the next week."""
    monday = date.today() - timedelta(days=date.today().weekday() + 14)
    sunday_night = datetime(monday.year, monday.month, monday.day, 15, 30, tzinfo=UTC) - timedelta(days=1)
    inspector = await as_user("inspector")
    for moment in (sunday_night, sunday_night + timedelta(hours=1)):
        body = {"school_id": unit_ids["230502-03"], "description": "灭火器过期", "grade": "general",
                "found_at": moment.isoformat(), "domain": "fire"}
        response = await client.put(f"/api/v1/hazards/{uuid.uuid4()}", json=body, headers=inspector)
        assert response.status_code == 201, response.text
    figures = await _figures(client, await as_user("viewer"))
    weekly = {w["week_start"]: w["found"] for w in figures["weekly"]}
    assert weekly[(monday - timedelta(days=7)).isoformat()] == 1
    assert weekly[monday.isoformat()] == 1
