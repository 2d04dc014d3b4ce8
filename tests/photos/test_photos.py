"""Photo uploads: validated by content, metadata kept in the database, stripped from the file."""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from PIL import Image
from safecampus.app import create_app
from safecampus.db import Photo
from sqlalchemy import func, select

from tests.conftest import make_client
from tests.factories import CAMPUS, jpeg, sha, upload


async def _photo_count(db) -> int:
    async with db.session() as session:
        return await session.scalar(select(func.count()).select_from(Photo))


def _stored_files(settings) -> list:
    return [p for p in settings.photo_dir.rglob("*") if p.is_file()] if settings.photo_dir.exists() else []


async def test_upload_once_then_replay(client, as_user, db):
    headers = await as_user("inspector")
    data = jpeg(7)
    first = await upload(client, headers, data)
    assert first.status_code == 201
    assert first.json()["sha256"] == sha(data) and first.json()["source_format"] == "jpeg"
    again = await upload(client, headers, data)
    assert again.status_code == 200 and again.json() == first.json()
    assert await _photo_count(db) == 1


async def test_exif_is_read_into_the_database_and_removed_from_the_file(client, as_user):
    headers = await as_user("inspector")
    taken = datetime(2026, 11, 20, 2, 30, tzinfo=UTC)
    data = jpeg(8, taken_at=taken, gps=CAMPUS, orientation=6)
    meta = (await upload(client, headers, data, lat=10.0, lon=10.0, taken_at=datetime(2020, 1, 1, tzinfo=UTC))).json()
    assert meta["taken_at"].startswith("2026-11-20T02:30:00") and meta["taken_at_source"] == "exif"
    assert abs(meta["lat"] - CAMPUS[0]) < 1e-4 and abs(meta["lon"] - CAMPUS[1]) < 1e-4
    assert meta["location_source"] == "exif"  # EXIF in the bytes wins over what the phone declared
    assert (meta["width"], meta["height"]) == (480, 640)  # orientation 6 applied: portrait
    stored = await client.get(f"/api/v1/photos/{sha(data)}", headers=headers)
    assert stored.status_code == 200 and stored.headers["content-type"] == "image/jpeg"
    image = Image.open(io.BytesIO(stored.content))
    assert image.size == (480, 640) and not image.getexif()
    thumb = Image.open(io.BytesIO((await client.get(f"/api/v1/photos/{sha(data)}/thumb", headers=headers)).content))
    assert max(thumb.size) == 320


async def test_declared_metadata_is_kept_when_the_bytes_have_none(client, as_user):
    headers = await as_user("officer")
    data = jpeg(9)
    meta = (await upload(client, headers, data, lat=CAMPUS[0], lon=CAMPUS[1], accuracy_m=12,
                         taken_at=datetime(2026, 11, 28, 1, 0, tzinfo=UTC))).json()
    assert meta["taken_at_source"] == "device" and meta["location_source"] == "device"
    assert meta["accuracy_m"] == 12


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _corrupt_exif() -> bytes:
    payload = b"Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x05" + b"\xff" * 40
    data = jpeg(11)
    return data[:2] + b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload + data[2:]


@pytest.mark.parametrize("name,make,status,code", [
    ("empty", lambda: b"", 422, "empty_photo"),
    ("truncated jpeg", lambda: jpeg(12)[:3000], 422, "image_corrupt"),
    ("html renamed to .jpg", lambda: b"<html><script>alert(1)</script></html>", 415, "unsupported_image_type"),
    ("svg", lambda: b'<svg xmlns="http://www.w3.org/2000/svg"/>', 415, "unsupported_image_type"),
    ("30000x30000 png", lambda: _png_header_only(30000, 30000), 422, "image_too_large"),
    ("corrupt exif", _corrupt_exif, 422, "exif_corrupt"),
])
async def test_bad_photos_are_refused_and_nothing_is_stored(client, as_user, db, settings, name, make, status, code):
    data = make()
    response = await client.put(f"/api/v1/photos/{sha(data)}", content=data, headers=await as_user("inspector"))
    assert response.status_code == status, response.text
    assert response.json()["code"] == code
    assert await _photo_count(db) == 0 and _stored_files(settings) == []


async def test_wrong_hash_is_422(client, as_user, db, settings):
    data = jpeg(13)
    response = await client.put(f"/api/v1/photos/{'0' * 64}", content=data, headers=await as_user("inspector"))
    assert response.status_code == 422 and response.json()["code"] == "hash_mismatch"
    assert await _photo_count(db) == 0 and _stored_files(settings) == []
    bad_address = await client.put("/api/v1/photos/NOT-A-HASH", content=data, headers=await as_user("inspector"))
    assert bad_address.status_code == 400


async def test_body_over_the_photo_limit_is_413(settings, db):
    async with make_client(create_app(replace(settings, max_photo_bytes=20_000))) as client:
        from tests.conftest import login

        data = jpeg(14, size=(1600, 1200))
        assert len(data) > 20_000
        response = await upload(client, await login(client, "inspector"), data)
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"
    assert await _photo_count(db) == 0 and _stored_files(settings) == []


async def test_a_photo_is_only_visible_to_its_uploader_until_a_record_uses_it(client, as_user):
    data = jpeg(15)
    await upload(client, await as_user("officer"), data)
    for other in ("principal2", "inspector", "admin"):
        response = await client.get(f"/api/v1/photos/{sha(data)}", headers=await as_user(other))
        assert response.status_code == 404
    assert (await client.get(f"/api/v1/photos/{sha(data)}/meta", headers=await as_user("officer"))).status_code == 200


async def test_viewers_do_not_upload(client, as_user):
    assert (await upload(client, await as_user("viewer"), jpeg(16))).status_code == 403
