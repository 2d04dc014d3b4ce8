"""The notice rules as pure functions of the day (no database)."""

from __future__ import annotations

from datetime import date, timedelta

from safecampus.notices.rules import on_day, on_register

DUE = date(2026, 5, 20)


def told(grade: str, days_before: int) -> list[tuple[str, str]]:
    return [(t.audience, t.reason) for t in on_day(grade, DUE, DUE - timedelta(days=days_before), (3, 1), 7)]


def test_reminders_before_the_deadline_name_their_threshold_and_deadline():
    assert told("general", 5) == [] and told("general", 4) == []
    assert told("general", 3) == [("school", "due_soon:3d:2026-05-20")]
    assert told("general", 2) == [("school", "due_soon:3d:2026-05-20")]  # a skipped day still reminds, once
    assert told("general", 1) == [("school", "due_soon:1d:2026-05-20")]
    assert told("general", 0) == [("school", "due_today:2026-05-20")]


def test_overdue_tells_school_and_county_and_a_late_major_hazard_the_city():
    assert told("general", -1) == [("school", "overdue:2026-05-20"), ("county", "overdue:2026-05-20")]
    assert told("general", -9) == [("school", "overdue:2026-05-20"), ("county", "overdue:2026-05-20")]
    assert ("city", "escalated:2026-05-20") not in told("major", -6)
    assert ("city", "escalated:2026-05-20") in told("major", -7)


def test_thresholds_are_settings():
    tells = on_day("major", DUE, DUE - timedelta(days=7), (7, 2), 3)
    assert [t.reason for t in tells] == ["due_soon:7d:2026-05-20"]
    assert [t.audience for t in on_day("major", DUE, DUE + timedelta(days=3), (7, 2), 3)] == ["school", "county", "city"]


def test_registration_tells_the_county_only_of_major_hazards():
    assert [t.audience for t in on_register("general")] == ["school"]
    assert [t.audience for t in on_register("major")] == ["school", "county"]
