"""Peak memory of turning each input of the hostile corpus into a stored photo.

Run as ``python -m tests.photos.peak_memory`` (test_hostile_corpus.py does), in a process of
its own so that the figures are this work's alone; prints JSON. Pillow's pixels and the
buffers of libjpeg, zlib and libwebp are allocated outside Python, where tracemalloc does
not look, so what is measured is Linux's high-water mark of resident memory (VmHWM), reset
before each input."""

from __future__ import annotations

import ctypes
import io
import json
import math
import resource
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PIL import Image
from safecampus.errors import DomainError
from safecampus.photos import imaging
from safecampus.settings import load_settings

from tests.photos.corpus import CLEANED, LARGEST_TAKEN, REFUSED

CLEAR_REFS = Path("/proc/self/clear_refs")
M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter


def _status_bytes(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024  # "VmHWM:    81234 kB"
    raise LookupError(field)


def peak_bytes(work: Callable[[], str]) -> tuple[int, str]:
    """How far resident memory rose above where it stood while ``work`` ran, and its result."""
    CLEAR_REFS.write_text("5")  # resets the high-water mark to the current resident size
    before = _status_bytes("VmRSS")
    outcome = work()
    return _status_bytes("VmHWM") - before, outcome


def outcome(data: bytes, max_pixels: int) -> str:
    """``stored``, the error code, or the exception that would have been a 500."""
    try:
        imaging.process(data, max_pixels=max_pixels)
    except DomainError as exc:
        return exc.code
    except Exception as exc:  # reported by name, so that the test shows what would have escaped
        return f"{type(exc).__name__}: {exc}"
    return "stored"


def largest_taken(make: Callable[[int], bytes], max_pixels: int) -> int:
    """The side of the largest square of this kind that the size checks let through."""
    low, high = 16, math.isqrt(max_pixels)
    while low < high:
        side = (low + high + 1) // 2
        data = make(side)
        source_format = imaging.sniff_format(data)
        try:
            imaging.check_size(Image.open(io.BytesIO(data), formats=[source_format]), source_format, data, max_pixels)
        except DomainError:
            high = side - 1
        else:
            low = side
    return low


def measure() -> dict[str, dict[str, object]]:
    max_pixels = load_settings().max_photo_pixels
    inputs: dict[str, Callable[[], bytes]] = {case.name: case.make for case in [*REFUSED, *CLEANED]}
    for kind, make in LARGEST_TAKEN.items():
        inputs[f"largest {kind} taken"] = partial(make, largest_taken(make, max_pixels))
    results: dict[str, dict[str, object]] = {}
    for name, make in inputs.items():
        data = make()
        peak, result = peak_bytes(partial(outcome, data, max_pixels))
        width, height = Image.open(io.BytesIO(data)).size if result == "stored" else (None, None)
        results[name] = {"outcome": result, "peak_mb": round(peak / 2**20, 1), "bytes": len(data),
                         "size": f"{width}x{height}" if width else None}
    return results


if __name__ == "__main__":
    # Every buffer over 128 KB from the kernel and back to it when freed: glibc would otherwise
    # keep what one input freed and give it to the next unseen by the high-water mark.
    ctypes.CDLL(None).mallopt(M_MMAP_THRESHOLD, 128 << 10)
    # A safety net on a shared machine: a blow-up ends here in a MemoryError, not in swapping.
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30 if hard == resource.RLIM_INFINITY else min(4 << 30, hard), hard))
    json.dump(measure(), sys.stdout, indent=1)
