"""The term calendar: seeded, listed with its windows, edited by the city's admins only."""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from datetime import date, timedelta

import pytest
from safecampus.accounts.services import create_user
from safecampus.audit.services import Actor
from safecampus.coverage.calendar import windows
from safecampus.db import AuditEvent, Term
from safecampus.seeding.loader import load_reference
from safecampus.settings import REPO_ROOT
from sqlalchemy import func, select

from tests.conftest import login
from tests.coverage.conftest import shanghai_today, term_body
from tests.databases import SEEDS_DIR

AUTUMN_2026 = {"code": "2026-autumn", "school_year": "2026-2027", "season": "autumn",
               "name": "2026—2027学年第一学期（秋季）", "starts_on": "2026-09-01", "ends_on": "2027-01-15"}


async def _term_events(db) -> int:
    async with db.session() as session:
        return await session.scalar(select(func.count()).select_from(AuditEvent)
                                    .where(AuditEvent.entity_type == "term"))


def _put_body(term: dict) -> dict:
    return {k: term[k] for k in ("school_year", "season", "name", "starts_on", "ends_on")}


async def test_everyone_reads_the_seeded_calendar_with_windows(client, as_user):
    listing = (await client.get("/api/v1/terms", headers=await as_user("officer"))).json()
    assert [t["code"] for t in listing["terms"]] == ["2024-autumn", "2025-spring", "2025-autumn", "2026-spring",
                                                    "2026-autumn", "2027-spring"]
    autumn = next(t for t in listing["terms"] if t["code"] == "2026-autumn")
    assert {k: autumn[k] for k in AUTUMN_2026} == AUTUMN_2026
    assert autumn["windows"] == [
        {"kind": "term_start", "opens_on": "2026-08-18", "closes_on": "2026-09-14"},
        {"kind": "term_mid", "opens_on": "2026-10-20", "closes_on": "2026-11-23"},
        {"kind": "term_end", "opens_on": "2027-01-02", "closes_on": "2027-01-29"},
    ]
    today = shanghai_today()
    started = [t["code"] for t in listing["terms"] if date.fromisoformat(t["starts_on"]) <= today]
    assert listing["today"] == today.isoformat() and listing["current"] == started[-1]
    assert [t["code"] for t in listing["terms"] if t["current"]] == [started[-1]]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is needed to run pwa/terms.js")
def test_the_windows_are_those_of_the_field_app():
    """Every day of two years: the kind pwa/terms.js proposes is the kind whose window is
    open on the server, for the calendar the field app assumes."""
    class Fixed:
        def __init__(self, start: date, end: date) -> None:
            self.code, self.starts_on, self.ends_on = "", start, end

    terms = [Fixed(date(y, 9, 1), date(y + 1, 1, 15)) for y in (2024, 2025, 2026)] + \
            [Fixed(date(y, 3, 1), date(y, 7, 10)) for y in (2025, 2026, 2027)]
    days = [date(2025, 1, 1) + timedelta(days=i) for i in range(730)]
    script = ("import { defaultKind } from './pwa/terms.js';"
              f"console.log(JSON.stringify({json.dumps([d.isoformat() for d in days])}.map(defaultKind)));")
    proposed = json.loads(subprocess.run(["node", "--input-type=module", "-e", script], cwd=REPO_ROOT,
                                         capture_output=True, text=True, check=True).stdout)

    def server_kind(day: date) -> str:
        open_kinds = {w.kind for t in terms for w in windows(t) if w.holds(day)}
        # The field app proposes one kind; where windows meet it prefers term_start, then term_end.
        return next((k for k in ("term_start", "term_end", "term_mid") if k in open_kinds), "daily")

    assert {d: server_kind(d) for d in days} == dict(zip(days, proposed, strict=True))


async def test_city_admin_creates_and_edits_a_term_idempotently(client, as_user, db):
    admin = await as_user("admin")
    code, body = term_body(date(2027, 9, 1), date(2028, 1, 14))
    before = await _term_events(db)
    first = await client.put(f"/api/v1/terms/{code}", json=body, headers=admin)
    assert first.status_code == 201, first.text
    again = await client.put(f"/api/v1/terms/{code}", json=body, headers=admin)
    assert again.status_code == 200 and again.json() == first.json()
    assert await _term_events(db) == before + 1
    assert first.json()["windows"][0] == {"kind": "term_start", "opens_on": "2027-08-18", "closes_on": "2027-09-14"}
    edited = await client.put(f"/api/v1/terms/{code}", json=body | {"ends_on": "2028-01-21"}, headers=admin)
    assert edited.status_code == 200 and edited.json()["windows"][2]["closes_on"] == "2028-02-04"
    assert await _term_events(db) == before + 2
    async with db.session() as session:
        event = (await session.execute(select(AuditEvent).where(AuditEvent.entity_id == code)
                                       .order_by(AuditEvent.seq.desc()))).scalars().first()
    assert event.action == "term.update" and json.loads(event.data) == {
        "from": {"ends_on": "2028-01-14"}, "to": {"ends_on": "2028-01-21"}}
    listing = (await client.get("/api/v1/terms", headers=await as_user("viewer"))).json()
    assert listing["terms"][-1]["code"] == code and listing["terms"][-1]["ends_on"] == "2028-01-21"


