"""The coverage matrix and the term calendar in a real Chromium: a viewer opens the matrix from the
dashboard and sees every cell as GET /coverage says, filters it, drills down to a county; the matrix
fits 1280×800 and 360×640 without horizontal overflow, has no serious accessibility violation, prints
and is shown offline with its time; a principal sees the own school; the city admin edits a term and
the API has it, a bad term is refused in words, and other roles see the calendar read-only."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import ARTIFACTS, Api, check_layout, sign_in, wait_until_offline_ready
from tests.factories import inspection_body

SHANGHAI = timezone(timedelta(hours=8))
CITY, COUNTY, SCHOOL = "双鸭山市教育和体育局", "尖山区教育和体育局", "尖山区第一小学"
TERM_KINDS = ("term_start", "term_mid", "term_end")


def _checklist(api: Api, code: str) -> dict[str, Any]:
    summary = next(c for c in api.call("GET", "/checklists") if c["code"] == code)
    return api.call("GET", f"/checklists/{summary['id']}")


def _inspect(api: Api, school_id: str, checklist: dict[str, Any], kind: str, day: date) -> str:
    """An inspection finished on that Shanghai day (never in the future)."""
    finished = min(datetime.combine(day, time(11), SHANGHAI), datetime.now(UTC) - timedelta(minutes=5))
    body = inspection_body(checklist, school_id, kind=kind, started_at=finished - timedelta(minutes=20))
    inspection_id = str(uuid.uuid4())
    api.call("PUT", f"/inspections/{inspection_id}", body)
    return inspection_id


def arrange(server: str) -> dict[str, Any]:
    """In the seeded current term: the first window that has opened is done at 尖山区第一小学 on its
    first day, with a daily check yesterday. Returns the term and that window."""
    inspector = Api(server, "inspector")
    calendar = inspector.call("GET", "/terms")
    term = next(t for t in calendar["terms"] if t["code"] == calendar["current"])
    window = next(w for w in term["windows"] if w["opens_on"] <= calendar["today"])
    school = inspector.school(SCHOOL)
    _inspect(inspector, school["id"], _checklist(inspector, "term_inspection"), window["kind"],
             date.fromisoformat(window["opens_on"]))
    _inspect(inspector, school["id"], _checklist(inspector, "daily_campus"), "daily",
             date.fromisoformat(calendar["today"]) - timedelta(days=1))
    return {"term": term, "window": window, "school_id": school["id"]}


def has_gap(row: dict[str, Any]) -> bool:
    """pwa/coverage.js hasGap: a term inspection missing or due, no daily check, no supervision."""
    return (any(row[k]["status"] in ("missing", "due") for k in TERM_KINDS) or not row["daily"]["count"]
            or row["supervision"]["missing"])


def shown_statuses(page) -> dict[str, list[str]]:
    return page.eval_on_selector_all("#matrix tr[data-school]", """rows => Object.fromEntries(rows.map(r =>
        [r.dataset.school, [...r.querySelectorAll('td.cell')].slice(0, 3).map(c => c.dataset.status)]))""")


def open_coverage(page, server: str, username: str) -> None:
    sign_in(page, server, username)
    page.click("#coverage-link")
    page.wait_for_selector("#matrix")


def test_the_matrix_shows_what_the_api_says_filters_and_drills_down(browser, server):
    arranged = arrange(server)
    viewer = Api(server, "viewer")
    page = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN").new_page()
    open_coverage(page, server, "viewer")
    coverage = viewer.call("GET", "/coverage")
    expect(page.locator("#coverage-screen h2")).to_contain_text(CITY)
    expect(page.locator("a.tab[aria-current=page]")).to_contain_text("概览")
    assert page.locator("#term").input_value() == arranged["term"]["code"]

    # Every term cell as the API says; the done one shows its day.
    assert shown_statuses(page) == {r["school_id"]: [r[k]["status"] for k in TERM_KINDS] for r in coverage["schools"]}
    row = next(r for r in coverage["schools"] if r["school_id"] == arranged["school_id"])
    kind = arranged["window"]["kind"]
    assert row[kind]["status"] == "done" and row["daily"]["count"] == 1
    done = page.locator(f"#matrix tr[data-school='{row['school_id']}'] td.cell").nth(TERM_KINDS.index(kind))
    expect(done.locator(".cell-icon")).to_have_text("✓")
    expect(done.locator(".cell-day")).to_have_text(row[kind]["done_on"][5:])
    expect(done).to_contain_text("已完成")  # the word, for screen readers
    for status, word in (("missing", "缺"), ("upcoming", "未到"), ("due", "进行中"), ("late", "逾期完成")):
        cells = page.locator(f"#matrix td.cell:nth-child(-n+4)[data-status={status}]").all()[:3]  # term columns
        assert all(word in c.inner_text() for c in cells), status

    # The summary strip, and its figures filter the table.
    s = coverage["summary"]
    tiles = page.eval_on_selector_all(
        "#cov-kpis a", "els => Object.fromEntries(els.map(e => [e.dataset.show, e.querySelector('.kpi-value').textContent]))")
    assert tiles == {"all": str(s["schools"]), "complete": str(s["complete"]),
                     **{f"missing-{k}": str(s["missing"][k]) for k in TERM_KINDS},
                     "unsupervised": str(s["without_supervision"])}
    page.click("#cov-kpis a[data-show=missing-term_start]")
    expect(page.locator("#matrix tr[data-school]")).to_have_count(s["missing"]["term_start"])
    expect(page.locator("#cov-kpis a[aria-current]")).to_have_attribute("data-show", "missing-term_start")
    page.click("#cov-kpis a[data-show=all]")
    page.check("#only-incomplete")
    gaps = [r for r in coverage["schools"] if has_gap(r)]
    expect(page.locator("#matrix tr[data-school]")).to_have_count(len(gaps))
    expect(page.locator("#cov-count")).to_have_text(f"显示 {len(gaps)} / {s['schools']} 所学校")

    # City → county, and back up by the breadcrumb.
    page.uncheck("#only-incomplete")
    page.click(f"#matrix tr.county a.drill:text-is('{COUNTY}')")
    expect(page.locator("#coverage-screen h2")).to_contain_text(COUNTY)
    county = next(u for u in viewer.call("GET", "/org-units?kind=county_bureau") if u["name"] == COUNTY)
    assert len(viewer.call("GET", f"/coverage?org_unit_id={county['id']}")["schools"]) == 4
    expect(page.locator("#matrix tr[data-school]")).to_have_count(4)
    page.click(f".trail a:text-is('{CITY}')")
    expect(page.locator("#coverage-screen h2")).to_contain_text(CITY)


@pytest.mark.parametrize("size", [(1280, 800), (360, 640)], ids=["desktop", "phone"])
def test_the_matrix_fits_the_screen_prints_and_is_accessible(browser, server, size):
    arrange(server)
    width, height = size
    page = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN").new_page()
    open_coverage(page, server, "viewer")
    check_layout(page, f"coverage-city-{width}x{height}")
    page.click(f"#matrix tr.county a.drill:text-is('{COUNTY}')")
    expect(page.locator("#coverage-screen h2")).to_contain_text(COUNTY)
    check_layout(page, f"coverage-county-{width}x{height}")
    page.emulate_media(media="print")
    page.screenshot(path=str(ARTIFACTS / f"coverage-print-{width}x{height}.png"), full_page=True)
    assert page.locator("#tabs").is_hidden() and page.locator("#term").is_hidden()
    assert page.locator("#matrix").is_visible()


def test_a_principal_sees_the_own_school_and_the_last_matrix_offline(phone, server, tmp_path):
    arrange(server)
    context = phone.persistent(tmp_path / "profile")
    page = context.pages[0] if context.pages else context.new_page()
    sign_in(page, server, "principal")
    page.click("a.tab[href='#/coverage']")
    expect(page.locator("#matrix tr[data-school]")).to_have_count(1)
    expect(page.locator("#matrix tr[data-school] th")).to_contain_text(SCHOOL)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    wait_until_offline_ready(page)
    context.set_offline(True)
    page.reload()
    expect(page.locator("#cov-stale")).to_contain_text("离线")
    expect(page.locator("#matrix tr[data-school]")).to_have_count(1)
    page.screenshot(path=str(ARTIFACTS / "coverage-offline-360x640.png"), full_page=True)


def test_the_city_admin_edits_a_term_and_others_read_the_calendar(browser, server):
    admin = Api(server, "admin")
    calendar = admin.call("GET", "/terms")
    current = next(t for t in calendar["terms"] if t["code"] == calendar["current"])
    page = browser.new_context(viewport={"width": 360, "height": 640}, locale="zh-CN").new_page()
    sign_in(page, server, "admin")
    page.goto(f"{server}/#/coverage")
    page.click("#terms-link")
    card = page.locator(f"#terms li[data-code='{current['code']}']")
    expect(card).to_contain_text("当前学期")
    expect(card).to_contain_text(f"{current['windows'][0]['opens_on']} 至 {current['windows'][0]['closes_on']}")

    card.locator("button.edit-term").click()
    page.fill("#term-form input[name=name]", "测试改名学期（秋季）")
    page.click("#save-term")
    expect(card.locator(".term-name")).to_have_text("测试改名学期（秋季）")
    edited = next(t for t in admin.call("GET", "/terms")["terms"] if t["code"] == current["code"])
    assert edited["name"] == "测试改名学期（秋季）" and edited["starts_on"] == current["starts_on"]

    # A term of the other season starting ten days before the current one ends: refused, in words,
    # naming the term it overlaps.
    season = "spring" if current["season"] == "autumn" else "autumn"
    starts = date.fromisoformat(current["ends_on"]) - timedelta(days=10)
    page.click("#add-term")
    page.select_option("#term-form select[name=season]", season)
    page.fill("#term-form input[name=name]", "重叠的学期")
    page.fill("#term-form input[name=starts_on]", starts.isoformat())
    page.fill("#term-form input[name=ends_on]", (starts + timedelta(days=120)).isoformat())
    page.click("#save-term")
    expect(page.locator("#term-error")).to_have_text(f"与学期 {current['code']} 的日期重叠。")
    assert len(admin.call("GET", "/terms")["terms"]) == len(calendar["terms"])
    page.screenshot(path=str(ARTIFACTS / "terms-error-360x640.png"))

    viewer = browser.new_context(viewport={"width": 360, "height": 640}, locale="zh-CN").new_page()
    sign_in(viewer, server, "viewer")
    viewer.goto(f"{server}/#/terms")
    expect(viewer.locator(f"#terms li[data-code='{current['code']}'] .term-name")).to_have_text("测试改名学期（秋季）")
    expect(viewer.locator("button.edit-term")).to_have_count(0)
    expect(viewer.locator("#add-term")).to_have_count(0)
    expect(viewer.locator(".notice.info")).to_contain_text("管理员")
