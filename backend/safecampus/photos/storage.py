"""Where photo bytes live. Callers use the PhotoStore interface only, so an object store
can replace the file system without touching them."""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path
from typing import Literal, Protocol, runtime_checkable

Variant = Literal["image", "thumb"]


@runtime_checkable
class PhotoStore(Protocol):
    async def put(self, sha256: str, variant: Variant, data: bytes) -> None: ...

    async def get(self, sha256: str, variant: Variant) -> bytes | None: ...


class FileSystemPhotoStore:
    """``<root>/ab/cd/<sha256>.<variant>.jpg``; writes are atomic (temp file + rename) and
    write-once, so a crash never leaves a half-written photo under its name."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, sha256: str, variant: Variant) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / f"{sha256}.{variant}.jpg"

    def _put(self, sha256: str, variant: Variant, data: bytes) -> None:
        path = self._path(sha256, variant)
        if path.exists():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    async def put(self, sha256: str, variant: Variant, data: bytes) -> None:
        await asyncio.to_thread(self._put, sha256, variant, data)

    async def get(self, sha256: str, variant: Variant) -> bytes | None:
        path = self._path(sha256, variant)
        try:
            return await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError:
            return None