async def test_only_an_admin_of_the_city_edits_the_calendar(client, as_user, db, unit_ids):
    async with db.session() as session:
        await create_user(session, Actor("test"), "/", username="jsadmin", name="尖山区管理员", role="admin",
                          org_unit_id=uuid.UUID(unit_ids["230502"]), password="county-admin-pw")
    county_admin = await login(client, "jsadmin", "county-admin-pw")
    body = _put_body(AUTUMN_2026) | {"name": "改名"}
    for headers in (county_admin, await as_user("viewer"), await as_user("inspector"), await as_user("principal")):
        response = await client.put("/api/v1/terms/2026-autumn", json=body, headers=headers)
        assert response.status_code == 403 and response.json()["code"] == "term_calendar_city_only"
    assert (await client.put("/api/v1/terms/2026-autumn", json=body)).status_code == 401
    async with db.session() as session:
        assert await session.scalar(select(Term.name).where(Term.code == "2026-autumn")) == AUTUMN_2026["name"]


@pytest.mark.parametrize(("code", "change", "error"), [
    ("2026-autumn", {"ends_on": "2026-08-01"}, "term_ends_before_start"),
    ("2026-autumn", {"ends_on": "2027-04-01"}, "term_span"),  # longer than half a year
    ("2026-autumn", {"ends_on": "2026-10-31"}, "term_span"),  # too short for three windows
    ("2026-autumn", {"ends_on": "2027-03-03"}, "term_overlap"),  # runs into 2027-spring
    ("2026-autumn", {"ends_on": "2027-02-20"}, "term_too_close"),  # its term_end window reaches 2027-spring
    ("2026-autumn", {"season": "spring"}, "term_code_mismatch"),
    ("2026-autumn", {"school_year": "2025-2026"}, "term_school_year_mismatch"),
    ("2026-fall", {}, "term_code_mismatch"),
    ("2027-autumn", {}, "term_code_mismatch"),  # the term starts in 2026
])
async def test_a_term_that_does_not_fit_is_refused(client, as_user, db, code, change, error):
    before = await _term_events(db)
    response = await client.put(f"/api/v1/terms/{code}", json=_put_body(AUTUMN_2026) | change,
                                headers=await as_user("admin"))
    assert response.status_code == 400 and response.json()["code"] == error, response.text
    assert await _term_events(db) == before


async def test_a_new_term_overlapping_another_names_it(client, as_user):
    code, body = term_body(date(2027, 1, 10), date(2027, 6, 30), season="spring")
    response = await client.put(f"/api/v1/terms/{code}", json=body, headers=await as_user("admin"))
    assert response.status_code == 400 and response.json()["details"] == {"term": "2026-autumn"}


async def test_unknown_fields_are_refused(client, as_user):
    response = await client.put("/api/v1/terms/2026-autumn", json=_put_body(AUTUMN_2026) | {"weeks": 19},
                                headers=await as_user("admin"))
    assert response.status_code == 400 and "weeks" in response.json()["message"]


async def test_seed_edits_update_terms_the_admins_left_alone(client, as_user, db, tmp_path):
    edited = _put_body(AUTUMN_2026) | {"ends_on": "2027-01-22"}
    response = await client.put("/api/v1/terms/2026-autumn", json=edited, headers=await as_user("admin"))
    assert response.status_code == 200
    seeds = shutil.copytree(SEEDS_DIR, tmp_path / "seeds")
    terms = seeds / "terms.toml"
    terms.write_text(terms.read_text(encoding="utf-8").replace("2025-07-11", "2025-07-15")
                     .replace("ends_on = 2027-01-15", "ends_on = 2027-01-08"), encoding="utf-8")
    async with db.session() as session:
        counts = await load_reference(session, seeds)
        dates = dict((await session.execute(select(Term.code, Term.ends_on))).all())
        actions = (await session.execute(select(AuditEvent.action, AuditEvent.entity_id)
                                         .order_by(AuditEvent.seq.desc()).limit(1))).one()
    assert counts.updated == 1 and tuple(actions) == ("term.seed_update", "2025-spring")
    assert dates["2025-spring"] == date(2025, 7, 15) and dates["2026-autumn"] == date(2027, 1, 22)


@pytest.mark.parametrize("change", [{"starts_on": "2026-13-01"}, {"season": "summer"}, {"name": " "},
                                    {"school_year": "2026"}])
async def test_malformed_terms_are_400(client, as_user, change):
    response = await client.put("/api/v1/terms/2026-autumn", json=_put_body(AUTUMN_2026) | change,
                                headers=await as_user("admin"))
    assert response.status_code == 400 and response.json()["code"] == "invalid_request"
