from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Literal

import msgspec

from safecampus.schemas import Schema
from safecampus.vocabulary import Season, TermInspectionKind

# done: in the window; late: in the term but outside the window (once the window closed);
# missing: the window closed without one; due: the window is open, none yet; upcoming: not open yet.
CellStatus = Literal["done", "late", "missing", "due", "upcoming"]


class WindowOut(Schema):
    kind: TermInspectionKind
    opens_on: date
    closes_on: date  # the last day that counts


class TermIn(Schema):
    """A term as an admin sends it and as the seed file holds it (with its code)."""

    school_year: Annotated[str, msgspec.Meta(pattern=r"^\d{4}-\d{4}$", examples=["2026-2027"])]
    season: Season
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=r"\S")]
    starts_on: date
    ends_on: date  # the last school day


class TermOut(TermIn, kw_only=True):
    code: str
    windows: list[WindowOut]
    current: bool


class TermList(Schema):
    today: date  # Asia/Shanghai
    current: str | None  # the code of the current term
    terms: list[TermOut]


class Cell(Schema):
    status: CellStatus
    inspection_id: uuid.UUID | None = None  # done or late: the first that counts
    done_on: date | None = None


class DailyChecks(Schema):
    count: int
    days: int  # distinct Shanghai days with at least one


class Supervision(Schema):
    count: int
    last_on: date | None
    missing: bool  # none in the half-year (so far)


class SchoolCoverage(Schema):
    school_id: uuid.UUID
    name: str
    school_type: str | None
    county_name: str  # the county bureau above the school, or its parent unit when none
    term_start: Cell
    term_mid: Cell
    term_end: Cell
    daily: DailyChecks
    supervision: Supervision
    complete: bool  # all three term inspections done, in the window or late


class KindCounts(Schema):
    term_start: int
    term_mid: int
    term_end: int


class Summary(Schema):
    schools: int
    complete: int
    missing: KindCounts
    late: KindCounts
    without_supervision: int


class Coverage(Schema):
    org_unit_id: uuid.UUID
    org_unit_name: str
    term: TermOut
    today: date
    daily_from: date  # the last 30 Shanghai days, today included
    daily_to: date
    supervision_from: date  # the half-year of the term
    supervision_to: date
    summary: Summary
    schools: list[SchoolCoverage]
