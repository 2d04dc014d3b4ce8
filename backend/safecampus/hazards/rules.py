"""The rules of the closed loop that are not about the database: deadlines, overdue,
which transitions exist, who may verify, recurrence."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Final

from safecampus.errors import Conflict

SHANGHAI: Final = timezone(timedelta(hours=8))  # China has one time zone and no daylight saving
RECURRENCE_WINDOW: Final = timedelta(days=90)  # 第十九条(四): 整治后出现反弹

# Default rectification deadline in days, by grade; daily self-checks find small things
# that a school fixes within days, supervision findings often need budget and time.
_DUE_DAYS: Final = {"general": 7, "major": 30}
_DUE_DAYS_BY_KIND: Final = {("general", "daily"): 3, ("general", "supervision_general"): 15,
                            ("general", "supervision_special"): 15}

# open ──ack──▶ rectifying ──proof──▶ submitted ──accept──▶ closed; reject: submitted → rectifying
TRANSITIONS: Final = {
    "acknowledge": ("open", "rectifying"),
    "submit_proof": ("rectifying", "submitted"),
    "accept": ("submitted", "closed"),
    "reject": ("submitted", "rectifying"),
}
_ALLOWED_FROM: Final = {state: [name for name, (src, _) in TRANSITIONS.items() if src == state]
                        for state in ("open", "rectifying", "submitted", "closed")}


def shanghai_date(moment: datetime) -> date:
    return moment.astimezone(SHANGHAI).date()


def today() -> date:
    return shanghai_date(datetime.now(SHANGHAI))


def default_due_on(grade: str, kind: str | None, found_at: datetime) -> date:
    days = _DUE_DAYS_BY_KIND.get((grade, kind or ""), _DUE_DAYS[grade])
    return shanghai_date(found_at) + timedelta(days=days)


def is_overdue(status: str, due_on: date, on: date | None = None) -> bool:
    return status != "closed" and (on or today()) > due_on


def transition(status: str, action: str) -> str:
    """The state after ``action``, or a Conflict saying what is possible now."""
    source, target = TRANSITIONS[action]
    if status != source:
        allowed = ", ".join(_ALLOWED_FROM[status]) or "nothing (the hazard is closed)"
        raise Conflict(f"A hazard that is {status!r} cannot {action.replace('_', ' ')}; allowed now: {allowed}.",
                       code="invalid_transition", details={"status": status, "allowed": _ALLOWED_FROM[status]})
    return target


def verifier_roles(grade: str) -> tuple[str, ...]:
    """A principal closes general hazards of the own school; a major hazard needs an
    inspector or bureau user."""
    return ("inspector", "admin") if grade == "major" else ("principal", "inspector", "admin")
