"""Storing a photo once per hash, and deciding who may see it."""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.audit import services as audit
from safecampus.auth.identity import CurrentUser
from safecampus.db import Hazard, HazardPhoto, OrgUnit, Photo
from safecampus.errors import NotFound, Unprocessable
from safecampus.orgs.scope import within
from safecampus.photos.imaging import process
from safecampus.photos.storage import PhotoStore


@dataclass(frozen=True, slots=True)
class DeclaredMetadata:
    """What the phone says about the capture, for photos whose EXIF was lost in downscaling."""

    taken_at: datetime | None = None
    lat: float | None = None
    lon: float | None = None
    accuracy_m: float | None = None


async def store_photo(session: AsyncSession, store: PhotoStore, user: CurrentUser, sha256: str, data: bytes,
                      declared: DeclaredMetadata, *, max_pixels: int) -> tuple[Photo, bool]:
    """Returns the photo and whether it was new. Write-once: a second upload of the same
    bytes returns the stored record and changes nothing."""
    if not data:
        raise Unprocessable("The request body is empty: send the photo's bytes.", code="empty_photo")
    if hashlib.sha256(data).hexdigest() != sha256:
        raise Unprocessable("The SHA-256 of the bytes received does not match the address; the upload was "
                            "damaged or the hash is wrong.", code="hash_mismatch")
    existing = await session.get(Photo, sha256)
    if existing is not None:
        return existing, False
    processed = await asyncio.to_thread(process, data, max_pixels=max_pixels)
    await store.put(sha256, "image", processed.image)
    await store.put(sha256, "thumb", processed.thumbnail)
    exif = processed.exif
    has_exif_place = exif.lat is not None and exif.lon is not None
    has_device_place = declared.lat is not None and declared.lon is not None
    photo = Photo(
        sha256=sha256, source_format=processed.source_format, source_bytes=len(data), width=processed.width,
        height=processed.height, stored_bytes=len(processed.image), phash=processed.phash,
        taken_at=_utc(exif.taken_at or declared.taken_at),
        taken_at_source="exif" if exif.taken_at else ("device" if declared.taken_at else None),
        lat=exif.lat if has_exif_place else declared.lat, lon=exif.lon if has_exif_place else declared.lon,
        accuracy_m=None if has_exif_place else declared.accuracy_m,
        location_source="exif" if has_exif_place else ("device" if has_device_place else None),
        uploaded_by=user.id,
    )
    session.add(photo)
    try:
        await session.flush()
    except IntegrityError:  # the same photo arrived concurrently: theirs is as good as ours
        await session.rollback()
        return await session.get_one(Photo, sha256), False
    await audit.record(session, user.actor, "photo.upload", "photo", sha256,
                       {"bytes": len(data), "format": processed.source_format,
                        "taken_at_source": photo.taken_at_source, "location_source": photo.location_source})
    await session.commit()
    return photo, True


def _utc(moment: datetime | None) -> datetime | None:
    return moment.astimezone(UTC) if moment else None


async def visible_photo(session: AsyncSession, user: CurrentUser, sha256: str) -> Photo:
    """A photo is visible to its uploader and to anyone whose scope covers a hazard that
    uses it; to everybody else it does not exist."""
    used_in_scope = exists(
        select(HazardPhoto.id).join(Hazard, Hazard.id == HazardPhoto.hazard_id)
        .join(OrgUnit, OrgUnit.id == Hazard.school_id)
        .where(HazardPhoto.sha256 == sha256, within(user.org_path))
    )
    photo = (await session.execute(
        select(Photo).where(Photo.sha256 == sha256, (Photo.uploaded_by == user.id) | used_in_scope)
    )).scalar_one_or_none()
    if photo is None:
        raise NotFound("No such photo in your scope.", code="photo_not_found")
    return photo
