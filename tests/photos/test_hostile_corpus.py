"""The hostile photo corpus (corpus.py) against PUT /api/v1/photos/{sha256}: every input is
refused with its own error code and leaves nothing behind, or is stored re-encoded from its
pixels with nothing of what it hid; and no input takes more than bounded memory."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.factories import jpeg, sha, upload
from tests.photos.corpus import CLEANED, LARGEST_TAKEN, PAYLOAD, REFUSED
from tests.photos.kept import photo_rows, stored_files

ROOT = Path(__file__).resolve().parents[2]
# What turning one photo into the stored one may take: the server's decode budget is 200 MiB
# (imaging.DECODE_BUDGET, an estimate from the header), with room for the estimate's error.
PEAK_BOUND_MB = 300


def _problem(response: Any, status: int, code: str) -> str | None:
    """What is wrong with an error response, if anything."""
    if response.status_code != status or not response.headers["content-type"].startswith("application/json"):
        return f"{response.status_code} {response.headers['content-type']}: {response.text[:200]}"
    body = response.json()
    if body["code"] != code or not body["message"] or "Traceback" in response.text:
        return f"{response.status_code} {body}"
    return None


async def test_every_hostile_input_is_refused_with_its_code_and_nothing_is_kept(client, as_user, db, settings):
    headers = await as_user("inspector")
    problems = {}
    for case in REFUSED:
        data = case.make()
        problem = _problem(await client.put(f"/api/v1/photos/{sha(data)}", content=data, headers=headers),
                           case.status, case.code)
        if problem is None and (await photo_rows(db) != (0, 0, 0) or stored_files(settings)):
            problem = f"kept: {await photo_rows(db)} rows, files {stored_files(settings)}"
        if problem:
            problems[case.name] = problem
    assert problems == {}


async def test_an_address_that_is_not_the_photos_hash_is_refused(client, as_user, db, settings):
    headers = await as_user("inspector")
    data = jpeg(20)
    for address, status, code in [
        (sha(data).upper(), 400, "invalid_request"),
        (sha(data)[:63], 400, "invalid_request"),
        (sha(data) + "0", 400, "invalid_request"),
        ("g" * 64, 400, "invalid_request"),
        (sha(data)[:-1] + "\N{FULLWIDTH DIGIT ONE}", 400, "invalid_request"),
        (sha(jpeg(21)), 422, "hash_mismatch"),
        (sha(b""), 422, "hash_mismatch"),
    ]:
        response = await client.put(f"/api/v1/photos/{address}", content=data, headers=headers)
        assert _problem(response, status, code) is None, address
    assert await photo_rows(db) == (0, 0, 0) and stored_files(settings) == []


async def _served_problem(client: Any, headers: dict[str, str], url: str, hidden: bytes) -> str | None:
    response = await client.get(url, headers=headers)
    expected = {"content-type": "image/jpeg", "x-content-type-options": "nosniff"}
    if response.status_code != 200 or any(response.headers.get(k) != v for k, v in expected.items()):
        return f"{url}: {response.status_code} {dict(response.headers)}"
    if not response.headers.get("content-disposition", "").startswith('inline; filename="'):
        return f"{url}: no fixed inline name"
    image = Image.open(io.BytesIO(response.content))
    if hidden in response.content or PAYLOAD in response.content:
        return f"{url}: the hidden payload was stored"
    if image.format != "JPEG" or {"comment", "icc_profile", "exif"} & image.info.keys() or image.getexif():
        return f"{url}: {image.format} with {sorted(image.info)}"
    return None


async def test_polyglots_and_metadata_heavy_photos_are_stored_re_encoded_clean(client, as_user, settings):
    headers = await as_user("inspector")
    problems = {}
    for case in CLEANED:
        data = case.make()
        response = await upload(client, headers, data)
        if response.status_code != 201:
            problems[case.name] = f"{response.status_code}: {response.text[:200]}"
            continue
        base = f"/api/v1/photos/{sha(data)}"
        problem = (await _served_problem(client, headers, base, case.leftover)
                   or await _served_problem(client, headers, f"{base}/thumb", case.leftover))
        files = [p for p in stored_files(settings) if sha(data) in p.name]
        if problem is None and sorted(p.name for p in files) != [f"{sha(data)}.image.jpg", f"{sha(data)}.thumb.jpg"]:
            problem = f"files: {files}"
        if problem is None and any(case.leftover in p.read_bytes() for p in files):
            problem = "the hidden payload is in a stored file"
        if problem:
            problems[case.name] = problem
    assert problems == {}
    assert not [p for p in stored_files(settings) if p.name.startswith(".upload-")]


@pytest.fixture(scope="module")
def peaks() -> dict[str, dict[str, Any]]:
    """Every input of the corpus processed in a process of its own (peak_memory.py)."""
    if not os.access("/proc/self/clear_refs", os.W_OK):
        pytest.skip("measuring peak memory needs Linux's /proc/self/clear_refs")
    path = os.pathsep.join(filter(None, [str(ROOT / "backend"), str(ROOT), os.environ.get("PYTHONPATH")]))
    run = subprocess.run([sys.executable, "-m", "tests.photos.peak_memory"], cwd=ROOT, capture_output=True,
                         env=os.environ | {"PYTHONPATH": path}, timeout=600, check=False)
    assert run.returncode == 0, run.stderr.decode()[-3000:]
    return json.loads(run.stdout)


@pytest.mark.parametrize("name", [case.name for case in [*REFUSED, *CLEANED]])
def test_processing_a_hostile_input_takes_bounded_memory(peaks, name):
    result = peaks[name]
    assert re.fullmatch("[a-z_]+", result["outcome"]), result  # an error code or "stored", not an exception
    assert result["peak_mb"] < PEAK_BOUND_MB, result


@pytest.mark.parametrize("kind", LARGEST_TAKEN)
def test_the_largest_photo_of_each_kind_taken_stays_within_bounded_memory(peaks, kind):
    result = peaks[f"largest {kind} taken"]
    assert result["outcome"] == "stored", result
    assert result["peak_mb"] < PEAK_BOUND_MB, result
