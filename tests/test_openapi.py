"""openapi/openapi.json is the app's contract; it must not drift from the code."""

from __future__ import annotations

import json

from safecampus.app import create_app
from safecampus.openapi import openapi_document
from safecampus.settings import REPO_ROOT, load_settings


def test_committed_openapi_document_is_current():
    committed = (REPO_ROOT / "openapi" / "openapi.json").read_text(encoding="utf-8")
    current = openapi_document(create_app(load_settings()))
    assert committed == current, "openapi/openapi.json is stale: run `safecampus export-openapi`"


def test_every_operation_has_an_id_and_every_api_route_is_documented():
    document = json.loads(openapi_document(create_app(load_settings())))
    operations = [op for path in document["paths"].values() for op in path.values()]
    ids = [op.get("operationId") for op in operations]
    assert all(ids) and len(ids) == len(set(ids))
    assert {"/api/v1/auth/login", "/api/v1/me", "/api/v1/org-units", "/api/health"} <= set(document["paths"])


def test_errors_are_documented_in_the_shape_the_api_sends():
    document = json.loads(openapi_document(create_app(load_settings())))
    assert document["components"]["schemas"]["Error"]["required"] == ["code", "message", "details"]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            errors = {code: r for code, r in operation["responses"].items() if code.startswith("4")}
            assert "400" in errors, (path, method)
            for response in errors.values():
                assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
            # 401: a missing token, or at sign-in wrong credentials; never on the health check
            assert ("401" in errors) == (path != "/api/health"), (path, method)
