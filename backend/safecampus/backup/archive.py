"""One tar archive holds a whole SafeCampus: the database (an online SQLite backup, or a
pg_dump in custom format), the photo store, and a manifest saying what is inside. Restore
only writes into an empty database and an empty photo directory: it never merges."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine.url import URL, make_url

from safecampus import __version__

MANIFEST = "manifest.json"
SQLITE_FILE, PG_FILE, PHOTOS = "database.sqlite", "database.pgdump", "photos"


class BackupError(Exception):
    """Something a person must fix (a missing tool, a non-empty target); said in words."""


@dataclass(frozen=True, slots=True)
class Manifest:
    backend: str
    created_at: str
    version: str
    photos: int

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        try:
            return cls(**json.loads((folder / MANIFEST).read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError) as exc:
            raise BackupError(f"not a SafeCampus backup (no readable {MANIFEST}): {exc}") from exc


def _pg(url: URL) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for the PostgreSQL tools; the password goes in the environment,
    never on the command line where other users of the machine could read it."""
    env = os.environ | ({"PGPASSWORD": url.password} if url.password else {})
    args = ["--host", url.host or "127.0.0.1", "--port", str(url.port or 5432), "--username", url.username or "postgres",
            "--dbname", url.database or ""]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client)")
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[:2000]}")


def _dump_database(database_url: str, folder: Path) -> str:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        # The online backup API copies a consistent snapshot while the app keeps writing.
        with sqlite3.connect(url.database or "") as source, sqlite3.connect(folder / SQLITE_FILE) as target:
            source.backup(target)
        return "sqlite"
    args, env = _pg(url)
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(folder / PG_FILE), *args], env)
    return "postgresql"


def create(database_url: str, photo_dir: Path, target: Path) -> Manifest:
    """Write the archive to ``target`` (written beside it first, then renamed: a crash never
    leaves a half archive under the name)."""
    with tempfile.TemporaryDirectory(prefix="safecampus-backup-") as tmp:
        folder = Path(tmp)
        backend = _dump_database(database_url, folder)
        photos = sorted(p for p in photo_dir.rglob("*") if p.is_file()) if photo_dir.exists() else []
        manifest = Manifest(backend=backend, created_at=datetime.now(UTC).isoformat(), version=__version__,
                            photos=len(photos))
        (folder / MANIFEST).write_text(json.dumps(asdict(manifest), ensure_ascii=False, indent=2), encoding="utf-8")
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            tar.add(folder / MANIFEST, MANIFEST)
            tar.add(folder / (SQLITE_FILE if backend == "sqlite" else PG_FILE),
                    SQLITE_FILE if backend == "sqlite" else PG_FILE)
            for photo in photos:
                tar.add(photo, f"{PHOTOS}/{photo.relative_to(photo_dir).as_posix()}")
        partial.replace(target)
    return manifest


def _extract(source: Path, folder: Path) -> Manifest:
    try:
        with tarfile.open(source) as tar:
            tar.extractall(folder, filter="data")  # no absolute paths, links out or devices
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"cannot read {source}: {exc}") from exc
    return Manifest.read(folder)


def restore(source: Path, database_url: str, photo_dir: Path, database_is_empty: bool) -> Manifest:
    if not database_is_empty:
        raise BackupError("the target database is not empty; restore only into a new, empty database")
    if photo_dir.exists() and any(photo_dir.iterdir()):
        raise BackupError(f"the photo directory {photo_dir} is not empty; restore only into an empty one")
    url = make_url(database_url)
    with tempfile.TemporaryDirectory(prefix="safecampus-restore-") as tmp:
        folder = Path(tmp)
        manifest = _extract(source, folder)
        if manifest.backend != url.get_backend_name():
            raise BackupError(f"this backup is of a {manifest.backend} database; the target is {url.get_backend_name()}")
        if manifest.backend == "sqlite":
            with sqlite3.connect(folder / SQLITE_FILE) as backup, sqlite3.connect(url.database or "") as target:
                backup.backup(target)
        else:
            args, env = _pg(url)
            _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *args, str(folder / PG_FILE)], env)
        if (folder / PHOTOS).exists():
            photo_dir.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(folder / PHOTOS, photo_dir, dirs_exist_ok=True)
    return manifest
