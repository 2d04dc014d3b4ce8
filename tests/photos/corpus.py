"""A hostile photo corpus, built in code: decompression bombs in every accepted format,
polyglots, formats we refuse, truncations, and metadata built to exhaust a parser.

Each builder returns bytes small enough to send (a bomb is small on the wire and huge
when decoded); nothing here touches the network, the database or the disk."""

from __future__ import annotations

import gzip
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from tests.factories import jpeg, picture

JPEG = jpeg(1)

# ---- JPEG: a real photo with segments added or its frame header rewritten


def segment(marker: int, payload: bytes) -> bytes:
    return b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload


def with_segments(data: bytes, *segments: bytes) -> bytes:
    """``data`` (a JPEG) with ``segments`` inserted right after its start marker."""
    return data[:2] + b"".join(segments) + data[2:]


def with_frame_size(data: bytes, width: int, height: int) -> bytes:
    """The JPEG with its (baseline or progressive) frame header claiming another size; the
    scans stay as they were, so libjpeg finds their data ending early and fills in the rest."""
    frame = re.search(b"\xff[\xc0\xc2]", data)
    assert frame is not None
    at = frame.start() + 5  # marker, length, precision
    return data[:at] + struct.pack(">HH", height, width) + data[at + 4:]


def exif_segment(tiff: bytes) -> bytes:
    return segment(0xE1, b"Exif\x00\x00" + tiff)


def ifd(entries: list[tuple[int, int, int, int]], next_offset: int = 0) -> bytes:
    """A big-endian TIFF IFD of (tag, type, count, value-or-offset) entries."""
    return (struct.pack(">H", len(entries)) + b"".join(struct.pack(">HHII", *entry) for entry in entries)
            + struct.pack(">I", next_offset))


TIFF_HEADER = b"MM\x00\x2a\x00\x00\x00\x08"  # big-endian, first IFD right after the header


def huge_exif() -> bytes:
    """One APP1 segment near its 64 KB limit: IFD0 with 5,000 ASCII entries, each pointing
    at the same string (a parser that copies per entry multiplies the segment)."""
    count = 5_000
    text_at = 8 + 2 + 12 * count + 4
    entries = [(0x9000 + n, 2, 1_000, text_at) for n in range(count)]
    return exif_segment(TIFF_HEADER + ifd(entries) + b"A" * 999 + b"\x00")


def looping_exif() -> bytes:
    """IFD0 whose next-IFD offset and whose EXIF and GPS pointers all point back at itself."""
    return exif_segment(TIFF_HEADER + ifd([(0x8769, 4, 1, 8), (0x8825, 4, 1, 8)], next_offset=8))


def exif_pointing_past_the_end() -> bytes:
    return exif_segment(TIFF_HEADER + ifd([(0x0112, 3, 1, 6 << 16), (0x8769, 4, 1, 0x7FFF_FFF0)]))


