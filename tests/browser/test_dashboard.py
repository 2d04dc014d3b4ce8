"""The bureau dashboard in a real Chromium: a viewer lands on it, its figures match the API, it drills
down city → county → school, every figure opens the hazards it counts, it fits 1280×800 and 360×640,
has no serious accessibility violation and shows the last dashboard offline."""

from __future__ import annotations

import json
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import ARTIFACTS, Api, check_layout, jpeg, sign_in, wait_until_offline_ready

COUNTY, SCHOOL = "尖山区教育和体育局", "尖山区第六中学"
# (school, grade, category, domain, days ago, offset of the geotag from the campus in 1/1000 degree or None)
FINDINGS = [
    ("尖山区第一小学", "general", "消防安全", "buildings", 40, (1, 1)),
    ("尖山区第一小学", "major", "校舍安全", "buildings", 25, None),
    ("尖山区第一小学", "general", "食品安全", "food", 3, (-1, 0)),
    ("尖山区第六中学", "general", "消防安全", "logistics", 30, (0, 2)),
    ("尖山区第六中学", "major", "实验室安全", "lab_chemicals", 12, None),
    ("尖山区实验幼儿园", "general", "校园周边安全", "student_management", 8, None),
    ("岭东区第十中学", "general", "消防安全", "buildings", 50, None),
    ("宝清县第一中学", "major", "校舍安全", "buildings", 60, (2, -1)),
    ("集贤县第一中学", "general", "交通安全", "student_management", 20, None),
    ("友谊县高级中学", "general", "食品安全", "food", 6, None),
    ("饶河县第一小学", "general", "消防安全", "logistics", 15, None),
]


