"""Turning untrusted upload bytes into a clean stored image (pure functions, no I/O).

Formats are recognised by magic bytes, never by the declared type; the pixel count, and
the memory decoding them would take, are checked from the header before anything is
decoded; EXIF capture time and GPS are read before the metadata is dropped by re-encoding."""

from __future__ import annotations

import io
import struct
import traceback
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from PIL import Image, UnidentifiedImageError

from safecampus.errors import Unprocessable, UnsupportedMediaType

SHANGHAI = timezone(timedelta(hours=8))
STORED_LONG_EDGE = 2560
THUMB_LONG_EDGE = 320
JPEG_QUALITY = 85
# Decoding may hold several bytes per pixel beyond the 4 Pillow keeps, and a file of a few
# bytes may declare a huge image: what a decode would take is estimated from the header
# and refused above this, even under the pixel limit (tests/photos/test_hostile_corpus.py
# measures the largest photo of each kind that passes).
DECODE_BUDGET = 200 * 2**20

_EXIF_IFD, _GPS_IFD = 0x8769, 0x8825
_DATETIME_ORIGINAL, _OFFSET_TIME_ORIGINAL, _ORIENTATION = 0x9003, 0x9011, 0x0112
_TRANSPOSE = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
              5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
              8: Image.Transpose.ROTATE_90}


def sniff_format(data: bytes) -> str:
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    raise UnsupportedMediaType("Only JPEG, PNG and WebP photos are accepted (judged by the file's content).",
                               code="unsupported_image_type")


@dataclass(frozen=True, slots=True)
class ExifFacts:
    taken_at: datetime | None = None
    lat: float | None = None
    lon: float | None = None
    orientation: int = 1


@dataclass(frozen=True, slots=True)
class ProcessedPhoto:
    source_format: str
    width: int
    height: int
    image: bytes
    thumbnail: bytes
    phash: str
    exif: ExifFacts


def _gps_degrees(value: object, ref: object, negative: str) -> float | None:
    if not isinstance(value, tuple) or len(value) != 3:
        return None
    degrees = float(value[0]) + float(value[1]) / 60 + float(value[2]) / 3600
    return -degrees if str(ref).upper().startswith(negative) else degrees


