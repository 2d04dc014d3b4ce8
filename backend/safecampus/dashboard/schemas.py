from __future__ import annotations

import uuid
from datetime import date

from safecampus.schemas import Schema


class Totals(Schema):
    open_general: int
    open_major: int
    overdue: int
    found: int  # in the period
    closed: int  # in the period
    closure_rate: float | None  # of the hazards found in the period, the share closed by now
    on_time_closure_rate: float | None  # of the hazards closed in the period, the share closed by due_on
    median_days_to_close: float | None  # hazards closed in the period
    recurrences: int  # found in the period
    awaiting_verification: int  # proof submitted, not yet verified


class UnitFigures(Schema):
    org_unit_id: uuid.UUID
    name: str
    kind: str
    open: int
    overdue: int
    found: int
    closed: int


class GroupCount(Schema):
    key: str
    name: str
    open: int
    found: int


class WeekPoint(Schema):
    week_start: date
    found: int
    closed: int


class MajorHazard(Schema):
    id: uuid.UUID
    school_name: str
    description: str
    status: str
    age_days: int
    due_on: date
    overdue: bool


class UnitRef(Schema):
    id: uuid.UUID
    name: str
    kind: str


class Dashboard(Schema):
    org_unit_id: uuid.UUID
    org_unit_name: str
    org_unit_kind: str
    trail: list[UnitRef]  # from the caller's own unit down to the viewed one (the breadcrumb)
    period_from: date
    period_to: date
    totals: Totals
    by_unit: list[UnitFigures]
    by_category: list[GroupCount]
    by_section: list[GroupCount]
    weekly: list[WeekPoint]
    open_major: list[MajorHazard]


class MapPoint(Schema):
    id: uuid.UUID
    lat: float
    lon: float
    grade: str
    status: str
    overdue: bool
    school_id: uuid.UUID
    description: str


class MapPlace(Schema):
    """A child of the viewed unit, to label the map: a school at its campus, a county at the
    middle of its schools."""

    id: uuid.UUID
    name: str
    kind: str
    lat: float
    lon: float


class HazardMap(Schema):
    points: list[MapPoint]  # open hazards with a place: their own geotag, else the inspection's, else the campus
    unplaced: int  # open hazards with no place at all
    places: list[MapPlace]
    tiles: str | None  # an XYZ tile URL template ({z}/{x}/{y}), or none: the map draws without tiles
    tiles_attribution: str | None
