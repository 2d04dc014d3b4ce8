"""Photos, content-addressed by the SHA-256 of the bytes the client sent."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from safecampus.db.base import Base, UTCDateTime, utcnow


class Photo(Base):
    __tablename__ = "photo"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    source_format: Mapped[str] = mapped_column(String(10))
    source_bytes: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    stored_bytes: Mapped[int] = mapped_column(Integer)
    # 64-bit difference hash (hex) to find visually identical pictures.
    phash: Mapped[str] = mapped_column(String(16))
    # Where each fact came from: "exif" (in the bytes) or "device" (declared by the phone).
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    taken_at_source: Mapped[str | None] = mapped_column(String(10))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    location_source: Mapped[str | None] = mapped_column(String(10))
    uploaded_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PhotoHolder(Base):
    """Who has sent these bytes. A record may name any hash, but a photo is shown through
    a record only when the record's author holds it: knowing a hash is not having the photo."""

    __tablename__ = "photo_holder"

    sha256: Mapped[str] = mapped_column(ForeignKey("photo.sha256"), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
    since: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