def _exif_time(raw: object, offset: object) -> datetime | None:
    if not isinstance(raw, str):
        return None
    try:
        naive = datetime.strptime(raw.strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    if naive.year < 1900:  # cameras with an unset clock; also keeps offsets from overflowing
        return None
    tz = SHANGHAI  # cameras without an offset tag write local time; the users are in China
    if isinstance(offset, str) and len(offset.strip("\x00")) == 6:
        try:
            tz = datetime.strptime(offset.strip("\x00"), "%z").tzinfo or SHANGHAI
        except ValueError:
            pass
    return naive.replace(tzinfo=tz)


def _from_exif_parser(exc: Warning) -> bool:
    """Pillow reads EXIF with its TIFF module, also while it opens a JPEG, and those
    warnings do not all say "EXIF"."""
    return "exif" in str(exc).lower() or any(
        frame.f_globals.get("__name__") == "PIL.TiffImagePlugin" for frame, _ in traceback.walk_tb(exc.__traceback__))


def read_exif(image: Image.Image) -> ExifFacts:
    """EXIF that cannot be parsed is an error: evidence with unreadable metadata is refused,
    not silently stripped of it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            exif = image.getexif()
            if not exif:
                return ExifFacts()
            details, gps = exif.get_ifd(_EXIF_IFD), exif.get_ifd(_GPS_IFD)
            lat = _gps_degrees(gps.get(2), gps.get(1), "S") if gps else None
            lon = _gps_degrees(gps.get(4), gps.get(3), "W") if gps else None
            orientation = exif.get(_ORIENTATION, 1)
    except (Warning, ValueError, TypeError, SyntaxError, ZeroDivisionError, struct.error) as exc:
        raise Unprocessable(f"The photo's EXIF metadata is corrupt ({exc}); take or export the photo again.",
                            code="exif_corrupt") from exc
    plausible = lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180
    return ExifFacts(taken_at=_exif_time(details.get(_DATETIME_ORIGINAL), details.get(_OFFSET_TIME_ORIGINAL)),
                     lat=lat if plausible else None, lon=lon if plausible else None,
                     orientation=orientation if orientation in _TRANSPOSE else 1)


def difference_hash(image: Image.Image) -> str:
    """64-bit dHash: robust to re-encoding and resizing, so a proof photo that is the
    evidence photo again (re-saved, cropped a little) is still recognised."""
    small = image.convert("L").resize((9, 8), Image.Resampling.LANCZOS)
    pixels = small.tobytes()  # mode L: one byte per pixel
    bits = 0
    for row in range(8):
        for col in range(8):
            bits = (bits << 1) | (pixels[row * 9 + col] > pixels[row * 9 + col + 1])
    return f"{bits:016x}"


def hamming(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def fitted(size: tuple[int, int], long_edge: int) -> tuple[int, int]:
    """``size`` scaled down (never up) so that its long edge is at most ``long_edge``."""
    scale = min(1.0, long_edge / max(size))
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def _first_scan_has_every_component(data: bytes, components: int) -> bool:
    """Walks the JPEG's segments to its first scan: libjpeg decodes a scan that carries every
    component as it reads it, but buffers the whole image when each has a scan of its own."""
    at = 2
    while at + 4 < len(data) and data[at] == 0xFF:
        if data[at + 1] == 0xFF:  # a fill byte before a marker
            at += 1
            continue
        if data[at + 1] == 0xDA:
            return data[at + 4] >= components
        at += 2 + int.from_bytes(data[at + 2:at + 4], "big")
    return False


def decode_bytes(image: Image.Image, source_format: str, data: bytes, pixels: int) -> int:
    """About the most memory turning ``image`` (opened, and drafted when a JPEG) into the
    stored photo takes, ``pixels`` being the size its header declares."""
    depth = 1 if image.mode in ("1", "L", "P") else 4  # bytes a pixel in Pillow
    if source_format == "WEBP":  # libwebp keeps two RGBA canvases, hands over a frame, Pillow copies it
        decoded = 16 * pixels
    elif source_format == "PNG":  # resampling an image with transparency works on a premultiplied copy
        decoded = depth * pixels * (2 if image.mode in ("RGBA", "LA") else 1)
    else:
        decoded = depth * image.width * image.height  # at the draft's scale
        if image.info.get("progressive") or not _first_scan_has_every_component(data, len(image.layer)):
            # libjpeg keeps a 2-byte coefficient for every sample of the full-size image
            h_max = max(1, *(h for _, h, _, _ in image.layer))
            v_max = max(1, *(v for _, _, v, _ in image.layer))
            decoded += round(2 * pixels * sum(h * v for _, h, v, _ in image.layer) / (h_max * v_max))
    # Resampling to the stored size: a first pass as wide as the result and as tall as the source.
    target_width, target_height = fitted(image.size, STORED_LONG_EDGE)
    return decoded + depth * target_width * (image.height + target_height)


def check_size(image: Image.Image, source_format: str, data: bytes, max_pixels: int) -> None:
    """Refuses a photo too large to take, in pixels or in the memory decoding it would take,
    from its header alone; drafts a JPEG to the scale it will be decoded at."""
    width, height = image.size
    if width * height > max_pixels:
        raise Unprocessable(
            f"The photo has {width}×{height} pixels, more than the {max_pixels:,} allowed "
            "(a decompression bomb, or a photo that was not downscaled).", code="image_too_large")
    if source_format == "JPEG":  # decode at 1/2, 1/4, 1/8 when that still covers the stored size
        image.draft("RGB", fitted(image.size, STORED_LONG_EDGE))
    needs = decode_bytes(image, source_format, data, width * height)
    if needs > DECODE_BUDGET:
        raise Unprocessable(
            f"The photo has {width}×{height} pixels; turning a {source_format} that large into the stored "
            f"photo takes about {needs / 2**20:,.0f} MB of memory, more than the {DECODE_BUDGET // 2**20} MB "
            "allowed. Downscale it before uploading.", code="image_too_large")


def _encode(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY)  # no exif= argument: the metadata is dropped
    return out.getvalue()


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB") if image.mode != "RGB" else image


def process(data: bytes, *, max_pixels: int) -> ProcessedPhoto:
    source_format = sniff_format(data)
    try:
        with warnings.catch_warnings():
            # Pillow only warns about decompression bombs below twice its limit, and about
            # corrupt EXIF (which it parses while opening a JPEG): both are errors here.
            warnings.simplefilter("error")
            image = Image.open(io.BytesIO(data), formats=[source_format])
            check_size(image, source_format, data, max_pixels)
            # Decoded before its EXIF is read (Pillow decodes a PNG to look for EXIF after the
            # pixels anyway), so that a damaged picture is told apart from damaged metadata.
            image.load()
            exif = read_exif(image)
            image.thumbnail((STORED_LONG_EDGE, STORED_LONG_EDGE), reducing_gap=3.0)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise Unprocessable("The photo is a decompression bomb.", code="image_too_large") from exc
    except Warning as exc:
        if _from_exif_parser(exc):
            raise Unprocessable(f"The photo's EXIF metadata is corrupt ({exc}); take or export the photo again.",
                                code="exif_corrupt") from exc
        raise Unprocessable(f"The photo cannot be decoded ({exc}).", code="image_corrupt") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise Unprocessable(f"The photo cannot be decoded ({exc}); it may be truncated or damaged.",
                            code="image_corrupt") from exc
    if exif.orientation != 1:
        image = image.transpose(_TRANSPOSE[exif.orientation])
    image = _to_rgb(image)
    image.info.clear()  # Pillow would write a JPEG comment from the upload (any bytes) into ours
    thumb = image.copy()
    thumb.thumbnail((THUMB_LONG_EDGE, THUMB_LONG_EDGE))
    # The hash from the thumbnail: the same 9×8 gradients as from the full image (a 320 px
    # image is far finer than 9×8), at a twentieth of the cost.
    return ProcessedPhoto(source_format=source_format.lower(), width=image.width, height=image.height,
                          image=_encode(image), thumbnail=_encode(thumb), phash=difference_hash(thumb), exif=exif)
