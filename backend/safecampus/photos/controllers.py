from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, put
from litestar.di import NamedDependency
from litestar.params import FromQuery, PathParameter, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.auth.identity import CurrentUser
from safecampus.db import Photo
from safecampus.errors import NotFound, PayloadTooLarge
from safecampus.guards import read_limited
from safecampus.openapi import created_or_replayed
from safecampus.photos import services
from safecampus.photos.schemas import PhotoOut
from safecampus.photos.storage import PhotoStore, Variant
from safecampus.settings import Settings

Sha256 = Annotated[str, PathParameter(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the photo bytes, lowercase hex")]

# Photo bytes never change under their hash, so caches may keep them (privately) for good.
IMMUTABLE = {"Cache-Control": "private, max-age=31536000, immutable"}


def _photo_too_large(limit: int) -> Callable[[int], PayloadTooLarge]:
    return lambda _size: PayloadTooLarge(f"The photo is larger than the {limit:,} bytes accepted; "
                                         "downscale it before uploading.")


def photo_response(data: bytes, sha256: str, variant: Variant) -> Response[bytes]:
    """A stored photo: always our own re-encoded JPEG (never the uploaded bytes), served inline
    under a fixed name, so a browser neither sniffs it nor saves it under a client's name."""
    name = f"{sha256}.jpg" if variant == "image" else f"{sha256}-thumb.jpg"
    return Response(data, media_type="image/jpeg",
                    headers={**IMMUTABLE, "Content-Disposition": f'inline; filename="{name}"'})


def to_out(photo: Photo) -> PhotoOut:
    return PhotoOut(sha256=photo.sha256, width=photo.width, height=photo.height, source_format=photo.source_format,
                    source_bytes=photo.source_bytes, stored_bytes=photo.stored_bytes, taken_at=photo.taken_at,
                    taken_at_source=photo.taken_at_source, lat=photo.lat, lon=photo.lon,
                    accuracy_m=photo.accuracy_m, location_source=photo.location_source,
                    uploaded_at=photo.uploaded_at)


class PhotoController(Controller):
    path = "/photos"
    tags = ["photos"]

    @put("/{sha256:str}", operation_id="uploadPhoto",
         responses=created_or_replayed(PhotoOut), request_max_body_size=None,
         summary="Upload one photo's raw bytes (JPEG, PNG or WebP), addressed by their SHA-256. "
                 "201 when stored, 200 when already there. The phone's capture time and place may be "
                 "declared in the query; EXIF in the bytes wins.")
    async def upload(self, request: Request[CurrentUser, Any, Any], sha256: Sha256,
                     db_session: NamedDependency[AsyncSession],
                     current_user: NamedDependency[CurrentUser], photo_store: NamedDependency[PhotoStore],
                     settings: NamedDependency[Settings],
                     taken_at: FromQuery[datetime | None] = None,
                     lat: Annotated[float | None, QueryParameter(ge=-90, le=90)] = None,
                     lon: Annotated[float | None, QueryParameter(ge=-180, le=180)] = None,
                     accuracy_m: Annotated[float | None, QueryParameter(ge=0, le=100_000)] = None) -> Response[PhotoOut]:
        current_user.require_role("admin", "inspector", "principal", "school_officer")
        body = await read_limited(request, settings.max_photo_bytes, _photo_too_large(settings.max_photo_bytes))
        declared = services.DeclaredMetadata(taken_at=taken_at, lat=lat, lon=lon, accuracy_m=accuracy_m)
        photo, created = await services.store_photo(
            db_session, photo_store, current_user, sha256, body, declared, max_pixels=settings.max_photo_pixels)
        return Response(to_out(photo), status_code=201 if created else 200)

    @get("/{sha256:str}/meta", operation_id="getPhotoMeta", summary="What is known about a photo.")
    async def meta(self, sha256: Sha256, db_session: NamedDependency[AsyncSession],
                   current_user: NamedDependency[CurrentUser]) -> PhotoOut:
        return to_out(await services.visible_photo(db_session, current_user, sha256))

    @get("/{sha256:str}", operation_id="getPhoto", media_type="image/jpeg",
         summary="The stored photo: orientation corrected, metadata removed.")
    async def image(self, sha256: Sha256, db_session: NamedDependency[AsyncSession],
                    current_user: NamedDependency[CurrentUser],
                    photo_store: NamedDependency[PhotoStore]) -> Response[bytes]:
        return await self._serve(db_session, current_user, photo_store, sha256, "image")

    @get("/{sha256:str}/thumb", operation_id="getPhotoThumbnail", media_type="image/jpeg",
         summary="A thumbnail of the photo (320 px long edge).")
    async def thumb(self, sha256: Sha256, db_session: NamedDependency[AsyncSession],
                    current_user: NamedDependency[CurrentUser],
                    photo_store: NamedDependency[PhotoStore]) -> Response[bytes]:
        return await self._serve(db_session, current_user, photo_store, sha256, "thumb")

    @staticmethod
    async def _serve(session: AsyncSession, user: CurrentUser, store: PhotoStore, sha256: str,
                     variant: Variant) -> Response[bytes]:
        await services.visible_photo(session, user, sha256)
        data = await store.get(sha256, variant)
        if data is None:
            raise NotFound("The photo's file is missing from storage.", code="photo_file_missing")
        return photo_response(data, sha256, variant)
