"""Bounds on times that phones send: a wrong clock must not become a wrong record."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from safecampus.errors import InvalidInput

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
# How far ahead a search may reach. Near the ends of Python's calendar (0001, 9999) a time
# cannot be turned into UTC, nor a day into its next midnight.
LATEST_DAY = date(2100, 12, 31)
LATEST = datetime.combine(LATEST_DAY, time.max, UTC)
CLOCK_SKEW = timedelta(minutes=10)


def plausible(moment: datetime, *, future_ok: bool = False) -> bool:
    latest = LATEST if future_ok else datetime.now(UTC) + CLOCK_SKEW
    return moment.tzinfo is not None and EARLIEST <= moment <= latest


def check_client_time(moment: datetime | None, field: str, *, future_ok: bool = False) -> None:
    """Client times carry their offset and lie between 2000 and now (give or take clock
    skew); a search bound (``future_ok``) may lie ahead, to the end of 2100."""
    if moment is None:
        return
    if moment.tzinfo is None:
        raise InvalidInput(f"{field} needs a UTC offset (for example 2026-11-28T09:30:00+08:00).",
                           code="invalid_time")
    if not plausible(moment, future_ok=future_ok):
        raise InvalidInput(f"{field} ({moment.isoformat()}) is not a plausible time; check the phone's clock.",
                           code="invalid_time")


def check_search_day(day: date | None, field: str) -> None:
    """A day that bounds a search (a Shanghai calendar day) lies between 2000 and 2100."""
    if day is not None and not EARLIEST.date() <= day <= LATEST_DAY:
        raise InvalidInput(f"{field} ({day.isoformat()}) must lie between {EARLIEST.date()} and {LATEST_DAY}.",
                           code="invalid_date", details={"field": field})
