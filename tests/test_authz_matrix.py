"""The authorization matrix, generated from the routes: every API route has an entry saying
which demo roles may call it on a record of their own scope; every role then calls it on a
record of its own scope and, where it has one, of another scope (which must be refused).

- allow: 2xx, or a 4xx that is not 401/403/404 (a validation error or a conflict: the
  request got past authorization);
- deny: 401, 403 or 404.

Scopes: record set "A" lives at school 230502-01 (尖山区, the inspector's county; principal
and officer work there), record set "B" at school 230523-02 (宝清县, principal2). The city
roles (admin, viewer) have both in scope and no other scope. A route without an entry fails
``test_every_route_has_an_entry``. All cases run in one test per database, failures listed
together at the end.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from litestar.routes import HTTPRoute
from safecampus.app import create_app

from tests.conftest import DEMO_USERS, demo_password, login
from tests.factories import CAMPUS, checklist, drill_body, incident_body, inspection_body, jpeg, sha, upload

YEAR = (datetime.now(UTC) + timedelta(hours=8)).year
SCHOOLS = {"A": "230502-01", "B": "230523-02"}
HOME = {"admin": "A", "viewer": "A", "inspector": "A", "principal": "A", "officer": "A", "principal2": "B"}
OTHER: dict[str, str | None] = {"admin": None, "viewer": None, "inspector": "B", "principal": "B", "officer": "B",
                                "principal2": "A"}

ALL = frozenset(DEMO_USERS)
NONE: frozenset[str] = frozenset()


def roles(*names: str) -> frozenset[str]:
    return frozenset(names)


STAFF = roles("principal", "officer", "principal2")
PRINCIPALS = roles("principal", "principal2")
BUREAU = roles("admin", "inspector")
READERS = ALL
Build = Callable[["Ctx", str], tuple[str, Any]]  # (url, json body or None) for a scope


@dataclass
class Entry:
    allow: frozenset[str]  # roles allowed on their own scope
    build: Build
    scoped: bool = True  # the path (or body) names a record of a scope; False: no other-scope case
    fresh_token: bool = False  # the call spends the token (logout)


@dataclass
class Ctx:
    records: dict[str, dict[str, Any]] = field(default_factory=lambda: {"A": {}, "B": {}})

    def __getitem__(self, scope: str) -> dict[str, Any]:
        return self.records[scope]


def new() -> str:
    return str(uuid.uuid4())


def get(url: Callable[[dict[str, Any]], str], scoped: bool = True, allow: frozenset[str] = READERS) -> Entry:
    return Entry(allow, lambda ctx, s: (url(ctx[s]), None), scoped)


def send(allow: frozenset[str], url: Callable[[dict[str, Any]], str],
         body: Callable[[dict[str, Any]], Any], scoped: bool = True, **kw: Any) -> Entry:
    return Entry(allow, lambda ctx, s: (url(ctx[s]), body(ctx[s])), scoped, **kw)


V1 = "/api/v1"
TODAY = date.today().isoformat()


def _plan(r: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "supervision_general", "title": "综合督查", "starts_on": (date.today() - timedelta(days=3)).isoformat(),
            "ends_on": (date.today() + timedelta(days=20)).isoformat(), "targets": [r["school"]], "inspectors": []}


def _order(r: dict[str, Any]) -> dict[str, Any]:
    return {"hazard_id": r["major"], "requirement": "十日内完成加固并上传佐证。",
            "due_on": (date.today() + timedelta(days=10)).isoformat(), "supervisor": "县教体局安全科"}


def _channel(r: dict[str, Any]) -> dict[str, Any]:
    return {"org_unit_id": r["school"], "kind": "webhook", "target": "https://example.invalid/hook"}


def _checklist_version(r: dict[str, Any]) -> dict[str, Any]:
    """The daily checklist as it stands: saving it again makes no new version (and so changes
    nothing the other cases rely on)."""
    c = r["checklist"]
    fields = ("code", "category", "check", "look_at", "grade", "photo_required", "domain")
    return {"name": c["name"], "description": c["description"], "kinds": c["kinds"], "school_types": c["school_types"],
            "items": [{k: item[k] for k in fields} for item in c["items"]]}


def _unit(r: dict[str, Any]) -> dict[str, Any]:
    return {"code": f"M{uuid.uuid4().hex[:10]}", "name": "矩阵测试学校", "kind": "school", "parent_id": r["county"],
            "school_type": "primary"}


def _case(r: dict[str, Any]) -> dict[str, Any]:
    return {"subject_unit_id": r["school"], "year": YEAR, "triggers": ["art19_3"], "facts": "重大隐患逾期未整改。"}


def _commendation(r: dict[str, Any]) -> dict[str, Any]:
    return {"subject_unit_id": r["school"], "year": YEAR, "grounds": ["art17_2"], "facts": "彻底整治校舍外墙隐患。"}


# (method, path template) → entry. Expectations follow the README's API table and DESIGN's roles.
MATRIX: dict[tuple[str, str], Entry] = {
    # auth and own account
    ("POST", "/api/v1/auth/login"): Entry(ALL, lambda ctx, s: (f"{V1}/auth/login", None), scoped=False),
    ("POST", "/api/v1/auth/logout"): send(ALL, lambda r: f"{V1}/auth/logout", lambda r: None, False, fresh_token=True),
    ("GET", "/api/v1/me"): get(lambda r: f"{V1}/me", False),
    ("POST", "/api/v1/me/password"): send(ALL, lambda r: f"{V1}/me/password",
                                          lambda r: {"current_password": "not-the-password", "new_password": "x"}, False),
    # org units and reference data
    ("GET", "/api/v1/org-units"): get(lambda r: f"{V1}/org-units", False),
    ("GET", "/api/v1/org-units/{unit_id:uuid}"): get(lambda r: f"{V1}/org-units/{r['school']}"),
    ("GET", "/api/v1/sections"): get(lambda r: f"{V1}/sections", False),
    ("GET", "/api/v1/duty-templates"): get(lambda r: f"{V1}/duty-templates", False),
    ("GET", "/api/v1/checklists"): get(lambda r: f"{V1}/checklists", False),
    ("GET", "/api/v1/checklists/{checklist_id:uuid}"): get(lambda r: f"{V1}/checklists/{r['checklist']['id']}", False),
    ("GET", "/api/v1/terms"): get(lambda r: f"{V1}/terms", False),
    ("PUT", "/api/v1/terms/{code:str}"): send(roles("admin"), lambda r: f"{V1}/terms/2031-autumn", lambda r: {
        "school_year": "2031-2032", "season": "autumn", "name": "2031—2032学年秋季学期",
        "starts_on": "2031-09-01", "ends_on": "2032-01-16"}, False),
    # accounts (admin in scope)
    ("GET", "/api/v1/users"): get(lambda r: f"{V1}/users", False, roles("admin")),
    ("POST", "/api/v1/users"): send(roles("admin"), lambda r: f"{V1}/users", lambda r: {
        "username": f"u{uuid.uuid4().hex[:10]}", "name": "新用户", "role": "school_officer", "org_unit_id": r["school"]}),
    ("GET", "/api/v1/users/{user_id:uuid}"): get(lambda r: f"{V1}/users/{r['user']}", allow=roles("admin")),
    ("POST", "/api/v1/users/{user_id:uuid}/disable"): send(roles("admin"), lambda r: f"{V1}/users/{r['user']}/disable",
                                                           lambda r: None),
    ("POST", "/api/v1/users/{user_id:uuid}/enable"): send(roles("admin"), lambda r: f"{V1}/users/{r['user']}/enable",
                                                          lambda r: None),
    ("POST", "/api/v1/users/{user_id:uuid}/password-reset"): send(
        roles("admin"), lambda r: f"{V1}/users/{r['user']}/password-reset", lambda r: None),
    # photos: the uploader, and anyone whose scope covers a record using the photo
    ("PUT", "/api/v1/photos/{sha256:str}"): Entry(roles("admin", "inspector", "principal", "officer", "principal2"),
                                                  lambda ctx, s: ("photo-upload", None), scoped=False),
    ("GET", "/api/v1/photos/{sha256:str}"): get(lambda r: f"{V1}/photos/{r['photo']}"),
    ("GET", "/api/v1/photos/{sha256:str}/thumb"): get(lambda r: f"{V1}/photos/{r['photo']}/thumb"),
    ("GET", "/api/v1/photos/{sha256:str}/meta"): get(lambda r: f"{V1}/photos/{r['photo']}/meta"),
    # inspections
    ("GET", "/api/v1/inspections"): get(lambda r: f"{V1}/inspections", False),
    ("GET", "/api/v1/inspections/{inspection_id:uuid}"): get(lambda r: f"{V1}/inspections/{r['inspection']}"),
    ("GET", "/api/v1/inspections/{inspection_id:uuid}/notice"): get(lambda r: f"{V1}/inspections/{r['inspection']}/notice"),
    ("PUT", "/api/v1/inspections/{inspection_id:uuid}"): send(
        roles("inspector", "principal", "officer", "principal2"),  # inspectors, and school staff at their school
        lambda r: f"{V1}/inspections/{new()}",
        lambda r: inspection_body(r["checklist"], r["school"])),
    # hazards
    ("GET", "/api/v1/hazards"): get(lambda r: f"{V1}/hazards", False),
    ("GET", "/api/v1/hazards/{hazard_id:uuid}"): get(lambda r: f"{V1}/hazards/{r['hazard']}"),
    ("PUT", "/api/v1/hazards/{hazard_id:uuid}"): send(
        roles("inspector", "principal", "officer", "principal2"), lambda r: f"{V1}/hazards/{new()}",
        lambda r: {"school_id": r["school"], "description": "楼梯扶手松动", "grade": "general", "domain": "buildings"}),
    ("POST", "/api/v1/hazards/{hazard_id:uuid}/acknowledgement"): send(
        STAFF, lambda r: f"{V1}/hazards/{r['hazard']}/acknowledgement", lambda r: {"base_version": 1}),
    ("PUT", "/api/v1/hazards/{hazard_id:uuid}/rectifications/{rectification_id:uuid}"): send(
        STAFF, lambda r: f"{V1}/hazards/{r['hazard']}/rectifications/{new()}",
        lambda r: {"measures": "已加固", "base_version": 2, "photos": [r["proof"]]}),
    ("POST", "/api/v1/hazards/{hazard_id:uuid}/deadline"): send(
        BUREAU | PRINCIPALS,  # the principals issued these hazards (their own inspections)
        lambda r: f"{V1}/hazards/{r['hazard']}/deadline",
        lambda r: {"due_on": (date.today() + timedelta(days=40)).isoformat(), "base_version": 1, "reason": "材料采购"}),
    ("POST", "/api/v1/hazards/{hazard_id:uuid}/verification"): send(
        roles("admin", "inspector", "principal", "principal2"), lambda r: f"{V1}/hazards/{r['hazard']}/verification",
        lambda r: {"decision": "reject", "base_version": 1, "reason": "佐证不足"}),
    ("GET", "/api/v1/ledger.csv"): get(lambda r: f"{V1}/ledger.csv", False),
    ("GET", "/api/v1/ledger.xlsx"): get(lambda r: f"{V1}/ledger.xlsx", False),
    # dashboards, coverage
    ("GET", "/api/v1/dashboard"): get(lambda r: f"{V1}/dashboard?org_unit_id={r['school']}"),
    ("GET", "/api/v1/dashboard/map"): get(lambda r: f"{V1}/dashboard/map?org_unit_id={r['school']}"),
    ("GET", "/api/v1/coverage"): get(lambda r: f"{V1}/coverage?org_unit_id={r['school']}"),
    # annual reports
    ("GET", "/api/v1/annual-reports"): get(lambda r: f"{V1}/annual-reports?org_unit_id={r['school']}"),
    ("GET", "/api/v1/annual-reports/{org_unit_id:uuid}/{year:int}"): get(
        lambda r: f"{V1}/annual-reports/{r['school']}/{YEAR}"),
    ("GET", "/api/v1/annual-reports/{org_unit_id:uuid}/{year:int}/print"): get(
        lambda r: f"{V1}/annual-reports/{r['school']}/{YEAR}/print"),
    ("PUT", "/api/v1/annual-reports/{org_unit_id:uuid}/{year:int}"): send(
        STAFF, lambda r: f"{V1}/annual-reports/{r['school']}/{YEAR}", lambda r: {"narrative": "本年度工作总结。"}),
    ("POST", "/api/v1/annual-reports/{org_unit_id:uuid}/{year:int}/submission"): send(
        PRINCIPALS, lambda r: f"{V1}/annual-reports/{r['school']}/{YEAR}/submission",
        lambda r: {"base_version": 999}),
    ("POST", "/api/v1/annual-reports/{org_unit_id:uuid}/{year:int}/review"): send(  # last year's, submitted
        roles("inspector"), lambda r: f"{V1}/annual-reports/{r['school']}/{YEAR - 1}/review",  # the parent unit's
        lambda r: {"base_version": 999, "decision": "return", "comment": "请补充"}),
    # leaders
    ("GET", "/api/v1/leaders"): get(lambda r: f"{V1}/leaders?org_unit_id={r['school']}"),
    ("GET", "/api/v1/leaders/{leader_id:uuid}"): get(lambda r: f"{V1}/leaders/{r['leader']}"),
    ("PUT", "/api/v1/leaders/{leader_id:uuid}"): send(
        roles("admin", "principal", "principal2"), lambda r: f"{V1}/leaders/{new()}",
        lambda r: {"org_unit_id": r["school"], "name": "钱立新", "position": "副校长", "duty_role": "other_leader"}),
    # drills and incidents
    ("GET", "/api/v1/drills"): get(lambda r: f"{V1}/drills?org_unit_id={r['school']}"),
    ("GET", "/api/v1/drills/{drill_id:uuid}"): get(lambda r: f"{V1}/drills/{r['drill']}"),
    ("PUT", "/api/v1/drills/{drill_id:uuid}"): send(
        roles("admin", "inspector", "principal", "officer", "principal2"), lambda r: f"{V1}/drills/{new()}",
        lambda r: drill_body(r["school"])),
    # management: units and users (admins in scope), the checklist library (city admins)
    ("POST", "/api/v1/org-units"): send(roles("admin"), lambda r: f"{V1}/org-units", _unit),
    ("PATCH", "/api/v1/org-units/{unit_id:uuid}"): send(
        roles("admin"), lambda r: f"{V1}/org-units/{r['spare']}", lambda r: {"name": "矩阵测试学校（更名）"}),
    ("POST", "/api/v1/org-units/{unit_id:uuid}/move"): send(  # to where it is: refused as no move, after the checks
        roles("admin"), lambda r: f"{V1}/org-units/{r['spare']}/move", lambda r: {"new_parent_id": r["county"]}),
    ("POST", "/api/v1/org-units/{unit_id:uuid}/deactivate"): send(
        roles("admin"), lambda r: f"{V1}/org-units/{r['spare']}/deactivate", lambda r: None),
    ("POST", "/api/v1/org-units/{unit_id:uuid}/activate"): send(
        roles("admin"), lambda r: f"{V1}/org-units/{r['spare']}/activate", lambda r: None),
    ("PATCH", "/api/v1/users/{user_id:uuid}"): send(
        roles("admin"), lambda r: f"{V1}/users/{r['user']}", lambda r: {"name": "矩阵（改名）"}),
    ("GET", "/api/v1/checklists/{code:str}/versions"): get(lambda r: f"{V1}/checklists/daily_campus/versions", False),
    ("GET", "/api/v1/checklists/{code:str}/diff"): get(
        lambda r: f"{V1}/checklists/daily_campus/diff?from=1&to=1", False),
    ("POST", "/api/v1/checklists/{code:str}/versions"): send(
        roles("admin"), lambda r: f"{V1}/checklists/daily_campus/versions", _checklist_version, scoped=False),
    ("POST", "/api/v1/checklists/{checklist_id:uuid}/publish"): send(
        roles("admin"), lambda r: f"{V1}/checklists/{r['checklist']['id']}/publish", lambda r: None, scoped=False),
    ("POST", "/api/v1/checklists/{checklist_id:uuid}/retire"): send(  # of a version no inspection needs again
        roles("admin"), lambda r: f"{V1}/checklists/{r['retired']}/retire", lambda r: None, scoped=False),
    # notices (each user's own), delivery channels, supervision orders (督办)
    ("GET", "/api/v1/notices"): get(lambda r: f"{V1}/notices", False),
    ("GET", "/api/v1/notices/unread"): get(lambda r: f"{V1}/notices/unread", False),
    ("POST", "/api/v1/notices/read"): send(ALL, lambda r: f"{V1}/notices/read", lambda r: {"all": True}, scoped=False),
    ("GET", "/api/v1/notice-channels"): get(lambda r: f"{V1}/notice-channels?org_unit_id={r['school']}",
                                            allow=roles("admin", "principal", "principal2")),
    ("PUT", "/api/v1/notice-channels/{channel_id:uuid}"): send(
        roles("admin", "principal", "principal2"), lambda r: f"{V1}/notice-channels/{new()}", _channel),
    ("GET", "/api/v1/deliveries"): get(lambda r: f"{V1}/deliveries", False, allow=roles("admin")),
    ("GET", "/api/v1/supervision-orders"): get(lambda r: f"{V1}/supervision-orders?org_unit_id={r['school']}"),
    ("GET", "/api/v1/supervision-orders/{order_id:uuid}"): get(lambda r: f"{V1}/supervision-orders/{r['order']}"),
    ("PUT", "/api/v1/supervision-orders/{order_id:uuid}"): send(
        BUREAU, lambda r: f"{V1}/supervision-orders/{new()}", _order),
    # bulk import (admins; what they may create is checked row by row in tests/imports)
    ("GET", "/api/v1/imports/template"): get(lambda r: f"{V1}/imports/template?kind=schools", False, allow=roles("admin")),
    ("POST", "/api/v1/imports"): send(roles("admin"), lambda r: f"{V1}/imports?kind=schools&dry_run=true",
                                      lambda r: {"not": "a spreadsheet"}, scoped=False),
    ("GET", "/api/v1/drills/export.xlsx"): get(lambda r: f"{V1}/drills/export.xlsx?org_unit_id={r['school']}"),
    ("GET", "/api/v1/incidents"): get(lambda r: f"{V1}/incidents?org_unit_id={r['school']}"),
    ("GET", "/api/v1/incidents/export.xlsx"): get(lambda r: f"{V1}/incidents/export.xlsx?org_unit_id={r['school']}"),
    ("GET", "/api/v1/incidents/{incident_id:uuid}"): get(lambda r: f"{V1}/incidents/{r['incident']}"),
    ("PUT", "/api/v1/incidents/{incident_id:uuid}"): send(
        STAFF | BUREAU,  # orgs.scope.ensure_unit_staff: the school's staff, or a bureau's in scope
        lambda r: f"{V1}/incidents/{new()}", lambda r: incident_body(r["school"])),
    ("PATCH", "/api/v1/incidents/{incident_id:uuid}"): send(
        STAFF | BUREAU, lambda r: f"{V1}/incidents/{r['incident']}", lambda r: {"base_version": 999, "follow_up": "已回访"}),
    ("POST", "/api/v1/incidents/{incident_id:uuid}/responsibility"): send(
        BUREAU, lambda r: f"{V1}/incidents/{r['incident']}/responsibility",
        lambda r: {"base_version": 999, "management_responsibility": False, "note": "意外"}),
    # supervision plans
    ("GET", "/api/v1/supervision-plans"): get(lambda r: f"{V1}/supervision-plans", False),
    ("GET", "/api/v1/supervision-plans/inspectors"): get(lambda r: f"{V1}/supervision-plans/inspectors", False,
                                                          allow=BUREAU),
    ("GET", "/api/v1/supervision-plans/export.xlsx"): get(lambda r: f"{V1}/supervision-plans/export.xlsx", False),
    ("GET", "/api/v1/supervision-plans/{plan_id:uuid}"): get(  # a bureau's plan: not shown to the schools
        lambda r: f"{V1}/supervision-plans/{r['plan']}", allow=roles("admin", "viewer", "inspector")),
    ("PUT", "/api/v1/supervision-plans/{plan_id:uuid}"): send(
        BUREAU, lambda r: f"{V1}/supervision-plans/{new()}", _plan),
    ("PATCH", "/api/v1/supervision-plans/{plan_id:uuid}"): send(  # the planning bureau's own (A: the county)
        roles("inspector"), lambda r: f"{V1}/supervision-plans/{r['plan']}", lambda r: {"base_version": 999, "topic": "消防"}),
    ("POST", "/api/v1/supervision-plans/{plan_id:uuid}/cancellation"): send(
        roles("inspector"), lambda r: f"{V1}/supervision-plans/{r['plan']}/cancellation",
        lambda r: {"base_version": 999, "reason": "改期"}),
    # duty lists
    ("GET", "/api/v1/duty-lists"): get(lambda r: f"{V1}/duty-lists?org_unit_id={r['school']}"),
    ("GET", "/api/v1/duty-lists/export.xlsx"): get(lambda r: f"{V1}/duty-lists/export.xlsx?org_unit_id={r['school']}"),
    ("GET", "/api/v1/duty-lists/{list_id:uuid}"): get(lambda r: f"{V1}/duty-lists/{r['duty']['id']}"),
    ("PUT", "/api/v1/duty-lists/{list_id:uuid}"): send(
        roles("admin", "principal", "principal2"), lambda r: f"{V1}/duty-lists/{new()}",
        lambda r: {"leader_id": r["leader"], "year": YEAR + 1}),
    ("PUT", "/api/v1/duty-lists/{list_id:uuid}/items/{item_id:uuid}"): send(
        roles("admin", "principal", "principal2"), lambda r: f"{V1}/duty-lists/{r['duty']['id']}/items/{new()}",
        lambda r: {"base_version": 0, "text": "组织消防演练", "target": "每学期一次", "due_on": f"{YEAR}-12-31"}),
    ("POST", "/api/v1/duty-lists/{list_id:uuid}/confirmation"): send(
        roles("admin", "principal", "principal2"), lambda r: f"{V1}/duty-lists/{r['duty']['id']}/confirmation",
        lambda r: {"base_version": 999}),
    ("GET", "/api/v1/duty-lists/{list_id:uuid}/evidence-candidates"): get(
        lambda r: f"{V1}/duty-lists/{r['duty']['id']}/evidence-candidates"),  # read-only, in scope
    ("PUT", "/api/v1/duty-lists/{list_id:uuid}/items/{item_id:uuid}/evidence/{evidence_id:uuid}"): send(
        roles("admin", "principal", "principal2"),
        lambda r: f"{V1}/duty-lists/{r['duty']['id']}/items/{r['duty']['items'][0]['id']}/evidence/{new()}",
        lambda r: {"kind": "note", "note": "会议纪要"}),
    ("GET", "/api/v1/duty-lists/{list_id:uuid}/evidence/{evidence_id:uuid}/thumb"): get(
        lambda r: f"{V1}/duty-lists/{r['duty']['id']}/evidence/{r['evidence']}/thumb"),
    ("PUT", "/api/v1/duty-lists/{list_id:uuid}/reviews/{half:int}"): send(
        BUREAU, lambda r: f"{V1}/duty-lists/{r['duty']['id']}/reviews/1",
        lambda r: {"scores": [{"item_id": i["id"], "score": 90} for i in r["duty"]["items"]]}),
    ("GET", "/api/v1/duty-lists/{list_id:uuid}/report"): get(lambda r: f"{V1}/duty-lists/{r['duty']['id']}/report"),
    ("GET", "/api/v1/duty-lists/{list_id:uuid}/report/print"): get(
        lambda r: f"{V1}/duty-lists/{r['duty']['id']}/report/print"),
    # accountability (confidential: bureaus above the subject)
    ("GET", "/api/v1/accountability/signals"): get(lambda r: f"{V1}/accountability/signals", False,
                                                   roles("admin", "viewer", "inspector")),
    ("GET", "/api/v1/accountability/cases"): get(lambda r: f"{V1}/accountability/cases", False),
    ("GET", "/api/v1/accountability/cases/{case_id:uuid}"): get(lambda r: f"{V1}/accountability/cases/{r['case']}",
                                                                allow=roles("admin", "viewer", "inspector")),
    ("PUT", "/api/v1/accountability/cases/{case_id:uuid}"): send(
        BUREAU, lambda r: f"{V1}/accountability/cases/{new()}", _case),
    ("POST", "/api/v1/accountability/cases/{case_id:uuid}/decision"): send(  # the deciding bureau (A: county)
        roles("inspector"), lambda r: f"{V1}/accountability/cases/{r['case']}/decision",
        lambda r: {"base_version": 999, "measure": "circulated_criticism", "decided_on": TODAY, "note": "决定"}),
    ("POST", "/api/v1/accountability/cases/{case_id:uuid}/dropping"): send(
        roles("inspector"), lambda r: f"{V1}/accountability/cases/{r['case']}/dropping",
        lambda r: {"base_version": 999, "reason": "证据不足"}),
    ("GET", "/api/v1/accountability/export.xlsx"): get(lambda r: f"{V1}/accountability/export.xlsx", False),
    ("GET", "/api/v1/accountability/commendations"): get(lambda r: f"{V1}/accountability/commendations", False),
    ("GET", "/api/v1/accountability/commendations/{commendation_id:uuid}"): get(  # proposals: bureaus only
        lambda r: f"{V1}/accountability/commendations/{r['commendation']}", allow=roles("admin", "viewer", "inspector")),
    ("PUT", "/api/v1/accountability/commendations/{commendation_id:uuid}"): send(
        BUREAU, lambda r: f"{V1}/accountability/commendations/{new()}", _commendation),
    ("POST", "/api/v1/accountability/commendations/{commendation_id:uuid}/review"): send(
        roles("admin"), lambda r: f"{V1}/accountability/commendations/{r['commendation']}/review",
        lambda r: {"base_version": 999, "decision": "approve"}),
    ("GET", "/api/v1/accountability/ratings"): get(lambda r: f"{V1}/accountability/ratings", False),
}

# Not under the token: public by design.
PUBLIC = {("GET", "/api/health"), ("POST", "/api/v1/auth/login")}
# Outside /api: the PWA's static files and the OpenAPI document, public by design.
STATIC_PREFIXES = ("/schema", "/{file_path:path}")


def api_routes() -> set[tuple[str, str]]:
    found = set()
    for route in create_app().routes:
        if isinstance(route, HTTPRoute) and route.path.startswith("/api/"):
            found |= {(m, route.path) for h in route.route_handlers for m in h.http_methods if m not in ("HEAD", "OPTIONS")}
    return found


def test_every_route_has_an_entry():
    routes = api_routes() - {("GET", "/api/health")}
    missing = sorted(routes - MATRIX.keys())
    assert not missing, "routes without an entry in the authorization matrix:\n" + "\n".join(map(str, missing))
    stale = sorted(MATRIX.keys() - routes)
    assert not stale, "matrix entries for routes that no longer exist:\n" + "\n".join(map(str, stale))


async def _arrange(client, as_user, unit_ids: dict[str, str], user_ids: dict[str, str]) -> Ctx:
    """One record of every kind at each school, made the way the app's users make them."""
    ctx = Ctx()
    inspector, principal, principal2, admin = [await as_user(n) for n in ("inspector", "principal", "principal2", "admin")]
    daily = await checklist(client, inspector, "daily_campus")
    for scope, staff, bureau in (("A", principal, inspector), ("B", principal2, admin)):
        r = ctx[scope]
        r["school"], r["checklist"] = unit_ids[SCHOOLS[scope]], daily
        r["county"] = unit_ids[SCHOOLS[scope].split("-")[0]]
        library = (await client.get(f"{V1}/checklists", headers=inspector)).json()
        r["retired"] = next(c["id"] for c in library if c["code"] == "traffic_bus")  # used by no other case
        spare = await client.post(f"{V1}/org-units", json=_unit(r), headers=admin)  # what unit changes act on
        assert spare.status_code == 201, spare.text
        r["spare"] = spare.json()["id"]
        evidence, proof = jpeg(300 + ord(scope), gps=CAMPUS), jpeg(400 + ord(scope))
        item = next(i for i in daily["items"] if i["grade"] == "general")
        body = inspection_body(daily, r["school"], hazards={item["code"]: {"photos": [sha(evidence)]}})
        r["inspection"] = new()
        assert (await client.put(f"{V1}/inspections/{r['inspection']}", json=body, headers=staff)).status_code == 201
        r["hazard"] = body["results"][[x["item_code"] for x in body["results"]].index(item["code"])]["hazard"]["id"]
        for data in (evidence, proof):
            assert (await upload(client, staff, data)).status_code == 201
        r["photo"], r["proof"] = sha(evidence), sha(proof)
        r["drill"] = new()
        assert (await client.put(f"{V1}/drills/{r['drill']}", json=drill_body(r["school"]), headers=staff)).status_code == 201
        r["incident"] = new()
        assert (await client.put(f"{V1}/incidents/{r['incident']}", json=incident_body(r["school"]),
                                 headers=staff)).status_code == 201
        leaders = (await client.get(f"{V1}/leaders", params={"org_unit_id": r["school"]}, headers=staff)).json()
        r["leader"] = next(x["id"] for x in leaders if x["org_unit_id"] == r["school"])
        duty = await client.put(f"{V1}/duty-lists/{new()}", json={"leader_id": r["leader"], "year": YEAR}, headers=staff)
        assert duty.status_code == 201, duty.text
        r["duty"] = duty.json()
        r["evidence"] = new()
        attached = await client.put(f"{V1}/duty-lists/{r['duty']['id']}/items/{r['duty']['items'][0]['id']}"
                                    f"/evidence/{r['evidence']}", json={"kind": "photo", "photo": r["photo"]},
                                    headers=staff)
        assert attached.status_code == 201, attached.text
        saved = await client.put(f"{V1}/annual-reports/{r['school']}/{YEAR - 1}", headers=staff,
                                 json={"narrative": "上年度工作总结。"})
        assert saved.status_code in (200, 201), saved.text
        submitted = await client.post(f"{V1}/annual-reports/{r['school']}/{YEAR - 1}/submission", headers=staff,
                                      json={"base_version": saved.json()["version"]})
        assert submitted.status_code == 200, submitted.text
        created = await client.post(f"{V1}/users", headers=admin, json={
            "username": f"matrix{scope.lower()}", "name": "矩阵", "role": "school_officer", "org_unit_id": r["school"]})
        assert created.status_code == 201, created.text
        r["user"] = created.json()["user"]["id"]
        r["major"] = new()  # a major hazard, under a supervision order from the bureau above (督办)
        recorded = await client.put(f"{V1}/hazards/{r['major']}", headers=staff, json={
            "school_id": r["school"], "description": "围墙倾斜开裂", "grade": "major", "domain": "buildings"})
        assert recorded.status_code == 201, recorded.text
        r["order"] = new()
        ordered = await client.put(f"{V1}/supervision-orders/{r['order']}", json=_order(r), headers=bureau)
        assert ordered.status_code == 201, ordered.text
        for kind, make in (("plan", _plan), ("case", _case), ("commendation", _commendation)):
            path = {"plan": "supervision-plans", "case": "accountability/cases",
                    "commendation": "accountability/commendations"}[kind]
            r[kind] = new()
            response = await client.put(f"{V1}/{path}/{r[kind]}", json=make(r), headers=bureau)
            assert response.status_code == 201, response.text
    return ctx


