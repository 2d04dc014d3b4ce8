"""Security headers on every response, errors and 404s included (a ``before_send`` hook sees
every message the app sends, also those of routes that do not exist).

Three Content-Security-Policies, by what is answered:

- the PWA (everything outside /api and /schema): its own scripts, styles, workers and
  connections only; no inline script or style anywhere in the app. Images may also be
  ``blob:`` (photos fetched with the token, photos still in the outbox), ``data:`` and the
  configured map tile host. ``style-src`` also lists the hashes of the printable pages'
  stylesheets: the PWA opens those pages as ``blob:`` documents, which inherit the policy of
  the page that made them.
- printable HTML pages under /api (rectification notice, annual report, duty report):
  nothing but their own inline stylesheet (by hash) and ``data:`` images; no script at all.
- everything else under /api (JSON, photos, xlsx): ``default-src 'none'``, so a response
  opened as a document can run nothing.

The Swagger UI under /schema loads its script from a CDN and starts it inline: it gets a
policy that allows exactly that, for that path only.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from urllib.parse import urlsplit

from litestar.datastructures import MutableScopeHeaders
from litestar.types import BeforeMessageSendHookHandler, Message, Scope

from safecampus.duty.printing import STYLE as DUTY_REPORT_STYLE
from safecampus.inspections.notice import PRINT_STYLE as NOTICE_STYLE
from safecampus.reports.printing import STYLE as ANNUAL_REPORT_STYLE

PRINT_STYLESHEETS = (NOTICE_STYLE, ANNUAL_REPORT_STYLE, DUTY_REPORT_STYLE)

# strict-origin-when-cross-origin: nothing of a path leaves the app; a tile server (OSM's
# usage policy asks for it) sees only the origin.
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(self), geolocation=(self), microphone=(), payment=(), usb=()",
}

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
SWAGGER_CDN = "https://cdn.jsdelivr.net"


def style_hash(stylesheet: str) -> str:
    """The CSP source that allows exactly this inline ``<style>`` content."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(stylesheet.encode()).digest()).decode() + "'"


def tile_source(template: str) -> str | None:
    """The CSP source of an XYZ tile template's host: ``https://{s}.tile.example.org/{z}/...``
    → ``https://*.tile.example.org``; None when there is no template."""
    if not template:
        return None
    parts = urlsplit(template)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    host = parts.netloc
    if "{" in host:  # a subdomain placeholder such as {s}
        host = "*." + host.split(".", 1)[1]
    return f"{parts.scheme}://{host}"


def _policy(directives: Iterable[tuple[str, str]]) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives)


def app_csp(map_tiles: str = "") -> str:
    print_styles = " ".join(style_hash(s) for s in PRINT_STYLESHEETS)
    images = " ".join(filter(None, ["'self' blob: data:", tile_source(map_tiles)]))
    return _policy([
        ("default-src", "'self'"), ("script-src", "'self'"), ("style-src", f"'self' {print_styles}"),
        ("img-src", images), ("font-src", "'self'"), ("connect-src", "'self'"), ("worker-src", "'self'"),
        ("manifest-src", "'self'"), ("media-src", "'self' blob:"), ("object-src", "'none'"),
        ("base-uri", "'self'"), ("form-action", "'self'"), ("frame-ancestors", "'none'"),
    ])


def print_csp() -> str:
    return _policy([
        ("default-src", "'none'"), ("style-src", " ".join(style_hash(s) for s in PRINT_STYLESHEETS)),
        ("img-src", "'self' data:"), ("base-uri", "'none'"), ("form-action", "'none'"),
        ("frame-ancestors", "'none'"),
    ])


def docs_csp() -> str:
    return _policy([
        ("default-src", "'none'"), ("script-src", f"'unsafe-inline' {SWAGGER_CDN}"),
        ("style-src", f"'unsafe-inline' {SWAGGER_CDN}"), ("img-src", f"'self' data: {SWAGGER_CDN}"),
        ("connect-src", "'self'"), ("base-uri", "'none'"), ("frame-ancestors", "'none'"),
    ])


def security_headers(map_tiles: str = "") -> BeforeMessageSendHookHandler:
    """A ``before_send`` hook adding the headers above; a header a handler set itself wins."""
    policies = {"app": app_csp(map_tiles), "print": print_csp(), "api": API_CSP, "docs": docs_csp()}

    async def add_headers(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = MutableScopeHeaders.from_message(message)
        for name, value in COMMON_HEADERS.items():
            if name not in headers:
                headers[name] = value
        if "Content-Security-Policy" not in headers:
            headers["Content-Security-Policy"] = policies[_kind(scope["path"], headers.get("content-type", ""))]

    return add_headers


def _kind(path: str, content_type: str) -> str:
    if path.startswith("/api/"):
        return "print" if content_type.startswith("text/html") else "api"
    if path == "/schema" or path.startswith("/schema/"):
        return "docs" if content_type.startswith("text/html") else "api"
    return "app"
