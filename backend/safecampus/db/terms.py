"""The term calendar (学期): the term inspections of 第十五条 are due in windows around its dates."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from safecampus.db.base import Base, UTCDateTime, new_id, utcnow


class Term(Base):
    __tablename__ = "term"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(20), unique=True)  # "2026-autumn": the year its first day falls in
    school_year: Mapped[str] = mapped_column(String(9))  # "2026-2027"
    season: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(100))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    # Set once an admin edits the term through the API: from then on the seed file no
    # longer overwrites it at startup.
    edited_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