def icc_segments(total: int) -> list[bytes]:
    """An ICC profile of ``total`` bytes split over APP2 segments, as cameras write one."""
    size = 65_519
    pieces = [b"\x00" * size] * (total // size) + ([b"\x00" * (total % size)] if total % size else [])
    return [segment(0xE2, b"ICC_PROFILE\x00" + bytes([n + 1, len(pieces)]) + piece) for n, piece in enumerate(pieces)]


# ---- PNG: chunks written by hand, image data as a deflate bomb


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def deflated_zeros(size: int) -> bytes:
    """A zlib stream of ``size`` zero bytes, built from one compressed megabyte repeated
    (a full flush makes each piece independent), so a gigabyte costs milliseconds."""
    block = 1 << 20
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(b"\x00" * block) + compressor.flush(zlib.Z_FULL_FLUSH)
    last = zlib.compressobj(9, zlib.DEFLATED, -15)
    tail = last.compress(b"\x00" * (size % block)) + last.flush()
    adler = (size % 65521) << 16 | 1  # adler32 of zeros: a stays 1, b counts the bytes
    return b"\x78\xda" + piece * (size // block) + tail + struct.pack(">I", adler)


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png(width: int, height: int, idat: bytes | None = None, *, color_type: int = 6, before_idat: bytes = b"",
        after_idat: bytes = b"") -> bytes:
    """A PNG (RGBA unless told) whose IDAT is ``idat``; by default the zeros a black,
    transparent image of that size needs, deflated."""
    channels = {0: 1, 2: 3, 6: 4}[color_type]
    if idat is None:
        idat = deflated_zeros(height * (1 + width * channels))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return (PNG_SIGNATURE + chunk(b"IHDR", ihdr) + before_idat + chunk(b"IDAT", idat) + after_idat
            + chunk(b"IEND", b""))


def apng(width: int, height: int, frames: int) -> bytes:
    """An animated PNG of ``frames`` full-size frames, every one a deflate bomb of zeros."""
    data = deflated_zeros(height * (1 + width * 4))

    def control(sequence: int) -> bytes:
        return chunk(b"fcTL", struct.pack(">IIIIIHHBB", sequence, width, height, 0, 0, 1, 10, 0, 0))

    later = b"".join(control(2 * n - 1) + chunk(b"fdAT", struct.pack(">I", 2 * n) + data) for n in range(1, frames))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (PNG_SIGNATURE + chunk(b"IHDR", ihdr) + chunk(b"acTL", struct.pack(">II", frames, 0)) + control(0)
            + chunk(b"IDAT", data) + later + chunk(b"IEND", b""))


# ---- WebP: RIFF containers around lossless bitstreams that cost no bits per pixel


class _Bits:
    """VP8L bit writer: least significant bit first."""

    def __init__(self) -> None:
        self.value, self.length = 0, 0

    def put(self, value: int, bits: int) -> _Bits:
        self.value |= value << self.length
        self.length += bits
        return self

    def bytes(self) -> bytes:
        return self.value.to_bytes((self.length + 7) // 8, "little")


def vp8l(width: int, height: int) -> bytes:
    """A lossless bitstream of one colour: each of the five Huffman codes has a single
    symbol, so every pixel costs zero bits and any size fits in a dozen bytes."""
    bits = _Bits().put(0x2F, 8).put(width - 1, 14).put(height - 1, 14).put(1, 1).put(0, 3)
    bits.put(0, 1).put(0, 1).put(0, 1)  # no transform, no colour cache, no meta Huffman codes
    for symbol in (0x80, 0x80, 0x80, 0xFF):  # green, red, blue, alpha: simple codes of one 8-bit symbol
        bits.put(1, 1).put(0, 1).put(1, 1).put(symbol, 8)
    bits.put(1, 1).put(0, 1).put(0, 1).put(0, 1)  # distance: one 1-bit symbol (the alphabet has only 40)
    return bits.bytes()


def riff_chunk(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("<I", len(body)) + body + b"\x00" * (len(body) % 2)


def webp(*chunks: bytes) -> bytes:
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def webp_lossless(width: int, height: int) -> bytes:
    return webp(riff_chunk(b"VP8L", vp8l(width, height)))


def vp8x(width: int, height: int, flags: int = 0) -> bytes:
    return riff_chunk(b"VP8X", bytes([flags, 0, 0, 0]) + (width - 1).to_bytes(3, "little")
                      + (height - 1).to_bytes(3, "little"))


def webp_canvas(width: int, height: int) -> bytes:
    """An extended WebP whose canvas is ``width``×``height`` around a 16×16 image."""
    return webp(vp8x(width, height), riff_chunk(b"VP8L", vp8l(16, 16)))


def webp_lossy_header(width: int, height: int) -> bytes:
    """A lossy key frame header claiming ``width``×``height``, with no picture after it."""
    frame = b"\x10\x02\x00" + b"\x9d\x01\x2a" + struct.pack("<HH", width, height) + b"\x00" * 32
    return webp(riff_chunk(b"VP8 ", frame))


def animated_webp(width: int, height: int, frames: int) -> bytes:
    frame = riff_chunk(b"VP8L", vp8l(width, height))
    anmf = riff_chunk(b"ANMF", b"\x00" * 6 + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
                      + (100).to_bytes(3, "little") + b"\x00" + frame)
    return webp(vp8x(width, height, flags=0x02), riff_chunk(b"ANIM", b"\x00" * 6), anmf * frames)


# ---- Real images of each format, for polyglots and truncation


@cache
def encoded(fmt: str, seed: int = 1, size: tuple[int, int] = (320, 240)) -> bytes:
    out = io.BytesIO()
    picture(seed, size).save(out, fmt)
    return out.getvalue()


PAYLOAD = b"<html><script>alert(document.cookie)</script></html>"


def zip_archive() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("index.html", PAYLOAD)
    return out.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@cache
def _progressive() -> bytes:
    out = io.BytesIO()
    picture(1).save(out, "JPEG", progressive=True, subsampling=0)
    return out.getvalue()


def progressive_jpeg(width: int, height: int) -> bytes:
    """A progressive 4:4:4 JPEG claiming ``width``×``height``: libjpeg keeps a coefficient
    for every sample of the claimed size, whatever scale it decodes at."""
    return with_frame_size(_progressive(), width, height)


def scan_per_component(data: bytes) -> bytes:
    """The JPEG with its one scan cut down to its first component: libjpeg then expects a scan
    per component and buffers the whole image's coefficients until the last one."""
    at = data.index(b"\xff\xda")
    components = data[at + 4]
    first = data[at + 5:at + 7]
    return data[:at] + segment(0xDA, b"\x01" + first + b"\x00\x3f\x00") + data[at + 5 + 2 * components + 3:]


def with_text_chunk(kind: bytes, body: bytes) -> bytes:
    return png(64, 64, before_idat=chunk(kind, body), color_type=2)


def heic_like(brand: bytes) -> bytes:
    return struct.pack(">I", 24) + b"ftyp" + brand + b"\x00\x00\x00\x00mif1" + brand + b"\x00" * 64


@dataclass(frozen=True, slots=True)
class Refused:
    """An input the upload must refuse with this status and error code."""

    name: str
    make: Callable[[], bytes]
    status: int
    code: str


@dataclass(frozen=True, slots=True)
class Cleaned:
    """An input the upload may take, because what it stores is re-encoded from the pixels
    alone: ``leftover`` (the hidden payload) must appear in none of the stored bytes."""

    name: str
    make: Callable[[], bytes]
    leftover: bytes


# Sizes around the default pixel limit of 60,000,000 (settings.max_photo_pixels).
UNDER_LIMIT = (7_700, 7_700)  # 59.29 M pixels
OVER_LIMIT = (8_000, 8_000)  # 64 M pixels
JPEG_PAYLOAD = with_segments(jpeg(2), segment(0xFE, PAYLOAD))

REFUSED: list[Refused] = [
    # decompression bombs: more pixels declared than allowed
    Refused("jpeg SOF 65000x65000", lambda: with_frame_size(JPEG, 65_000, 65_000), 422, "image_too_large"),
    Refused("jpeg SOF 8000x8000", lambda: with_frame_size(JPEG, *OVER_LIMIT), 422, "image_too_large"),
    Refused("png IHDR 30000x30000", lambda: png(30_000, 30_000, b""), 422, "image_too_large"),
    Refused("png IHDR 100000x100000", lambda: png(100_000, 100_000, b""), 422, "image_too_large"),
    Refused("png 8000x8000 deflate bomb", lambda: png(*OVER_LIMIT), 422, "image_too_large"),
    Refused("webp VP8 16383x16383", lambda: webp_lossy_header(16_383, 16_383), 422, "image_too_large"),
    Refused("webp VP8 8000x8000", lambda: webp_lossy_header(*OVER_LIMIT), 422, "image_too_large"),
    Refused("webp VP8L 16384x16384", lambda: webp_lossless(16_384, 16_384), 422, "image_too_large"),
    Refused("webp VP8L 8000x8000", lambda: webp_lossless(*OVER_LIMIT), 422, "image_too_large"),
    Refused("webp VP8X canvas 2^24x2^24", lambda: webp_canvas(1 << 24, 1 << 24), 422, "image_too_large"),
    Refused("webp VP8X 8000x8000", lambda: webp(vp8x(*OVER_LIMIT), riff_chunk(b"VP8L", vp8l(*OVER_LIMIT))),
            422, "image_too_large"),
    Refused("webp animated 8000x8000", lambda: animated_webp(*OVER_LIMIT, frames=3), 422, "image_too_large"),
    # under the pixel limit, but more memory to decode than allowed
    Refused("png 7700x7700 RGBA deflate bomb", lambda: png(*UNDER_LIMIT), 422, "image_too_large"),
    Refused("png 7700x7700 RGB deflate bomb", lambda: png(*UNDER_LIMIT, color_type=2), 422, "image_too_large"),
    Refused("png 60000x1000 RGB deflate bomb", lambda: png(60_000, 1_000, color_type=2), 422, "image_too_large"),
    Refused("webp VP8L 7700x7700 (32 bytes)", lambda: webp_lossless(*UNDER_LIMIT), 422, "image_too_large"),
    Refused("webp VP8 7700x7700", lambda: webp_lossy_header(*UNDER_LIMIT), 422, "image_too_large"),
    Refused("webp animated 4000x4000, 500 frames", lambda: animated_webp(4_000, 4_000, 500), 422, "image_too_large"),
    Refused("jpeg progressive 7700x7700", lambda: progressive_jpeg(*UNDER_LIMIT), 422, "image_too_large"),
    Refused("jpeg progressive 60000x1000", lambda: progressive_jpeg(60_000, 1_000), 422, "image_too_large"),
    Refused("jpeg scan per component 7700x7700",
            lambda: with_frame_size(scan_per_component(JPEG), *UNDER_LIMIT), 422, "image_too_large"),
    # a header that its own image data contradicts
    Refused("webp VP8X canvas 8000x8000 around 16x16", lambda: webp_canvas(*OVER_LIMIT), 422, "image_corrupt"),
    Refused("webp VP8X canvas 7700x7700 around 16x16", lambda: webp_canvas(*UNDER_LIMIT), 422, "image_corrupt"),
    # metadata bombs
    Refused("png zTXt bomb", lambda: with_text_chunk(b"zTXt", b"Comment\x00\x00" + deflated_zeros(1 << 28)),
            422, "image_corrupt"),
    Refused("png iCCP bomb", lambda: with_text_chunk(b"iCCP", b"icc\x00\x00" + deflated_zeros(1 << 28)),
            422, "image_corrupt"),
    Refused("png zTXt bomb after IDAT", lambda: png(64, 64, color_type=2, after_idat=chunk(
        b"zTXt", b"Comment\x00\x00" + deflated_zeros(1 << 28))), 422, "image_corrupt"),
    Refused("jpeg 61 KB EXIF, 5000 tags on one string", lambda: with_segments(JPEG, huge_exif()),
            422, "exif_corrupt"),
    Refused("jpeg EXIF IFD past the end", lambda: with_segments(JPEG, exif_pointing_past_the_end()),
            422, "exif_corrupt"),
    Refused("jpeg corrupt EXIF entries", lambda: with_segments(JPEG, exif_segment(
        b"MM\x00\x2a\x00\x00\x00\x08\x00\x05" + b"\xff" * 40)), 422, "exif_corrupt"),
    # not a format we take, whatever it is called
    Refused("html", lambda: PAYLOAD, 415, "unsupported_image_type"),
    Refused("svg", lambda: SVG, 415, "unsupported_image_type"),
    Refused("svg with XML prolog", lambda: b'<?xml version="1.0" encoding="UTF-8"?>\n' + SVG,
            415, "unsupported_image_type"),
    Refused("svg with BOM", lambda: b"\xef\xbb\xbf" + SVG, 415, "unsupported_image_type"),
    Refused("svgz", lambda: gzip.compress(SVG), 415, "unsupported_image_type"),
    Refused("gif", lambda: encoded("GIF"), 415, "unsupported_image_type"),
    Refused("bmp", lambda: encoded("BMP", size=(32, 32)), 415, "unsupported_image_type"),
    Refused("tiff little-endian", lambda: encoded("TIFF", size=(32, 32)), 415, "unsupported_image_type"),
    Refused("tiff big-endian header", lambda: b"MM\x00\x2a" + encoded("TIFF", size=(32, 32))[4:],
            415, "unsupported_image_type"),
    Refused("heic (ftypheic)", lambda: heic_like(b"heic"), 415, "unsupported_image_type"),
    Refused("avif (ftypavif)", lambda: heic_like(b"avif"), 415, "unsupported_image_type"),
    Refused("riff wave", lambda: b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 24, 415, "unsupported_image_type"),
    Refused("jpeg behind a BOM", lambda: b"\xef\xbb\xbf" + JPEG, 415, "unsupported_image_type"),
    # empty, magic only, truncated
    Refused("zero bytes", lambda: b"", 422, "empty_photo"),
    Refused("jpeg magic only", lambda: b"\xff\xd8\xff", 422, "image_corrupt"),
    Refused("png signature only", lambda: PNG_SIGNATURE, 422, "image_corrupt"),
    Refused("webp RIFF header only", lambda: b"RIFF\x00\x00\x00\x00WEBP", 422, "image_corrupt"),
    Refused("webp RIFF header and VP8L tag", lambda: b"RIFF\x00\x00\x00\x00WEBPVP8L", 422, "image_corrupt"),
    Refused("jpeg cut before its scan", lambda: JPEG[:JPEG.index(b"\xff\xda")], 422, "image_corrupt"),
    Refused("jpeg cut in half", lambda: JPEG[:len(JPEG) // 2], 422, "image_corrupt"),
    Refused("png cut in IHDR", lambda: encoded("PNG")[:20], 422, "image_corrupt"),
    Refused("png cut in half", lambda: encoded("PNG")[:len(encoded("PNG")) // 2], 422, "image_corrupt"),
    Refused("png 4000x4000 bomb cut in half", lambda: png(4_000, 4_000)[:len(png(4_000, 4_000)) // 2],
            422, "image_corrupt"),
    Refused("webp lossy cut in half", lambda: encoded("WEBP")[:len(encoded("WEBP")) // 2], 422, "image_corrupt"),
    Refused("webp lossless cut short", lambda: webp_lossless(64, 64)[:-4], 422, "image_corrupt"),
]

CLEANED: list[Cleaned] = [
    Cleaned("jpeg + html appended", lambda: jpeg(3) + PAYLOAD, PAYLOAD),
    Cleaned("jpeg with html in a COM segment", lambda: JPEG_PAYLOAD, PAYLOAD),
    Cleaned("png + zip appended", lambda: encoded("PNG") + zip_archive(), b"PK\x03\x04"),
    Cleaned("png with html in a tEXt chunk", lambda: png(64, 64, color_type=2, before_idat=chunk(
        b"tEXt", b"Comment\x00" + PAYLOAD)), PAYLOAD),
    Cleaned("webp + html appended", lambda: encoded("WEBP") + PAYLOAD, PAYLOAD),
    Cleaned("jpeg with a 10 MB ICC profile", lambda: with_segments(jpeg(4), *icc_segments(10_000_000)),
            b"ICC_PROFILE"),
    Cleaned("jpeg with 20,000 APP15 segments", lambda: with_segments(jpeg(5), *[segment(0xEF, PAYLOAD)] * 20_000),
            PAYLOAD),
    Cleaned("jpeg with EXIF IFDs pointing at themselves", lambda: with_segments(jpeg(6), looping_exif()), b"Exif"),
    Cleaned("png IDAT inflating to 1 GB behind a 64x64 header", lambda: png(64, 64, deflated_zeros(1 << 30)),
            b"IDAT"),
    Cleaned("apng of 200 frames", lambda: apng(1_000, 1_000, 200), b"fdAT"),
    Cleaned("animated webp of 200 frames", lambda: animated_webp(1_000, 1_000, 200), b"ANMF"),
]

# Kinds of photo whose largest square the server still takes the memory test measures: the
# costliest per pixel in each format and JPEG mode, and the cheapest (one byte a pixel).
LARGEST_TAKEN: dict[str, Callable[[int], bytes]] = {
    "webp lossless with alpha": lambda side: webp_lossless(side, side),
    "png with alpha": lambda side: png(side, side),
    "png without alpha": lambda side: png(side, side, color_type=2),
    "png grayscale": lambda side: png(side, side, color_type=0),
    "jpeg progressive 4:4:4": lambda side: progressive_jpeg(side, side),
    "jpeg with a scan per component": lambda side: with_frame_size(scan_per_component(JPEG), side, side),
    "jpeg baseline": lambda side: with_frame_size(JPEG, side, side),
}
