"""Versioned checklist templates. Editing a template makes a new version; an inspection
pins the version it used, so old inspections keep their meaning."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from safecampus.db.base import Base, UTCDateTime, new_id, utcnow


class Checklist(Base):
    __tablename__ = "checklist"
    __table_args__ = (UniqueConstraint("code", "version", name="uq_checklist_code_version"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(60))
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    kinds: Mapped[list[str]] = mapped_column(JSON)
    school_types: Mapped[list[str]] = mapped_column(JSON)
    # "published" (the current version), "superseded" (an older version), "retired", or "draft"
    # (saved in the app, not yet offered to the field app).
    status: Mapped[str] = mapped_column(String(20), default="published")
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The admin who saved this version in the app, or published or retired it there (None: the seed
    # files made it). Once a template has such a version, the seed files no longer change it.
    edited_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))

    items: Mapped[list[ChecklistItem]] = relationship(order_by="ChecklistItem.position", lazy="raise")


class ChecklistItem(Base):
    __tablename__ = "checklist_item"
    __table_args__ = (UniqueConstraint("checklist_id", "code", name="uq_checklist_item_checklist_code"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    checklist_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("checklist.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(100))
    check: Mapped[str] = mapped_column(Text)
    look_at: Mapped[str] = mapped_column(Text)
    grade: Mapped[str] = mapped_column(String(10))
    photo_required: Mapped[bool] = mapped_column(Boolean)
    domain_code: Mapped[str] = mapped_column(ForeignKey("hazard_domain.code"))
    section_code: Mapped[str] = mapped_column(ForeignKey("section.code"))
