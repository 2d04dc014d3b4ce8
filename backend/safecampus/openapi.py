"""The OpenAPI document, completed with the error contract every endpoint shares:
``{"code", "message", "details"}`` with the statuses each kind of operation can answer."""

from __future__ import annotations

import json

from litestar import Litestar
from litestar.openapi import OpenAPIConfig, ResponseSpec
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import (
    Components,
    OpenAPI,
    OpenAPIFormat,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Reference,
    RequestBody,
    Schema,
    SecurityScheme,
)

from safecampus import __version__
from safecampus.imports.reading import XLSX_TYPE

ERROR_SCHEMA = Schema(
    type=OpenAPIType.OBJECT, required=["code", "message", "details"],
    properties={"code": Schema(type=OpenAPIType.STRING, description="stable, machine-readable"),
                "message": Schema(type=OpenAPIType.STRING, description="for a person"),
                "details": Schema(description="what exactly was wrong, when there is more to say")},
)
_WHY = {400: "Invalid input (the message names the field)", 401: "Missing, expired or revoked token",
        403: "The role may not do this", 404: "Not found, or outside the caller's scope",
        409: "Conflict: stale version, invalid transition, or an id reused with other content",
        413: "Body larger than allowed", 415: "Not a type of file this operation takes",
        422: "Unusable content (a corrupt image or workbook, an import with errors)",
        429: "Too many attempts"}
# Sign-in is public: its 401 is about the credentials in the body, not a token.
_WRONG_CREDENTIALS = "Wrong username or password, or the account is disabled"


_BINARY = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
PHOTO_BODY = RequestBody(required=True, description="The photo's raw bytes, judged by content, not by type",
                         content={kind: OpenAPIMediaType(schema=_BINARY)
                                  for kind in ("image/jpeg", "image/png", "image/webp")})
IMPORT_BODY = RequestBody(required=True,
                          description="The xlsx or CSV file's raw bytes (not a multipart form), judged by content",
                          content={kind: OpenAPIMediaType(schema=_BINARY) for kind in (XLSX_TYPE, "text/csv")})
PUBLIC_PATHS = frozenset({"/api/v1/auth/login", "/api/health"})


def created_or_replayed(out: type) -> dict[int, ResponseSpec]:
    """A create under the client's id answers 201 when new, besides the 200 of a replay (or an edit)."""
    return {201: ResponseSpec(data_container=out, description="Created: the id was new")}


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="SafeCampus API",
        version=__version__,
        description="School safety responsibility system (双鸭山市教育系统落实安全工作责任制办法, 2022).",
        path="/schema",
        render_plugins=[SwaggerRenderPlugin()],
        components=Components(security_schemes={
            "BearerToken": SecurityScheme(type="http", scheme="bearer", description="POST /api/v1/auth/login")
        }),
        security=[{"BearerToken": []}],
        use_handler_docstrings=False,
    )


# Raw bodies (not JSON), read and judged by the handler: too large, of a type it does not take, unusable.
RAW_BODIES = {("/api/v1/photos/{sha256}", "put"): PHOTO_BODY, ("/api/v1/imports", "post"): IMPORT_BODY}


def _statuses(path: str, method: str, public: bool, has_body: bool) -> set[int]:
    statuses = {400}
    if not public or path == "/api/v1/auth/login":
        statuses.add(401)
    if not public:
        statuses.add(403)
    if "{" in path or not public:
        statuses.add(404)
    if method in ("put", "post", "patch") and not public:
        statuses.add(409)
    if has_body:
        statuses.add(413)
    if (path, method) in RAW_BODIES:
        statuses |= {415, 422}
    if path in ("/api/v1/auth/login", "/api/v1/me/password"):
        statuses.add(429)
    return statuses


def document_errors(schema: OpenAPI) -> OpenAPI:
    """Replace Litestar's own error shape with ours on every operation (in place)."""
    components = schema.components if isinstance(schema.components, Components) else Components()
    components.schemas = {**(components.schemas or {}), "Error": ERROR_SCHEMA}
    # Every body is a safecampus.schemas.Schema, which refuses unknown fields (400) and sends
    # none; Litestar does not say so.
    for component in components.schemas.values():
        if component.type == OpenAPIType.OBJECT and component.properties is not None:
            component.additional_properties = False
    schema.components = components
    error = {"application/json": OpenAPIMediaType(schema=Reference(ref="#/components/schemas/Error"))}
    for path, item in (schema.paths or {}).items():
        for method in ("get", "put", "post", "delete", "patch"):
            operation = getattr(item, method, None)
            if operation is None:
                continue
            public = path in PUBLIC_PATHS
            if public:
                operation.security = [{}]  # OpenAPI for "no credentials needed"
            operation.request_body = RAW_BODIES.get((path, method), operation.request_body)
            responses = {code: r for code, r in (operation.responses or {}).items() if not code.startswith("4")}
            for status in sorted(_statuses(path, method, public, operation.request_body is not None)):
                why = _WRONG_CREDENTIALS if public and status == 401 else _WHY[status]
                responses[str(status)] = OpenAPIResponse(description=why, content=error)
            operation.responses = responses
    return schema


def openapi_document(app: Litestar) -> str:
    """The OpenAPI document as committed in openapi/openapi.json: stable key order."""
    return json.dumps(app.openapi_schema.to_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
