"""Schemathesis against the committed contract (openapi/openapi.json, kept equal to the app by
test_openapi.py), in-process over ASGI: every operation, each generated request sent without a
token and as each demo role. Checks: no 5xx, only documented status codes, content types and
headers, and bodies that match the documented schemas. No operation is left out.

The database is this module's own (one per backend), seeded like every test's and given one
record of every kind at two schools (tests/test_authz_matrix.py's arrangement); path, query
and body ids are sometimes those records, so requests get past "not found" into the handlers.

`make test` runs a bounded pass (SAFECAMPUS_FUZZ_EXAMPLES per operation, default 3; derandomized,
so it is the same pass every time). The long run is `make fuzz` (README, Tests)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import hypothesis.strategies as st
import pytest
import schemathesis
from safecampus.app import create_app
from safecampus.imports.reading import XLSX_TYPE
from safecampus.settings import REPO_ROOT, Settings, load_settings
from schemathesis.checks import not_a_server_error
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import DEMO_USERS, demo_password, login, make_client
from tests.databases import BACKENDS, DatabasePool, _isolated
from tests.test_authz_matrix import YEAR, _arrange

EXAMPLES = int(os.environ.get("SAFECAMPUS_FUZZ_EXAMPLES", "3"))
# The coverage phase: schemathesis' deterministic boundary and invalid values for every
# parameter (thousands of requests per backend, so only in the long run).
COVERAGE = os.environ.get("SAFECAMPUS_FUZZ_COVERAGE") == "1"
# Not negative_data_rejection: it counts unknown query parameters and headers as invalid
# requests, which OpenAPI cannot forbid and the API ignores by design, and the known ids below
# turn some of schemathesis' invalid requests into valid ones. Invalid requests must still get
# a documented 4xx, never a 5xx.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]

CONFIG = schemathesis.Config.from_dict({
    # "all": valid requests and invalid ones (wrong types, out of range, missing fields).
    "generation": {"mode": "all", "max-examples": EXAMPLES, "deterministic": True, "database": "none"},
    # The stateful phase follows OpenAPI links, which the document has none of.
    "phases": {"coverage": {"enabled": COVERAGE}, "stateful": {"enabled": False}},
})
# A module-level schema, one test per operation: schemathesis.pytest.from_fixture (a schema per
# test) fails on pytest 9.2, which no longer has the Node._nodeid it sets.
schema = schemathesis.openapi.from_path(REPO_ROOT / "openapi" / "openapi.json", config=CONFIG)
# The import takes a raw xlsx (or CSV) file; schemathesis sends arbitrary bytes as it does for
# application/octet-stream (CSV is text/*, which it knows).
schemathesis.serializer.alias(XLSX_TYPE, "application/octet-stream")

LOGIN, LOGOUT = "POST /api/v1/auth/login", "POST /api/v1/auth/logout"
PUBLIC = {LOGIN, "GET /api/health"}

# Ids of real records, by parameter name, or by (path, name) where the name means different
# things (a term's code, a checklist's code). Filled by fuzz_target for the backend under test.
KNOWN: dict[Any, list[Any]] = {}


@dataclass
class Target:
    app: Any
    tokens: dict[str, dict[str, str]]


def _known_ids(ctx: Any, terms: list[str]) -> dict[Any, list[Any]]:
    a, b = ctx["A"], ctx["B"]

    def both(key: str) -> list[Any]:
        return [a[key], b[key]]

    return {
        "unit_id": both("spare"),  # units the fuzzer may rename, move and deactivate
        "user_id": both("user"),  # not the demo accounts, whose tokens it signs in with
        "checklist_id": [a["checklist"]["id"], a["retired"]], "sha256": both("photo"),
        "inspection_id": both("inspection"), "hazard_id": both("hazard") + both("major"),
        "org_unit_id": both("school"), "school_id": both("school"), "subject_unit_id": both("school"),
        "parent_id": both("county"), "new_parent_id": both("county"), "under": both("county"),
        "year": [YEAR, YEAR - 1], "leader_id": both("leader"), "subject_leader_id": both("leader"),
        "drill_id": both("drill"), "incident_id": both("incident"), "order_id": both("order"),
        "plan_id": both("plan"), "list_id": [a["duty"]["id"], b["duty"]["id"]],
        "item_id": [a["duty"]["items"][0]["id"], b["duty"]["items"][0]["id"]],
        "evidence_id": both("evidence"), "case_id": both("case"), "commendation_id": both("commendation"),
        "term": terms, ("/api/v1/terms/{code}", "code"): terms,
        ("/api/v1/checklists/{code}/versions", "code"): ["daily_campus", "traffic_bus"],
        ("/api/v1/checklists/{code}/diff", "code"): ["daily_campus", "traffic_bus"],
    }


async def _prepare(settings: Settings) -> tuple[dict[str, dict[str, str]], dict[Any, list[Any]]]:
    """Sign in as every demo account and make the records (with a client of its own app)."""
    async with make_client(create_app(settings)) as client:
        tokens = {name: await login(client, name) for name in DEMO_USERS}

        async def as_user(name: str) -> dict[str, str]:
            return tokens[name]

        units = (await client.get("/api/v1/org-units", headers=tokens["admin"])).json()
        ctx = await _arrange(client, as_user, {u["code"]: u["id"] for u in units}, {})
        terms = (await client.get("/api/v1/terms", headers=tokens["admin"])).json()["terms"]
    return tokens, _known_ids(ctx, [t["code"] for t in terms])


@pytest.fixture(scope="module", params=BACKENDS)
def fuzz_target(request: pytest.FixtureRequest, test_databases: DatabasePool,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    url = test_databases.create(request.param)
    # Thousands of failed sign-ins and password changes would lock the demo accounts (the
    # limiter has tests of its own).
    settings = replace(load_settings(), data_dir=tmp_path_factory.mktemp("fuzz"), database_url=url,
                       login_attempts_per_client=10**9, login_attempts_per_username=10**9)
    tokens, known = _isolated(asyncio.run, _prepare(settings))
    KNOWN.clear()
    KNOWN.update(known)
    yield Target(create_app(settings), tokens)
    shutdown_lifespans()  # the app's database engine, before its database is dropped
    test_databases.drop(url)


def _sometimes_known(context: Any, values: Any) -> st.SearchStrategy[Any]:
    """The generated values, or the same with the ids of real records where there are some."""
    path = context.operation.path if context.operation else None

    def pool(name: Any) -> list[Any] | None:
        return KNOWN.get((path, name)) or KNOWN.get(name)

    if not isinstance(values, dict) or not any(pool(k) for k in values):
        return st.just(values)
    return st.one_of(st.just(values), st.fixed_dictionaries(
        {k: st.sampled_from(pool(k)) if pool(k) else st.just(v) for k, v in values.items()}))


@schema.hook
def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any]) -> st.SearchStrategy[Any]:
    return _sometimes_known(context, path_parameters)


@schema.hook
def flatmap_query(context: Any, query: dict[str, Any]) -> st.SearchStrategy[Any]:
    return _sometimes_known(context, query)


@schema.hook
def flatmap_body(context: Any, body: Any) -> st.SearchStrategy[Any]:
    return _sometimes_known(context, body)


def _fresh_token(app: Any, username: str) -> dict[str, str]:
    response = schema["/api/v1/auth/login"]["POST"].Case(
        body={"username": username, "password": demo_password(username)}).call(app=app)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


@schema.parametrize()
def test_api_conforms_to_openapi(case, fuzz_target):
    if case.operation.label in PUBLIC:
        callers = [{}]
    elif case.operation.label == LOGOUT:  # it revokes the token it is sent with
        callers = [{}] + [_fresh_token(fuzz_target.app, name) for name in DEMO_USERS]
    else:
        callers = [{}, *fuzz_target.tokens.values()]
    for headers in callers:
        response = case.call(app=fuzz_target.app, headers=headers)
        case.validate_response(response, checks=CHECKS)
