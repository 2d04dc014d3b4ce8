"""The org tree (市教体局 → 县区教体局 → 学校) and the bureau's reference data."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from safecampus.db.base import Base, UTCDateTime, new_id, utcnow


class OrgUnit(Base):
    """A unit of the hierarchy. ``path`` is the materialized chain of codes from the top
    (``/230500/230502/JS001/``) so that a subtree is one indexed prefix match."""

    __tablename__ = "org_unit"
    __table_args__ = (Index("ix_org_unit_path", "path", postgresql_ops={"path": "varchar_pattern_ops"}),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    school_type: Mapped[str | None] = mapped_column(String(32))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    path: Mapped[str] = mapped_column(String(400))
    address: Mapped[str | None] = mapped_column(String(300))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    radius_m: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Section(Base):
    """A business section of the city bureau (第十一条) with its safety duties."""

    __tablename__ = "section"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    article: Mapped[str] = mapped_column(String(40))
    duties: Mapped[str] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer)


class HazardDomain(Base):
    """A kind of hazard (fire, food, lab chemicals, ...) and the section that owns it."""

    __tablename__ = "hazard_domain"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    section_code: Mapped[str] = mapped_column(ForeignKey("section.code"))
    sort_order: Mapped[int] = mapped_column(Integer)


class DutyTemplate(Base):
    """One duty of 第六条 to 第十条, by who holds it; responsibility lists start from these."""

    __tablename__ = "duty_template"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(32))
    article: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer)
