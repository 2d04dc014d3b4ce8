"""The county's office plans a supervision on a desktop; the assigned inspector sees it on the
phone, and the school counts as visited once a supervision inspection arrives."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.browser.helpers import Api, poll
from tests.browser.test_sign_in import sign_in


def test_a_plan_is_made_and_carried_out(page, browser, server):
    desk = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN").new_page()
    sign_in(desk, server, "inspector")
    desk.click("a.tab[href='#/responsibility']")
    desk.click("#hub a[href='#/supervision']")
    desk.click("#new-plan")
    desk.select_option("#plan-form select[name=kind]", "supervision_general")
    desk.fill("#plan-form input[name=title]", "冬季取暖安全综合督查")
    desk.fill("#plan-form input[name=ends_on]", (date.today() + timedelta(days=14)).isoformat())
    desk.check("#plan-form label[data-name='尖山区第一小学'] input")
    desk.check("#plan-form input[name=inspector]")
    desk.click("#plan-form button[type=submit]")
    expect(desk.locator("#targets")).to_contain_text("尖山区第一小学")
    expect(desk.locator("#targets")).to_contain_text("待督查")
    desk.click("#targets a.button")  # the assigned inspector starts the visit with the plan's kind
    expect(desk.locator("#kind")).to_have_value("supervision_general")

    inspector = Api(server, "inspector")
    [plan] = inspector.call("GET", "/supervision-plans")
    school = inspector.school("尖山区第一小学")
    checklist = next(c for c in inspector.call("GET", "/checklists?kind=supervision_general"))
    items = inspector.call("GET", f"/checklists/{checklist['id']}")["items"]
    now = date.today().isoformat()
    inspector.call("PUT", f"/inspections/{uuid.uuid4()}", {
        "school_id": school["id"], "checklist_id": checklist["id"], "kind": "supervision_general",
        "started_at": f"{now}T00:00:00+00:00", "finished_at": f"{now}T00:10:00+00:00",
        "results": [{"item_code": i["code"], "outcome": "pass"} for i in items]})
    assert poll(lambda: inspector.call("GET", f"/supervision-plans/{plan['id']}")["done"] == 1)

    sign_in(page, server, "inspector")
    page.click("a.tab[href='#/responsibility']")
    page.click("#hub a[href='#/supervision']")
    expect(page.locator("#my-plans")).to_contain_text("冬季取暖安全综合督查")
    expect(page.locator("#my-plans")).to_contain_text("已督查 1/1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
