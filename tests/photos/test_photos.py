"""Photo uploads: validated by content, metadata kept in the database, stripped from the file."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime

from PIL import Image
from safecampus.app import create_app

from tests.conftest import make_client
from tests.factories import CAMPUS, jpeg, sha, upload
from tests.photos.kept import photo_rows, stored_files


async def test_upload_once_then_replay(client, as_user, db):
    headers = await as_user("inspector")
    data = jpeg(7)
    first = await upload(client, headers, data)
    assert first.status_code == 201
    assert first.json()["sha256"] == sha(data) and first.json()["source_format"] == "jpeg"
    again = await upload(client, headers, data)
    assert again.status_code == 200 and again.json() == first.json()
    assert await photo_rows(db) == (1, 1, 1)


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


async def test_body_over_the_photo_limit_is_413(settings, db):
    async with make_client(create_app(replace(settings, max_photo_bytes=20_000))) as client:
        from tests.conftest import login

        data = jpeg(14, size=(1600, 1200))
        assert len(data) > 20_000
        response = await upload(client, await login(client, "inspector"), data)
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"
    assert await photo_rows(db) == (0, 0, 0) and stored_files(settings) == []


async def test_a_photo_is_only_visible_to_its_uploader_until_a_record_uses_it(client, as_user):
    data = jpeg(15)
    await upload(client, await as_user("officer"), data)
    for other in ("principal2", "inspector", "admin"):
        response = await client.get(f"/api/v1/photos/{sha(data)}", headers=await as_user(other))
        assert response.status_code == 404
    assert (await client.get(f"/api/v1/photos/{sha(data)}/meta", headers=await as_user("officer"))).status_code == 200


async def test_viewers_do_not_upload(client, as_user):
    assert (await upload(client, await as_user("viewer"), jpeg(16))).status_code == 403
