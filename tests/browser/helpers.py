"""Helpers of the field-app browser tests: the API seen from the test, photos, screen checks."""

from __future__ import annotations

import io
import json
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw
from safecampus.settings import REPO_ROOT

ARTIFACTS = REPO_ROOT / "test-artifacts"


class Api:
    """A tiny client to arrange data and to check what the server holds."""

    def __init__(self, base: str, username: str) -> None:
        self.base = base
        self.token = self.call("POST", "/auth/login", {"username": username, "password": f"demo-{username}"})["token"]

    def call(self, method: str, path: str, body: Any = None, raw: bytes | None = None,
             content_type: str = "application/json") -> Any:
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(f"{self.base}/api/v1{path}", data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", content_type)
        if getattr(self, "token", None):
            request.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"null")

    def school(self, name: str) -> dict[str, Any]:
        return next(u for u in self.call("GET", "/org-units?kind=school") if u["name"] == name)

    def upload_photo(self, data: bytes) -> str:
        import hashlib
        sha = hashlib.sha256(data).hexdigest()
        self.call("PUT", f"/photos/{sha}", raw=data, content_type="image/jpeg")
        return sha

    def record_hazard(self, school_id: str, description: str, photos: list[str], grade: str = "general") -> str:
        hazard_id = str(uuid.uuid4())
        self.call("PUT", f"/hazards/{hazard_id}", {"school_id": school_id, "description": description, "grade": grade,
                                                   "photos": photos, "location_note": "教学楼一层东侧"})
        return hazard_id


def geolocation(school: dict[str, Any]) -> dict[str, float]:
    return {"latitude": school["lat"], "longitude": school["lon"], "accuracy": 12}


def jpeg(seed: int, size: tuple[int, int] = (2400, 1800)) -> bytes:
    """A camera-sized photo, different for every seed (bytes and picture)."""
    colours = [(200, 60, 40), (40, 120, 200), (60, 160, 80), (230, 180, 40), (120, 60, 160), (30, 30, 30)]
    image = Image.new("RGB", size, colours[seed % len(colours)])
    draw = ImageDraw.Draw(image)
    for i in range(8):
        x = (seed * 97 + i * 263) % size[0]
        draw.rectangle([x, i * 200, x + 400, i * 200 + 150], fill=colours[(seed + i + 1) % len(colours)])
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def photo_files(tmp_path: Path, seeds: list[int]) -> list[str]:
    paths = []
    for seed in seeds:
        path = tmp_path / f"camera-{seed}.jpg"
        path.write_bytes(jpeg(seed))
        paths.append(str(path))
    return paths


def poll(fn, timeout: float = 20.0, interval: float = 0.25, page=None) -> Any:
    """Call fn until it returns something truthy (sync timing is the browser's, not ours). With
    `page`, wait through Playwright so that route handlers and events keep being dispatched."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = fn()
        if last:
            return last
        if page is not None:
            page.wait_for_timeout(interval * 1000)
        else:
            time.sleep(interval)
    raise AssertionError(f"condition not met in {timeout}s (last: {last!r})")


def sign_in(page, server: str, username: str) -> None:
    page.goto(server)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", f"demo-{username}")
    page.click("#login button[type=submit]")
    page.wait_for_selector("#tabs:not([hidden])")


def wait_until_offline_ready(page) -> None:
    """The service worker controls the page and the reference data is in IndexedDB."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15000)
    poll(lambda: page.evaluate("""async () => {
        const db = await new Promise((ok) => { const r = indexedDB.open('safecampus'); r.onsuccess = () => ok(r.result); });
        const req = db.transaction('kv').objectStore('kv').get('refreshedAt');
        return await new Promise((ok) => { req.onsuccess = () => ok(Boolean(req.result)); });
    }"""))


def screen(page, name: str) -> None:
    """No horizontal scrolling at 360 px, and a screenshot for people to look at."""
    width = page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
    assert width <= 360, f"{name}: the page is {width}px wide at 360px"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"screen-{name}.png"))


def check_layout(page, artifact: str) -> None:
    """No horizontal overflow, a full-page screenshot for people to look at (test-artifacts/{artifact}.png),
    and no serious or critical axe-core violation."""
    from axe_playwright_python.sync_playwright import Axe

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{artifact}: {overflow}px of horizontal overflow"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{artifact}.png"), full_page=True)
    problems = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
                for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert not problems, "\n".join(problems)
