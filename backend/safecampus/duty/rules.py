"""Who may do what with a responsibility list, and the calendar of a duty year."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from safecampus.auth.identity import CurrentUser
from safecampus.db import DutyList, Leader, OrgUnit
from safecampus.errors import Conflict, Forbidden, InvalidInput
from safecampus.hazards.rules import today
from safecampus.orgs.scope import ensure_authority_over, ensure_unit_manager

FIRST_YEAR = 2000
# The leader's role decides the article whose duties fill the list.
ARTICLE_OF_ROLE = {"main_leader": "第七条", "safety_deputy": "第八条", "other_leader": "第九条"}
# 每半年组织一次检查考核: a half can be reviewed from its last month on (or any time later).
HALF_OPENS = {1: (6, 1), 2: (12, 1)}


def allowed(check: Callable[[CurrentUser, OrgUnit], None], user: CurrentUser, unit: OrgUnit) -> bool:
    try:
        check(user, unit)
    except Forbidden:
        return False
    return True


def may_edit(user: CurrentUser, unit: OrgUnit) -> bool:
    return allowed(ensure_unit_manager, user, unit)


def may_report_progress(user: CurrentUser, unit: OrgUnit, leader: Leader) -> bool:
    """The unit's manager, or the leader whose list it is (through the linked account)."""
    return may_edit(user, unit) or (leader.user_id is not None and leader.user_id == user.id)


def ensure_progress_reporter(user: CurrentUser, unit: OrgUnit, leader: Leader) -> None:
    if not may_report_progress(user, unit, leader):
        raise Forbidden("Only the unit's principal or admin, or the leader whose list it is, may report progress.",
                        code="forbidden")


def half_open(year: int, half: int, on: date | None = None) -> bool:
    month, day = HALF_OPENS[half]
    return (on or today()) >= date(year, month, day)


def reviewable_halves(user: CurrentUser, unit: OrgUnit, duty_list: DutyList, reviewed: set[int]) -> list[int]:
    if duty_list.status != "confirmed" or not allowed(ensure_authority_over, user, unit):
        return []
    return [half for half in HALF_OPENS if half not in reviewed and half_open(duty_list.year, half)]


def overdue(status: str, due_on: date, on: date) -> bool:
    return status != "done" and due_on < on


def check_year(year: int) -> None:
    """Lists are kept for past years and drawn up for the coming one in December."""
    if not FIRST_YEAR <= year <= today().year + 1:
        raise InvalidInput(f"A duty list covers a year from {FIRST_YEAR} to {today().year + 1}.", code="invalid_year")


def check_due(due_on: date, year: int) -> None:
    if due_on.year != year:
        raise InvalidInput(f"The deadline ({due_on}) must lie in the list's year {year}.", code="due_on_outside_year")


def check_version(current: int, base_version: int, what: str) -> None:
    if current != base_version:
        raise Conflict(f"The {what} changed since you loaded it (you saw version {base_version}, it is now "
                       f"{current}). Reload it and try again.", code="stale_version", details={"version": current})


def ensure_draft(duty_list: DutyList) -> None:
    if duty_list.status == "confirmed":
        raise Conflict("The list is confirmed: its items, targets and deadlines are settled. Reopen it to change them.",
                       code="list_confirmed")
