"""When inspections happen: Heilongjiang's school terms (autumn 1 Sep – 15 Jan, spring
1 Mar – 10 Jul, as in pwa/terms.js), three term inspections in each (第十五条), and daily
self-inspections on school days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from safecampus.hazards.rules import SHANGHAI
from safecampus.seeding.synthetic.draw import Draw


@dataclass(frozen=True, slots=True)
class Term:
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Visit:
    kind: str
    started_at: datetime
    finished_at: datetime


def terms(first: date, last: date) -> list[Term]:
    found = []
    for year in range(first.year - 1, last.year + 1):
        for term in (Term(date(year, 3, 1), date(year, 7, 10)), Term(date(year, 9, 1), date(year + 1, 1, 15))):
            if term.end >= first and term.start <= last:
                found.append(term)
    return found


def _weekday(day: date) -> date:
    """Inspections fall on working days: a weekend moves to the Friday before."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def _school_days(term: Term) -> list[date]:
    days = (term.start + timedelta(days=i) for i in range((term.end - term.start).days + 1))
    # National Day week and New Year's Day are holidays.
    return [d for d in days if d.weekday() < 5 and not (d.month == 10 and d.day <= 7)
            and not (d.month == 1 and d.day == 1)]


def _at(draw: Draw, day: date, earliest: time, latest: time, minutes: tuple[int, int]) -> tuple[datetime, datetime]:
    first, last = earliest.hour * 60 + earliest.minute, latest.hour * 60 + latest.minute
    start = datetime.combine(day, time(), SHANGHAI) + timedelta(minutes=draw.randint(first, last),
                                                                 seconds=draw.randint(0, 59))
    return start.astimezone(UTC), (start + timedelta(minutes=draw.randint(*minutes))).astimezone(UTC)


def visits(draw: Draw, school_terms: list[Term], first: date, now: datetime, daily_per_term: float) -> list[Visit]:
    """A school's inspections between ``first`` and ``now``, in time order."""
    planned: list[tuple[str, date]] = []
    for term in school_terms:
        planned += [("term_start", _weekday(term.start + timedelta(days=draw.randint(-10, 4)))),
                    ("term_mid", _weekday(term.start + timedelta(days=draw.randint(56, 83)))),
                    ("term_end", _weekday(term.end + timedelta(days=draw.randint(-10, 2))))]
        days = _school_days(term)
        chance = min(1.0, daily_per_term / len(days))
        planned += [("daily", d) for d in days if draw.random() < chance]
    found = []
    for kind, day in planned:
        if kind == "daily":
            started, finished = _at(draw, day, time(7, 20), time(15, 30), (15, 50))
        else:
            started, finished = _at(draw, day, time(8, 30), time(14, 0), (60, 180))
        if first <= day and finished <= now:
            found.append(Visit(kind, started, finished))
    return sorted(found, key=lambda v: v.started_at)
