"""Storing a photo once per hash, and deciding who may see it."""

from __future__ import annotations

import asyncio
import hashlib
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.audit import services as audit
from safecampus.auth.identity import CurrentUser
from safecampus.clock import check_client_time, plausible
from safecampus.db import Hazard, OrgUnit, Photo, PhotoHolder
from safecampus.db.base import utcnow
from safecampus.errors import InvalidInput, NotFound, Unprocessable
from safecampus.orgs.scope import within
from safecampus.photos.holding import held_links
from safecampus.photos.imaging import ProcessedPhoto, process
from safecampus.photos.storage import PhotoStore


@dataclass(frozen=True, slots=True)
class DeclaredMetadata:
    """What the phone says about the capture, for photos whose EXIF was lost in downscaling."""

    taken_at: datetime | None = None
    lat: float | None = None
    lon: float | None = None
    accuracy_m: float | None = None

    def check(self) -> None:
        check_client_time(self.taken_at, "taken_at")
        if (self.lat is None) != (self.lon is None):
            raise InvalidInput("Declare both lat and lon, or neither.", code="incomplete_location")


def _describe(sha256: str, data: bytes, processed: ProcessedPhoto, declared: DeclaredMetadata,
              user: CurrentUser) -> Photo:
    """The photo's row; EXIF found in the bytes wins over what the phone declared."""
    exif = processed.exif
    exif_time = exif.taken_at if exif.taken_at and plausible(exif.taken_at) else None
    exif_place = exif.lat is not None and exif.lon is not None
    return Photo(
        sha256=sha256, source_format=processed.source_format, source_bytes=len(data), width=processed.width,
        height=processed.height, stored_bytes=len(processed.image), phash=processed.phash,
        taken_at=(exif_time or declared.taken_at).astimezone(UTC) if (exif_time or declared.taken_at) else None,
        taken_at_source="exif" if exif_time else ("device" if declared.taken_at else None),
        lat=exif.lat if exif_place else declared.lat, lon=exif.lon if exif_place else declared.lon,
        accuracy_m=None if exif_place else declared.accuracy_m,
        location_source="exif" if exif_place else ("device" if declared.lat is not None else None),
        uploaded_by=user.id, uploaded_at=utcnow(),
    )


# One decode may take up to imaging.DECODE_BUDGET of memory: at most this many at once per
# process bounds the whole (more would not run faster on these cores anyway).
_DECODING = threading.BoundedSemaphore(max(2, os.cpu_count() or 2))


def _process_bounded(data: bytes, max_pixels: int) -> ProcessedPhoto:
    with _DECODING:
        return process(data, max_pixels=max_pixels)


async def store_photo(session: AsyncSession, store: PhotoStore, user: CurrentUser, sha256: str, data: bytes,
                      declared: DeclaredMetadata, *, max_pixels: int) -> tuple[Photo, bool]:
    """Returns the photo and whether it was new. Write-once: the same bytes again return the
    stored record (and record that this user, too, holds the photo)."""
    if not data:
        raise Unprocessable("The request body is empty: send the photo's bytes.", code="empty_photo")
    if hashlib.sha256(data).hexdigest() != sha256:
        raise Unprocessable("The SHA-256 of the bytes received does not match the address; the upload was "
                            "damaged or the hash is wrong.", code="hash_mismatch")
    declared.check()
    existing = await session.get(Photo, sha256)
    if existing is not None:
        await _hold(session, user, existing, created=False)
        return existing, False
    # Give the connection back while the image is processed and written (tens of milliseconds,
    # more under load): other requests need it more. Nothing was written yet.
    await session.rollback()
    processed = await asyncio.to_thread(_process_bounded, data, max_pixels)
    photo = _describe(sha256, data, processed, declared, user)
    # Files first, row second: a crash in between leaves a content-addressed file that
    # the next upload of the same bytes reuses, never a row without its file.
    await store.put(sha256, "image", processed.image)
    await store.put(sha256, "thumb", processed.thumbnail)
    session.add(photo)
    try:
        await session.flush()
    except IntegrityError:  # the same photo arrived concurrently: theirs is as good as ours
        await session.rollback()
        existing = await session.get_one(Photo, sha256)
        await _hold(session, user, existing, created=False)
        return existing, False
    await _hold(session, user, photo, created=True)
    return photo, True


async def _hold(session: AsyncSession, user: CurrentUser, photo: Photo, *, created: bool) -> None:
    if not created and await session.get(PhotoHolder, (photo.sha256, user.id)) is not None:
        return
    session.add(PhotoHolder(sha256=photo.sha256, user_id=user.id))
    await audit.record(session, user.actor, "photo.upload", "photo", photo.sha256, {
        "bytes": photo.source_bytes, "format": photo.source_format, "already_stored": not created,
        "taken_at_source": photo.taken_at_source, "location_source": photo.location_source})
    try:
        await session.commit()
    except IntegrityError:  # the same user's concurrent upload recorded it first
        await session.rollback()


async def visible_photo(session: AsyncSession, user: CurrentUser, sha256: str) -> Photo:
    """A photo is visible to whoever holds it, and to anyone whose scope covers a hazard
    whose author holds it; to everybody else it does not exist."""
    held_by_me = exists(select(PhotoHolder.sha256).where(PhotoHolder.sha256 == sha256,
                                                         PhotoHolder.user_id == user.id))
    links = held_links().subquery()
    used_in_scope = exists(
        select(links.c.sha256).join(Hazard, Hazard.id == links.c.hazard_id)
        .join(OrgUnit, OrgUnit.id == Hazard.school_id)
        .where(links.c.sha256 == sha256, within(user.org_path))
    )
    photo = (await session.execute(
        select(Photo).where(Photo.sha256 == sha256, held_by_me | used_in_scope))).scalar_one_or_none()
    if photo is None:
        raise NotFound("No such photo in your scope.", code="photo_not_found")
    return photo
