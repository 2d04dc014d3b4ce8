"""The annual report counts the term inspections and supervisions the measures require of a
school (第十五条, 第十六条) from the term calendar, and how many were done."""

from __future__ import annotations

from datetime import date, timedelta

from tests.coverage.conftest import shanghai_today


async def test_the_report_counts_required_inspections(client, as_user, unit_ids, term, inspect):
    school = unit_ids["230502-01"]
    start = date.fromisoformat(term["starts_on"])
    windows = {w["kind"]: date.fromisoformat(w["closes_on"]) for w in term["windows"]}
    year = windows["term_start"].year  # closed before today, so a year a report can cover
    await inspect(school, "term_start", start + timedelta(days=2))
    await inspect(school, "supervision_general", shanghai_today(), hour=0)
    report = (await client.get(f"/api/v1/annual-reports/{school}/{year}", headers=await as_user("principal"))).json()
    required = sum(closes.year == year for closes in windows.values())
    # term_start done in its window; the others of the year are still open (term_mid) or ahead.
    assert report["content"]["term_inspections"] == {"required": required, "done": 1, "late": 0, "missing": 0,
                                                     "pending": required - 1}
    supervisions = report["content"]["supervisions"]
    assert supervisions["required"] == 2
    assert supervisions["done"] + supervisions["missing"] + supervisions["pending"] == 2
    if year == shanghai_today().year:
        assert supervisions["done"] == 1
    page = (await client.get(f"/api/v1/annual-reports/{school}/{year}/print", headers=await as_user("principal"))).text
    assert "学期集中排查（第十五条）" in page
