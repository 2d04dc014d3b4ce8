"""Security headers on every kind of response: the PWA shell, API JSON, errors, photos and
the printable pages (whose inline stylesheet must be allowed by hash, and nothing else)."""

from __future__ import annotations

import re
from dataclasses import replace

from safecampus.app import create_app
from safecampus.security import style_hash

from tests.conftest import make_client
from tests.factories import jpeg, sha, upload

COMMON = {"x-content-type-options": "nosniff", "x-frame-options": "DENY",
          "referrer-policy": "strict-origin-when-cross-origin"}


def directives(response) -> dict[str, str]:
    policy = response.headers["content-security-policy"]
    return {d.split(" ", 1)[0]: d.split(" ", 1)[1] if " " in d else "" for d in policy.split("; ")}


def check_common(response) -> dict[str, str]:
    for name, value in COMMON.items():
        assert response.headers.get(name) == value, (response.url, name, response.headers.get(name))
    csp = directives(response)
    assert csp["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp.get("script-src", "") and "unsafe-eval" not in str(csp)
    return csp


async def test_the_pwa_shell_allows_only_its_own_code(client):
    for path in ("/", "/index.html", "/app.js", "/sw.js", "/style.css"):
        response = await client.get(path)
        assert response.status_code == 200
        csp = check_common(response)
        assert csp["default-src"] == "'self'" and csp["script-src"] == "'self'"
        assert csp["connect-src"] == "'self'" and csp["worker-src"] == "'self'"
        assert csp["img-src"] == "'self' blob: data:"
        assert csp["style-src"].startswith("'self' 'sha256-") and "unsafe" not in csp["style-src"]
    shell = (await client.get("/")).text
    assert "<script>" not in shell and " style=" not in shell and not re.search(r"\son[a-z]+=", shell)


async def test_the_map_tile_host_is_allowed_when_configured(settings):
    tiled = replace(settings, map_tiles="https://{s}.tile.example.org/{z}/{x}/{y}.png")
    async with make_client(create_app(tiled)) as tiled_client:
        csp = check_common(await tiled_client.get("/"))
    assert csp["img-src"] == "'self' blob: data: https://*.tile.example.org"


async def test_api_json_and_errors_run_nothing(client, as_user):
    ok = await client.get("/api/v1/me", headers=await as_user("officer"))
    unauthorized = await client.get("/api/v1/me")
    missing = await client.get("/api/v1/no-such-route")
    invalid = await client.post("/api/v1/auth/login", json={"username": "x"})
    for response, status in ((ok, 200), (unauthorized, 401), (missing, 404), (invalid, 400)):
        assert response.status_code == status, response.text
        assert response.headers["content-type"].startswith("application/json")
        assert check_common(response)["default-src"] == "'none'"


async def test_photos_are_served_as_jpeg_inline_under_their_hash(client, as_user):
    headers = await as_user("inspector")
    data = jpeg(7)
    await upload(client, headers, data)
    for suffix, name in (("", f"{sha(data)}.jpg"), ("/thumb", f"{sha(data)}-thumb.jpg")):
        response = await client.get(f"/api/v1/photos/{sha(data)}{suffix}", headers=headers)
        assert response.status_code == 200
        assert response.headers["content-type"] == "image/jpeg"
        assert response.headers["content-disposition"] == f'inline; filename="{name}"'
        assert check_common(response)["default-src"] == "'none'"


async def test_printable_pages_allow_their_own_stylesheet_and_no_script(client, as_user, unit_ids, found):
    notice = await client.get(f"/api/v1/inspections/{found['inspection']['id']}/notice",
                              headers=await as_user("inspector"))
    report = await client.get(f"/api/v1/annual-reports/{unit_ids['230502-01']}/2026/print",
                              headers=await as_user("principal"))
    app_styles = directives(await client.get("/"))["style-src"]
    for page in (notice, report):
        assert page.status_code == 200, page.text
        assert page.headers["content-type"].startswith("text/html")
        csp = check_common(page)
        assert csp["default-src"] == "'none'" and "script-src" not in csp
        assert "unsafe" not in csp["style-src"]
        stylesheets = re.findall(r"<style>(.*?)</style>", page.text, re.S)
        assert len(stylesheets) == 1
        # the page's stylesheet is allowed here, and in the PWA that opens it as a blob: document
        assert style_hash(stylesheets[0]) in csp["style-src"] and style_hash(stylesheets[0]) in app_styles
        assert " style=" not in page.text and "<script" not in page.text
