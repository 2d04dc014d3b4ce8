"""The field app in Chromium (Playwright): bytes transferred on the first load (the app sends
them gzipped; the uncompressed size is reported beside),
time to interactive offline from the service worker with 4x CPU slowdown, and the time to
empty an outbox of N inspections and M photos after the network returns, against uploading
the same bytes (other ids and photos of the same size) with plain concurrent fetch() calls."""

from __future__ import annotations

import hashlib
import shutil
import time
from typing import Any

from playwright.sync_api import sync_playwright

from bench.common import Result, fresh_database, get_json, login, serve
from bench.ingest import body
from bench.photos import _scene, phone_downscale

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
GOAL_KB = 150


def _photos(count: int, seed: int) -> list[bytes]:
    import io

    from PIL import ImageDraw
    base = _scene(4000, 3000, seed)
    camera = io.BytesIO()
    base.save(camera, "JPEG", quality=92)
    phone = phone_downscale(camera.getvalue())
    from PIL import Image
    image = Image.open(io.BytesIO(phone)).convert("RGB")
    out = []
    for i in range(count):
        copy = image.copy()
        ImageDraw.Draw(copy).rectangle((10 + 7 * (i % 200), 10, 16 + 7 * (i % 200), 16 + i // 200), fill=(255, i % 256, 0))
        buffer = io.BytesIO()
        copy.save(buffer, "JPEG", quality=82)
        out.append(buffer.getvalue())
    return out


def _bodies(url: str, token: str, count: int, hashes: list[str]) -> list[dict[str, Any]]:
    listing = get_json(f"{url}/api/v1/checklists", token)
    [summary] = [c for c in listing if c["code"] == "daily_campus"]
    checklist = get_json(f"{url}/api/v1/checklists/{summary['id']}", token)
    me = get_json(f"{url}/api/v1/me", token)
    out = []
    per = max(1, len(hashes) // max(count, 1))
    for i in range(count):
        b = body(checklist, me["org_unit_id"])
        b.pop("location")
        mine = hashes[i * per:(i + 1) * per] or hashes[:1]
        hazards = [r["hazard"] for r in b["results"] if "hazard" in r]
        for h, hazard in enumerate(hazards):  # the hazards name this inspection's share of the photos
            hazard["photos"] = [mine[h % len(mine)]]
        out.append(b)
    return out


FIRST_LOAD_JS = """() => performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
    .map(e => ({name: e.name, transfer: e.transferSize, body: e.decodedBodySize}))"""

QUEUE_JS = """async ({photos, bodies}) => {
    const db = await import('/db.js');
    const sync = await import('/sync.js');
    for (const p of photos) {
        const bytes = Uint8Array.from(atob(p.b64), c => c.charCodeAt(0));
        await db.put('photos', {sha: p.sha, blob: new Blob([bytes], {type: 'image/jpeg'}), width: 1600, height: 1200,
                                createdAt: Date.now(), taken_at: new Date().toISOString(), lat: null, lon: null,
                                accuracy_m: null});
        await sync.enqueuePhoto(p.sha);
    }
    for (const b of bodies) await sync.enqueue('inspection', {inspectionId: crypto.randomUUID(), body: b});
    return (await db.all('outbox')).length;
}"""

OUTBOX_LEFT_JS = """async () => (await (await import('/db.js')).all('outbox'))
    .filter(op => op.state === 'pending').length"""
OUTBOX_HELD_JS = """async () => (await (await import('/db.js')).all('outbox')).map(op => [op.type, op.state, op.error])"""

PLAIN_JS = """async ({photos, bodies}) => {
    const token = await (await import('/db.js')).kvGet('token');
    const headers = {Authorization: `Bearer ${token}`};
    const started = performance.now();
    await Promise.all(photos.map(async (p) => {
        const bytes = Uint8Array.from(atob(p.b64), c => c.charCodeAt(0));
        const r = await fetch(`/api/v1/photos/${p.sha}`, {method: 'PUT', headers: {...headers, 'Content-Type': 'image/jpeg'}, body: bytes});
        if (!r.ok) throw new Error(`photo ${r.status}`);
    }));
    await Promise.all(bodies.map(async (b) => {
        const r = await fetch(`/api/v1/inspections/${crypto.randomUUID()}`, {method: 'PUT',
            headers: {...headers, 'Content-Type': 'application/json'}, body: JSON.stringify(b)});
        if (!r.ok) throw new Error(`inspection ${r.status}`);
    }));
    return performance.now() - started;
}"""


def _b64(photos: list[bytes]) -> list[dict[str, str]]:
    import base64
    return [{"sha": hashlib.sha256(p).hexdigest(), "b64": base64.b64encode(p).decode()} for p in photos]


def _sign_in(page: Any, url: str, username: str) -> None:
    page.goto(url)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", f"demo-{username}")
    page.click("#login button[type=submit]")
    page.wait_for_selector("#tabs:not([hidden])")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30000)


def run(inspections: int = 50, photos: int = 100, tti_runs: int = 3) -> Result:
    result = Result("fieldapp")
    queued, plain = _photos(photos, 3), _photos(photos, 4)
    data: dict[str, Any] = {"inspections": inspections, "photos": photos,
                            "photo_mean_bytes": round(sum(map(len, queued)) / max(len(queued), 1))}
    with fresh_database("fieldapp") as database, serve(database) as server, sync_playwright() as pw:
        token = login(server.url, "principal")
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 360, "height": 640})
            page = context.new_page()
            print("fieldapp: First load", flush=True)
            # 1. First load, cold cache: what crossed the wire (gzipped by the server), and unpacked.
            page.goto(server.url)
            page.wait_for_selector("input[name=username]")
            page.wait_for_load_state("networkidle")
            entries = page.evaluate(FIRST_LOAD_JS)
            same_origin = [e for e in entries if e["name"].startswith(server.url) and "/api/" not in e["name"]]
            data["first_load"] = {"files": len(same_origin),
                                  "transferred_bytes": sum(e["transfer"] for e in same_origin),
                                  "uncompressed_bytes": sum(e["body"] for e in same_origin)}
            print("fieldapp: Offline start", flush=True)
            # 2. Offline start from the service worker, 4x CPU slowdown.
            _sign_in(page, server.url, "principal")
            page.wait_for_load_state("networkidle")
            cdp = context.new_cdp_session(page)
            context.set_offline(True)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            ttis = []
            for _ in range(tti_runs):
                started = time.perf_counter()
                page.reload(wait_until="commit")
                page.wait_for_selector("#tabs:not([hidden])", timeout=60000)
                ttis.append((time.perf_counter() - started) * 1000)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
            data["offline_tti_ms"] = [round(t) for t in ttis]
            print("fieldapp: The outbox", flush=True)
            # 3. The outbox: queued offline, emptied when the network returns. With the CDP session open
            # (CPU throttling), Chromium says navigator.onLine is true after the offline reloads though
            # every request fails, so no online event comes when the network returns: like school Wi-Fi
            # without uplink. The app finds the way back by pinging the server (pwa/app.js).
            hashes = [hashlib.sha256(p).hexdigest() for p in queued]
            bodies = _bodies(server.url, token, inspections, hashes)
            queued_ops = page.evaluate(QUEUE_JS, {"photos": _b64(queued), "bodies": bodies})
            started = time.perf_counter()
            context.set_offline(False)
            deadline, nudged = started + 300, False
            while (pending := page.evaluate(OUTBOX_LEFT_JS)) and time.perf_counter() < deadline:
                if not nudged and pending == queued_ops and time.perf_counter() - started > 5:
                    # The app did not start sending by itself within 5 s: send as "sync now" does.
                    nudged = True
                    page.evaluate("async () => { (await import('/sync.js')).flush({force: true}); }")
                time.sleep(0.05)
            outbox_s = time.perf_counter() - started
            left = len(held := page.evaluate(OUTBOX_HELD_JS))
            if held:
                print(f"fieldapp: {left} ops not sent: {held[:3]}")
            print("fieldapp: plain_hashes =", flush=True)
            plain_hashes = [hashlib.sha256(p).hexdigest() for p in plain]
            plain_ms = page.evaluate(PLAIN_JS, {"photos": _b64(plain),
                                                "bodies": _bodies(server.url, token, inspections, plain_hashes)})
            data["outbox"] = {"ops": queued_ops, "needed_sync_now": nudged, "seconds": round(outbox_s, 2), "left": left,
                              "plain_concurrent_seconds": round(plain_ms / 1000, 2),
                              "ratio": round(outbox_s / (plain_ms / 1000), 2)}
            context.close()
        finally:
            browser.close()
    result.data = data
    first, tti, outbox = data["first_load"], data["offline_tti_ms"], data["outbox"]
    result.add("first load, transferred gzipped (uncompressed)",
               f"{first['transferred_bytes'] / 1024:.0f} KB ({first['uncompressed_bytes'] / 1024:.0f} KB)",
               f"<= {GOAL_KB} KB")
    result.add("offline start from the service worker, 4x CPU slowdown", f"{min(tti)} ms (runs {tti})")
    result.add(f"outbox of {inspections} inspections + {photos} photos emptied",
               f"{outbox['seconds']:.1f} s vs {outbox['plain_concurrent_seconds']:.1f} s plain = {outbox['ratio']:.2f}x"
               + (f" ({left} left!)" if left else ""))
    return result
