"""Who is told what and when: pure functions of a hazard's state and the day.

``reason`` makes a notice distinct: each (recipient, subject, reason) is told once, so a
reminder names its threshold and the deadline it is about (a moved deadline reminds again)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

Audience = Literal["school", "verifiers", "county", "city"]

# How far back the job looks for hazards whose deadline passed: a job that did not run for
# a week still catches up, and the first run does not flood people with years of history.
LOOKBACK_DAYS: Final = 7


@dataclass(frozen=True, slots=True)
class Tell:
    audience: Audience
    kind: str
    reason: str
    days: int = 0


def on_register(grade: str) -> list[Tell]:
    tells = [Tell("school", "hazard_registered", "registered")]
    if grade == "major":
        tells.append(Tell("county", "major_registered", "major_registered"))
    return tells


def on_proof() -> list[Tell]:
    return [Tell("verifiers", "proof_waiting", "proof_waiting")]


def on_decision(accepted: bool) -> list[Tell]:
    kind = "proof_accepted" if accepted else "proof_rejected"
    return [Tell("school", kind, kind)]


def on_order() -> list[Tell]:
    return [Tell("school", "order_issued", "order_issued")]


def on_day(grade: str, due_on: date, today: date, reminder_days: tuple[int, ...],
           city_escalation_days: int) -> list[Tell]:
    """Reminders before the deadline (the smallest threshold that covers the days left, so a
    job that skipped a day still reminds), overdue from the first day after it, and the city
    once a major hazard is ``city_escalation_days`` overdue."""
    left = (due_on - today).days
    if left > 0:
        covering = [n for n in reminder_days if n >= left]
        if not covering:
            return []
        threshold = min(covering)
        return [Tell("school", "due_soon", f"due_soon:{threshold}d:{due_on}", left)]
    if left == 0:
        return [Tell("school", "due_today", f"due_today:{due_on}")]
    late = -left
    tells = [Tell("school", "overdue", f"overdue:{due_on}", late), Tell("county", "overdue", f"overdue:{due_on}", late)]
    if grade == "major" and late >= city_escalation_days:
        tells.append(Tell("city", "escalated", f"escalated:{due_on}", late))
    return tells


def window(today: date, reminder_days: tuple[int, ...], city_escalation_days: int) -> tuple[int, int]:
    """Days relative to today of the deadlines the job looks at: (earliest, latest)."""
    return -(max(city_escalation_days, 1) + LOOKBACK_DAYS), max(reminder_days, default=0)
