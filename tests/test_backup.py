"""`safecampus backup` and `restore`: everything a running SafeCampus holds goes into one
archive and comes back, into an empty database, with every record, photo and an intact
audit chain. Run as the operator would: the command in its own process."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from safecampus.db import Hazard, Photo
from safecampus.db.engine import Database
from sqlalchemy import func, select
from sqlalchemy.engine.url import make_url

from tests.databases import _pg_admin


def safecampus(database_url: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"SAFECAMPUS_DATABASE_URL": database_url, "SAFECAMPUS_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "safecampus", *args], env=env, capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.fixture
def empty_database(database_url: str, tmp_path: Path):
    """A new, empty database of the same backend: where a restore goes."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'restored.db'}"
        return
    name = f"{url.database}_restored"
    _pg_admin(f"CREATE DATABASE {name}")
    yield url.set(database=name).render_as_string(hide_password=False)
    _pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


async def _counts(database_url: str) -> tuple[int, int]:
    db = Database(database_url)
    try:
        async with db.session() as session:
            return (await session.scalar(select(func.count()).select_from(Hazard)) or 0,
                    await session.scalar(select(func.count()).select_from(Photo)) or 0)
    finally:
        await db.dispose()


async def test_a_backup_restores_into_an_empty_database(settings, found, empty_database, tmp_path):
    archive = tmp_path / "backup.tar"
    made = safecampus(settings.database_url, settings.data_dir, "backup", str(archive))
    assert made.returncode == 0, made.stderr
    photos = sorted(p.relative_to(settings.photo_dir) for p in settings.photo_dir.rglob("*") if p.is_file())
    assert photos, "the fixture uploaded a photo"
    with tarfile.open(archive) as tar:
        assert {"manifest.json", *(f"photos/{p.as_posix()}" for p in photos)} <= set(tar.getnames())

    elsewhere = tmp_path / "restored-data"
    restored = safecampus(empty_database, elsewhere, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "audit trail intact" in restored.stdout
    assert await _counts(empty_database) == await _counts(settings.database_url) != (0, 0)
    for photo in photos:
        assert (elsewhere / "photos" / photo).read_bytes() == (settings.photo_dir / photo).read_bytes()
    verified = safecampus(empty_database, elsewhere, "audit", "verify")
    assert verified.returncode == 0 and "intact" in verified.stdout

    again = safecampus(empty_database, tmp_path / "other-data", "restore", str(archive))
    assert again.returncode == 1 and "not empty" in again.stderr  # never merged into live data


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not a tar at all")
    result = safecampus(f"sqlite+aiosqlite:///{tmp_path / 'new.db'}", tmp_path / "data", "restore", str(junk))
    assert result.returncode == 1 and "cannot read" in result.stderr and "Traceback" not in result.stderr
