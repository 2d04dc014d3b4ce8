"""Each notice rule through the API and the job on a frozen clock; the job run twice and
at once tells each person once; the inbox is the caller's own."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date

from safecampus.db.engine import Database
from safecampus.notices.job import run

from tests.factories import CAMPUS, jpeg, upload
from tests.hazards.test_closed_loop import acknowledge, get, prove, verify
from tests.notices.conftest import inbox, kinds, noon, run_job


async def test_registration_tells_the_school_and_the_county_of_a_major_hazard(client, as_user, inspector2, found):
    principal, officer, inspector = await as_user("principal"), await as_user("officer"), await as_user("inspector")
    mine = await inbox(client, principal)
    assert sorted(n["kind"] for n in mine["items"]) == ["hazard_registered", "hazard_registered"]
    assert mine["unread"] == 2
    notice = next(n for n in mine["items"] if n["hazard_id"] == found["major"]["id"])
    assert notice["link"] == f"#/hazard/{found['major']['id']}" and "尖山区第一小学" in notice["body"]
    assert "整改期限" in notice["body"]
    assert await kinds(client, officer) == ["hazard_registered", "hazard_registered"]
    assert await kinds(client, inspector2) == ["major_registered"]  # the county hears of the major one only
    assert await kinds(client, inspector) == []  # whoever recorded them is not told of their own act
    assert await kinds(client, await as_user("principal2")) == []


async def test_proof_tells_the_verifier_and_the_decision_tells_the_school(client, as_user, inspector2, found):
    officer, principal = await as_user("officer"), await as_user("principal")
    hazard = (await acknowledge(client, officer, await get(client, officer, found["general"]["id"]))).json()
    await upload(client, officer, jpeg(210, gps=CAMPUS))
    hazard = (await prove(client, officer, hazard, [jpeg(210, gps=CAMPUS)])).json()
    assert "proof_waiting" in await kinds(client, principal)  # a general hazard: the principal verifies
    assert "proof_waiting" not in await kinds(client, inspector2)
    hazard = (await verify(client, principal, hazard, "reject", reason="照片看不清整改后的情况")).json()
    rejected = [n for n in (await inbox(client, officer))["items"] if n["kind"] == "proof_rejected"]
    assert len(rejected) == 1 and "照片看不清整改后的情况" in rejected[0]["body"]
    assert "proof_rejected" not in await kinds(client, principal)  # the principal rejected it
    await upload(client, officer, jpeg(211, gps=CAMPUS))
    hazard = (await prove(client, officer, hazard, [jpeg(211, gps=CAMPUS)])).json()
    assert (await kinds(client, principal)).count("proof_waiting") == 2  # each proof once
    await verify(client, principal, hazard, "accept")
    assert "proof_accepted" in await kinds(client, officer)

    major = (await acknowledge(client, officer, await get(client, officer, found["major"]["id"]))).json()
    await upload(client, officer, jpeg(212, gps=CAMPUS))
    await prove(client, officer, major, [jpeg(212, gps=CAMPUS)], interim_controls="已拉警戒线")
    assert "proof_waiting" in await kinds(client, inspector2)  # a major hazard: the county's inspectors


async def test_reminders_overdue_and_escalation_on_a_frozen_clock(client, as_user, settings, inspector2, found):
    principal, admin, viewer = await as_user("principal"), await as_user("admin"), await as_user("viewer")
    general = await get(client, principal, found["general"]["id"])
    major = await get(client, principal, found["major"]["id"])
    due, major_due = date.fromisoformat(general["due_on"]), date.fromisoformat(major["due_on"])
    assert major_due > due

    async def reminders(headers):
        return sorted((n["kind"], n["subject_id"]) for n in (await inbox(client, headers))["items"]
                      if n["kind"] not in ("hazard_registered", "major_registered"))

    assert (await run_job(settings, noon(due, -4))).notices == 0
    await run_job(settings, noon(due, -3))
    assert await reminders(principal) == [("due_soon", general["id"])]
    await run_job(settings, noon(due, -3))  # the same day again
    await run_job(settings, noon(due, -2))  # the 3-day reminder covers this day too
    assert await reminders(principal) == [("due_soon", general["id"])]
    await run_job(settings, noon(due, -1))
    await run_job(settings, noon(due))
    assert await reminders(principal) == sorted([("due_soon", general["id"])] * 2 + [("due_today", general["id"])])
    assert await reminders(inspector2) == []
    await run_job(settings, noon(due, 1))
    assert ("overdue", general["id"]) in await reminders(principal)
    assert await reminders(inspector2) == [("overdue", general["id"])]
    titles = [n["title"] for n in (await inbox(client, principal))["items"] if n["kind"] == "due_soon"]
    assert sorted(titles) == ["隐患整改还有 1 天到期", "隐患整改还有 3 天到期"]

    await run_job(settings, noon(major_due, 6))
    assert await reminders(admin) == []
    await run_job(settings, noon(major_due, 7))
    assert await reminders(admin) == [("escalated", major["id"])]
    assert await reminders(viewer) == [("escalated", major["id"])]
    assert (await kinds(client, await as_user("principal2"))) == []


async def test_thresholds_come_from_settings(client, as_user, settings, found):
    principal = await as_user("principal")
    major = await get(client, principal, found["major"]["id"])
    due = date.fromisoformat(major["due_on"])
    quick = replace(settings, reminder_days=(10,), city_escalation_days=2)
    await run_job(quick, noon(due, -10))
    assert [n["title"] for n in (await inbox(client, principal))["items"]
            if n["kind"] == "due_soon"] == ["隐患整改还有 10 天到期"]
    await run_job(quick, noon(due, 2))
    assert "escalated" in await kinds(client, await as_user("admin"))


async def test_the_job_twice_and_at_once_tells_each_person_once(client, as_user, settings, found):
    due = date.fromisoformat((await get(client, await as_user("principal"), found["general"]["id"]))["due_on"])
    databases = [Database(settings.database_url) for _ in range(3)]
    try:
        reports = await asyncio.gather(*(run(d, settings, now=noon(due, 1)) for d in databases))
        again = await run(databases[0], settings, now=noon(due, 1))
    finally:
        for database in databases:
            await database.dispose()
    assert sum(r.notices for r in reports) == 3  # overdue to the principal and the officer, and the inspector
    assert again.notices == 0
    for user in ("principal", "officer", "inspector"):
        assert (await kinds(client, await as_user(user))).count("overdue") == 1


async def test_the_inbox_is_the_callers_own_and_read_state_syncs(client, as_user, found):
    principal, officer, principal2 = await as_user("principal"), await as_user("officer"), await as_user("principal2")
    theirs = (await inbox(client, officer))["items"]
    marked = await client.post("/api/v1/notices/read", headers=principal2, json={"ids": [n["id"] for n in theirs]})
    assert marked.status_code == 200 and marked.json() == {"marked": 0, "unread": 0}
    assert (await inbox(client, officer))["unread"] == 2
    mine = (await inbox(client, principal))["items"]
    body = {"ids": [mine[0]["id"]]}
    assert (await client.post("/api/v1/notices/read", headers=principal, json=body)).json() == {"marked": 1, "unread": 1}
    assert (await client.post("/api/v1/notices/read", headers=principal, json=body)).json() == {"marked": 0, "unread": 1}
    assert (await client.get("/api/v1/notices/unread", headers=principal)).json() == {"unread": 1}
    assert (await inbox(client, principal, unread_only=True))["total"] == 1
    assert (await client.post("/api/v1/notices/read", headers=principal, json={"all": True})).json()["unread"] == 0
    assert (await inbox(client, officer))["unread"] == 2
    assert (await client.get("/api/v1/notices")).status_code == 401
