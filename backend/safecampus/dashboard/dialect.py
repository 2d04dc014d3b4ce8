"""The few SQL expressions whose spelling differs between PostgreSQL and SQLite: the
Shanghai calendar day of a moment, the Monday of its week, days between two moments."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, Float, cast, func, type_coerce
from sqlalchemy.sql.elements import ColumnElement

# SQLite keeps moments as naive UTC text (see UTCDateTime); PostgreSQL as timestamptz.
_SQLITE_SHIFT = "+8 hours"  # China has one time zone and no daylight saving


def shanghai_day(dialect: str, moment: ColumnElement[Any]) -> ColumnElement[date]:
    if dialect == "postgresql":
        return cast(func.timezone("Asia/Shanghai", moment), Date)
    return type_coerce(func.date(moment, _SQLITE_SHIFT), Date)


def week_start(dialect: str, moment: ColumnElement[Any]) -> ColumnElement[date]:
    """The Monday (Shanghai) of the week the moment falls in."""
    if dialect == "postgresql":
        return cast(func.date_trunc("week", func.timezone("Asia/Shanghai", moment)), Date)
    # 'weekday 0' moves forward to the Sunday that ends the week (or stays on it).
    return type_coerce(func.date(moment, _SQLITE_SHIFT, "weekday 0", "-6 days"), Date)


def days_between(dialect: str, later: ColumnElement[Any], earlier: ColumnElement[Any]) -> ColumnElement[float]:
    if dialect == "postgresql":
        return func.extract("epoch", later - earlier) / 86400.0
    return type_coerce(func.julianday(later) - func.julianday(earlier), Float)