def _city_inspector(server: str) -> Api:
    """An inspector at the city bureau (the demo's inspector only covers 尖山区)."""
    admin = Api(server, "admin")
    city = next(u for u in admin.call("GET", "/org-units?kind=city_bureau"))
    admin.call("POST", "/users", {"username": "cityinspector", "name": "赵市检", "role": "inspector",
                                   "org_unit_id": city["id"], "password": "Temp-pass-2026"})
    login = urllib.request.Request(f"{server}/api/v1/auth/login", method="POST", headers={"Content-Type": "application/json"},
                                   data=json.dumps({"username": "cityinspector", "password": "Temp-pass-2026"}).encode())
    with urllib.request.urlopen(login) as response:
        first = json.loads(response.read())["token"]
    change = urllib.request.Request(f"{server}/api/v1/me/password", method="POST", data=json.dumps(
        {"current_password": "Temp-pass-2026", "new_password": "demo-cityinspector"}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {first}"})
    urllib.request.urlopen(change).close()
    return Api(server, "cityinspector")


def arrange(server: str) -> dict[str, str]:
    """Hazards across the city, one of them closed through the whole loop; returns ids by description."""
    inspector = _city_inspector(server)
    schools = {s["name"]: s for s in inspector.call("GET", "/org-units?kind=school")}
    now = datetime.now(UTC)
    ids = {}
    for n, (school, grade, category, domain, days, offset) in enumerate(FINDINGS):
        campus = schools[school]
        body = {"school_id": campus["id"], "description": f"{category}隐患 {n + 1}：{school}", "grade": grade,
                "category": category, "domain": domain, "found_at": (now - timedelta(days=days)).isoformat()}
        if offset:
            body["location"] = {"lat": campus["lat"] + offset[0] / 1000, "lon": campus["lon"] + offset[1] / 1000,
                                "accuracy_m": 10}
        ids[body["description"]] = str(uuid.uuid4())
        inspector.call("PUT", f"/hazards/{ids[body['description']]}", body)
    officer, principal = Api(server, "officer"), Api(server, "principal")
    closing = ids["消防安全隐患 1：尖山区第一小学"]
    hazard = officer.call("POST", f"/hazards/{closing}/acknowledgement", {"base_version": 1, "responsible_person": "陈志强"})
    proof = officer.upload_photo(jpeg(41, (800, 600)))
    hazard = officer.call("PUT", f"/hazards/{closing}/rectifications/{uuid.uuid4()}",
                          {"measures": "已更换灭火器", "photos": [proof], "base_version": hazard["version"]})
    principal.call("POST", f"/hazards/{closing}/verification", {"decision": "accept", "base_version": hazard["version"]})
    return ids


def kpis(page) -> dict[str, str]:
    return page.eval_on_selector_all("#kpis a", "els => Object.fromEntries(els.map(e => [e.dataset.kpi, e.querySelector('.kpi-value').textContent]))")


def test_viewer_drills_down_and_every_figure_opens_its_hazards(browser, server):
    ids = arrange(server)
    viewer = Api(server, "viewer")
    page = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN").new_page()
    sign_in(page, server, "viewer")
    expect(page.locator("#dashboard h2")).to_have_text("双鸭山市教育和体育局")  # the viewer's home
    expect(page.locator("a.tab[aria-current=page]")).to_contain_text("概览")
    totals = viewer.call("GET", "/dashboard")["totals"]
    shown = kpis(page)
    assert shown["open_general"] == str(totals["open_general"]) == "7"
    assert shown["open_major"] == str(totals["open_major"]) == "3"
    assert shown["overdue"] == str(totals["overdue"]) and shown["found"] == str(totals["found"]) == "11"
    assert shown["closed"] == "1" and shown["closure_rate"] == f"{round(totals['closure_rate'] * 100)}%"
    expect(page.locator("#map circle.point")).to_have_count(10)

    # Sorting: by name ascending, then open hazards descending.
    page.click("#units-table button[data-sort=open]")
    expect(page.locator("#units-table th[aria-sort=descending]")).to_contain_text("未销号")
    assert page.locator("#units-table tbody th").first.inner_text() == COUNTY  # 4 open, the most
    page.click("#units-table button[data-sort=open]")
    expect(page.locator("#units-table th[aria-sort=ascending]")).to_contain_text("未销号")

    # City → county → school, and back up by the breadcrumb.
    page.click(f"#units-table a.drill:text-is('{COUNTY}')")
    expect(page.locator("#dashboard h2")).to_have_text(COUNTY)
    expect(page.locator(".trail li")).to_have_count(2)
    page.click(f"#units-table a.drill:text-is('{SCHOOL}')")
    expect(page.locator("#dashboard h2")).to_have_text(SCHOOL)
    expect(page.locator(".trail li")).to_have_text(["双鸭山市教育和体育局", COUNTY, SCHOOL])
    assert kpis(page)["open_major"] == "1"
    page.click(f".trail a:text-is('{COUNTY}')")
    expect(page.locator("#dashboard h2")).to_have_text(COUNTY)

    # A figure opens exactly the hazards behind it.
    county_id = viewer.call("GET", "/dashboard")["by_unit"]
    county_id = next(u["org_unit_id"] for u in county_id if u["name"] == COUNTY)
    overdue = viewer.call("GET", f"/hazards?org_unit_id={county_id}&overdue=true")
    assert overdue["total"] == int(kpis(page)["overdue"]) >= 2
    page.click("#kpis a[data-kpi=overdue]")
    expect(page.locator("#filtered-count")).to_contain_text(f"{overdue['total']} 项")
    expect(page.locator("#hazards li")).to_have_count(overdue["total"])
    assert {e.get_attribute("data-id") for e in page.locator("#hazards a").all()} == {h["id"] for h in overdue["items"]}
    expect(page.locator("#filtered-h")).to_contain_text(f"{COUNTY} · 逾期未整改")
    page.go_back()

    # Major hazards with their age; the map's points open the hazard.
    major = ids["实验室安全隐患 5：尖山区第六中学"]
    expect(page.locator(f"#majors a[data-id='{major}'] .age")).to_have_text("12 天")
    page.click("#map circle.point.major")
    expect(page.locator(".hazard-detail h2")).to_contain_text("尖山区")


@pytest.mark.parametrize("size", [(1280, 800), (360, 640)], ids=["desktop", "phone"])
def test_dashboard_fits_the_screen_and_is_accessible(browser, server, size):
    arrange(server)
    width, height = size
    page = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN").new_page()
    sign_in(page, server, "viewer")
    for name, action in (("city", None), ("county", f"#units-table a.drill:text-is('{COUNTY}')")):
        if action:
            page.click(action)
            expect(page.locator("#dashboard h2")).to_have_text(COUNTY)
        page.wait_for_selector("#map svg, #map .empty")
        check_layout(page, f"dashboard-{name}-{width}x{height}")
    page.emulate_media(media="print")
    page.screenshot(path=str(ARTIFACTS / f"dashboard-print-{width}x{height}.png"), full_page=True)
    assert page.locator("#tabs").is_hidden() and page.locator("#weekly svg").is_visible()


def test_the_last_dashboard_is_shown_offline_with_its_time(phone, server, tmp_path):
    arrange(server)
    context = phone.persistent(tmp_path / "profile")
    page = context.pages[0] if context.pages else context.new_page()
    sign_in(page, server, "viewer")
    expect(page.locator("#kpis a[data-kpi=found] .kpi-value")).to_have_text("11")
    wait_until_offline_ready(page)
    context.set_offline(True)
    page.reload()
    expect(page.locator("#dash-stale")).to_contain_text("离线")
    expect(page.locator("#kpis a[data-kpi=found] .kpi-value")).to_have_text("11")
    expect(page.locator("#dashboard h2")).to_have_text("双鸭山市教育和体育局")
