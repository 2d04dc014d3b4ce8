"""Photos: server CPU per photo through PUT /api/v1/photos/{sha} (measured from /proc on the
server process, every thread) for a 1600 px phone JPEG (the PWA's downscale: long edge 1600,
quality 0.82) and a 12 MP camera JPEG (4000×3000, quality 92, EXIF orientation 6), against the
bare Pillow pipeline in-process on the same files: decode, orient, re-encode, thumbnail."""

from __future__ import annotations

import hashlib
import io
import random
import time
import urllib.request

from PIL import Image, ImageDraw, ImageFilter, ImageOps
from safecampus.photos import imaging

from bench.common import Result, fresh_database, login, serve

GOAL_RATIO, GOAL_SAVING = 1.3, 8.0


def _scene(width: int, height: int, seed: int) -> Image.Image:
    """Something like a photo of a school corridor: gradients, shapes, edges and sensor noise
    (flat synthetic images compress unrealistically well)."""
    rng = random.Random(seed)
    small = Image.linear_gradient("L").resize((width // 8, height // 8)).convert("RGB")
    draw = ImageDraw.Draw(small)
    for _ in range(60):
        x, y = rng.randrange(small.width), rng.randrange(small.height)
        draw.rectangle((x, y, x + rng.randrange(5, 80), y + rng.randrange(5, 60)),
                       fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    image = small.resize((width, height), Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(1))
    noise = Image.effect_noise((width, height), 18).convert("RGB")
    return Image.blend(image, noise, 0.12)


def scene_jpeg(width: int, height: int, seed: int = 1) -> bytes:
    """A phone's JPEG of a scene at that size (the PWA encodes at quality 0.82)."""
    buffer = io.BytesIO()
    _scene(width, height, seed).save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def distinct_copies(jpeg: bytes, count: int, tag: str = "") -> list[bytes]:
    """``count`` files of the same picture with different bytes, so different SHA-256: a
    comment segment (COM) after the start-of-image marker carries ``tag`` and a number. They
    cost nothing to make, and the server does its whole work on each (decode, orient,
    re-encode without metadata, thumbnail)."""
    assert jpeg[:2] == b"\xff\xd8", "not a JPEG"
    out = []
    for i in range(count):
        comment = f"{tag}#{i}".encode()
        out.append(jpeg[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + jpeg[2:])
    return out


def camera_jpegs(count: int, seed: int = 1) -> list[bytes]:
    """12 MP camera files, each different (a stamp), EXIF orientation 6 and a capture time."""
    base = _scene(4000, 3000, seed)
    out = []
    for i in range(count):
        image = base.copy()
        ImageDraw.Draw(image).rectangle((40 + 30 * i, 40, 60 + 30 * i, 60), fill=(255, 0, i % 256))
        exif = Image.Exif()
        exif[0x0112] = 6
        exif[0x0132] = "2025:05:06 09:30:00"
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=92, exif=exif)
        out.append(buffer.getvalue())
    return out


def phone_downscale(camera: bytes) -> bytes:
    """What the PWA sends: oriented, long edge 1600, JPEG quality 0.82, no EXIF (pwa/photos.js)."""
    image = ImageOps.exif_transpose(Image.open(io.BytesIO(camera)))
    image.thumbnail((1600, 1600), Image.Resampling.BICUBIC)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def bare_pipeline(data: bytes) -> tuple[bytes, bytes]:
    """The least Pillow work giving the server's outputs: decode (at a reduced scale when JPEG
    draft allows), orient, re-encode at most 2560 px, and a 320 px thumbnail."""
    image = Image.open(io.BytesIO(data))
    orientation = image.getexif().get(0x0112, 1)
    image.draft("RGB", imaging.fitted(image.size, imaging.STORED_LONG_EDGE))
    image.thumbnail((imaging.STORED_LONG_EDGE, imaging.STORED_LONG_EDGE), reducing_gap=3.0)
    if orientation in (3, 6, 8):
        image = image.transpose({3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_270,
                                 8: Image.Transpose.ROTATE_90}[orientation])
    stored = io.BytesIO()
    image.save(stored, "JPEG", quality=imaging.JPEG_QUALITY)
    thumb = image.copy()
    thumb.thumbnail((imaging.THUMB_LONG_EDGE, imaging.THUMB_LONG_EDGE))
    small = io.BytesIO()
    thumb.save(small, "JPEG", quality=imaging.JPEG_QUALITY)
    return stored.getvalue(), small.getvalue()


def naive_pipeline(data: bytes) -> bytes:
    """For the record: full decode, orient first, resize the whole image (no draft)."""
    image = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    image.thumbnail((imaging.STORED_LONG_EDGE, imaging.STORED_LONG_EDGE))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=imaging.JPEG_QUALITY)
    return out.getvalue()


def _cpu_ms(work, files: list[bytes]) -> float:
    work(files[0])  # warm
    started = time.process_time()
    for data in files:
        work(data)
    return (time.process_time() - started) * 1000 / len(files)


def _upload(url: str, token: str, data: bytes) -> int:
    request = urllib.request.Request(f"{url}/api/v1/photos/{hashlib.sha256(data).hexdigest()}", data=data,
                                     method="PUT", headers={"Authorization": f"Bearer {token}",
                                                            "Content-Type": "image/jpeg"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.status


def run(count: int = 8) -> Result:
    result = Result("photos")
    cameras = camera_jpegs(count + 1)
    phones = [phone_downscale(c) for c in cameras]
    files = {"1600 px phone JPEG": phones, "12 MP camera JPEG": cameras}
    figures: dict[str, dict[str, float]] = {}
    with fresh_database("photos") as database, serve(database) as server:
        token = login(server.url, "inspector")
        for label, batch in files.items():
            assert _upload(server.url, token, batch[0]) == 201  # warm the server's code paths
            before = server.cpu_seconds()
            started = time.perf_counter()
            for data in batch[1:]:
                assert _upload(server.url, token, data) == 201
            wall = (time.perf_counter() - started) * 1000 / count
            server_ms = (server.cpu_seconds() - before) * 1000 / count
            bare = _cpu_ms(bare_pipeline, batch[1:])
            naive = _cpu_ms(naive_pipeline, batch[1:])
            figures[label] = {"server_cpu_ms": round(server_ms, 1), "bare_cpu_ms": round(bare, 1),
                              "naive_cpu_ms": round(naive, 1), "ratio": round(server_ms / bare, 2),
                              "wall_ms_per_upload": round(wall, 1),
                              "mean_bytes": round(sum(map(len, batch)) / len(batch))}
    saving = figures["12 MP camera JPEG"]["mean_bytes"] / figures["1600 px phone JPEG"]["mean_bytes"]
    result.data = {"files": figures, "photos_each": count, "bytes_saved_by_phone_downscale": round(saving, 1)}
    for label, f in figures.items():
        result.add(f"{label}: server CPU / bare Pillow", f"{f['server_cpu_ms']:.0f} / {f['bare_cpu_ms']:.0f} ms "
                   f"= {f['ratio']:.2f}x", f"<= {GOAL_RATIO}x")
    result.add("phone downscale: camera bytes / phone bytes",
               f"{figures['12 MP camera JPEG']['mean_bytes'] / 1e6:.1f} MB / "
               f"{figures['1600 px phone JPEG']['mean_bytes'] / 1e3:.0f} KB = {saving:.1f}x", f">= {GOAL_SAVING:.0f}x")
    return result
