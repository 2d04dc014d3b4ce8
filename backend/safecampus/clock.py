"""Bounds on times that phones send: a wrong clock must not become a wrong record."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from safecampus.errors import InvalidInput

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
CLOCK_SKEW = timedelta(minutes=10)


def plausible(moment: datetime, *, future_ok: bool = False) -> bool:
    return moment.tzinfo is not None and EARLIEST <= moment and (
        future_ok or moment <= datetime.now(UTC) + CLOCK_SKEW)


def check_client_time(moment: datetime | None, field: str, *, future_ok: bool = False) -> None:
    """Client times carry their offset and lie between 2000 and now (give or take clock
    skew); a search bound (``future_ok``) may lie ahead."""
    if moment is None:
        return
    if moment.tzinfo is None:
        raise InvalidInput(f"{field} needs a UTC offset (for example 2026-11-28T09:30:00+08:00).",
                           code="invalid_time")
    if not plausible(moment, future_ok=future_ok):
        raise InvalidInput(f"{field} ({moment.isoformat()}) is not a plausible time; check the phone's clock.",
                           code="invalid_time")