# 400s that refuse an id named in the body as outside the caller's scope (the app's convention
# for ids in bodies: nothing is stored, the message names the field).
OUT_OF_SCOPE_CODES = {"unknown_target", "evidence_out_of_scope"}


def _verdict(status: int, code: str | None) -> str:
    if status in (401, 403, 404) or (status == 400 and code in OUT_OF_SCOPE_CODES):
        return "deny"
    return "allow" if status < 500 else "error"


async def _call(client, method: str, url: str, body: Any, headers: dict[str, str], username: str) -> tuple[int, str | None]:
    if url == "photo-upload":  # a new photo each time: write-once under its hash
        response = await upload(client, headers, jpeg(int(uuid.uuid4().int % 10_000) + 1000))
    else:
        if url == f"{V1}/auth/login":
            body = {"username": username, "password": demo_password(username)}
        response = await client.request(method, url, json=body, headers=headers)
    code = response.json().get("code") if response.headers.get("content-type", "").startswith("application/json") \
        and response.status_code >= 400 else None
    return response.status_code, code


async def test_authorization_matrix(client, as_user, unit_ids, user_ids):
    ctx = await _arrange(client, as_user, unit_ids, user_ids)
    failures: list[str] = []
    cases = 0
    for (method, path), entry in MATRIX.items():
        # without a token: everything but login is refused
        url, body = entry.build(ctx, "A")
        status, code = await _call(client, method, url, body, {}, "admin")
        expected = "allow" if (method, path) in PUBLIC else "deny"
        if url != "photo-upload" and _verdict(status, code) != expected:
            failures.append(f"{method} {path} anonymous: expected {expected}, got {status}")
        for username in DEMO_USERS:
            scopes = [(HOME[username], username in entry.allow)]
            if entry.scoped and OTHER[username]:
                scopes.append((OTHER[username], False))
            for scope, allowed in scopes:
                headers = await login(client, username) if entry.fresh_token else await as_user(username)
                url, body = entry.build(ctx, scope)
                status, code = await _call(client, method, url, body, headers, username)
                cases += 1
                expected = "allow" if allowed else "deny"
                if _verdict(status, code) != expected:
                    which = "own" if scope == HOME[username] else "other"
                    failures.append(f"{method} {path} as {username} ({which} scope {scope}): "
                                    f"expected {expected}, got {status} {code or ''}")
    print(f"authorization matrix: {len(MATRIX)} routes, {cases} role/scope cases")
    assert not failures, f"{len(failures)} of {cases} cases differ:\n" + "\n".join(failures)
