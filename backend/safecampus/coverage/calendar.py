"""The term calendar's rules, without the database: when each term inspection of
第十五条 is due, which term is current, which half-year a term's supervision (第十六条)
falls in, and what a sane term looks like.

The windows are those of the field app's date heuristics (pwa/terms.js), so that the
kind a phone proposes on a given day is the kind whose window the server sees open:
  term_start: the 2 weeks before the first day and the first 2 weeks   [start − 14 d, start + 14 d)
  term_mid:   weeks 8–12 of the term                                    [start + 49 d, start + 84 d)
  term_end:   the last 2 weeks and the 2 weeks after the last day       (end − 14 d, end + 14 d]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, Protocol, TypeVar

from safecampus.errors import InvalidInput

TWO_WEEKS: Final = timedelta(days=14)
# A term must be long enough for its three windows to follow one another (term_mid closes
# on day 83, term_end opens 13 days before the end) and no longer than half a year.
MIN_TERM_DAYS: Final = 98
MAX_TERM_DAYS: Final = 184
CODE_PATTERN: Final = re.compile(r"^(\d{4})-(autumn|spring)$")


class TermDates(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def starts_on(self) -> date: ...
    @property
    def ends_on(self) -> date: ...


T = TypeVar("T", bound=TermDates)


@dataclass(frozen=True, slots=True)
class Window:
    """Both days count (closes_on is the last day an inspection is on time)."""

    kind: str
    opens_on: date
    closes_on: date

    def holds(self, day: date) -> bool:
        return self.opens_on <= day <= self.closes_on

    def state(self, today: date) -> str:
        """upcoming, open or closed, as seen on ``today``."""
        if today < self.opens_on:
            return "upcoming"
        return "open" if today <= self.closes_on else "closed"


def windows(term: TermDates) -> tuple[Window, Window, Window]:
    """The windows of term_start, term_mid and term_end: the one definition on the server."""
    start, end = term.starts_on, term.ends_on
    return (Window("term_start", start - TWO_WEEKS, start + TWO_WEEKS - timedelta(days=1)),
            Window("term_mid", start + timedelta(days=49), start + timedelta(days=83)),
            Window("term_end", end - TWO_WEEKS + timedelta(days=1), end + TWO_WEEKS))


@dataclass(frozen=True, slots=True)
class HalfYear:
    starts_on: date
    ends_on: date


def half_year_of(day: date) -> HalfYear:
    if day.month <= 6:
        return HalfYear(date(day.year, 1, 1), date(day.year, 6, 30))
    return HalfYear(date(day.year, 7, 1), date(day.year, 12, 31))


def supervision_half_year(term: TermDates) -> HalfYear:
    """The half-year a term mostly lies in (its middle day): the autumn term's supervision
    is July–December, the spring term's January–June, whatever day one looks."""
    return half_year_of(term.starts_on + (term.ends_on - term.starts_on) / 2)


def current(terms: Sequence[T], today: date) -> T | None:
    """The term today lies in; between terms the one that ended last; before any term the first."""
    ordered = sorted(terms, key=lambda t: t.starts_on)
    started = [t for t in ordered if t.starts_on <= today]
    return started[-1] if started else (ordered[0] if ordered else None)


def check_term(term: TermDates, season: str, school_year: str, others: Iterable[TermDates]) -> None:
    """A term's code names the year of its first day and its season; its dates are in order,
    of a term's length, and clear of every other term by more than two weeks, so that no
    term's windows reach into another term."""
    match = CODE_PATTERN.match(term.code)
    if not match or match[2] != season or int(match[1]) != term.starts_on.year:
        raise InvalidInput(f"The term code {term.code!r} must be the year of the first day and the season, "
                           f"here {term.starts_on.year}-{season}.", code="term_code_mismatch")
    first_year = term.starts_on.year if season == "autumn" else term.starts_on.year - 1
    if school_year != f"{first_year}-{first_year + 1}":
        raise InvalidInput(f"The {season} term starting on {term.starts_on} belongs to the school year "
                           f"{first_year}-{first_year + 1}, not {school_year}.", code="term_school_year_mismatch")
    if term.ends_on <= term.starts_on:
        raise InvalidInput("A term must end after it starts.", code="term_ends_before_start")
    days = (term.ends_on - term.starts_on).days + 1
    if not MIN_TERM_DAYS <= days <= MAX_TERM_DAYS:
        raise InvalidInput(f"A term lasts {MIN_TERM_DAYS} to {MAX_TERM_DAYS} days; this one lasts {days}.",
                           code="term_span")
    for other in others:
        if other.code == term.code:
            continue
        if other.starts_on <= term.ends_on and term.starts_on <= other.ends_on:
            raise InvalidInput(f"The term overlaps {other.code} ({other.starts_on} – {other.ends_on}).",
                               code="term_overlap", details={"term": other.code})
        if other.starts_on - term.ends_on <= TWO_WEEKS and term.starts_on - other.ends_on <= TWO_WEEKS:
            raise InvalidInput(f"The term lies within two weeks of {other.code} ({other.starts_on} – "
                               f"{other.ends_on}); its inspection windows would reach into that term.",
                               code="term_too_close", details={"term": other.code})
