"""The county inspector finds a signal (an overdue major hazard), opens a case on the school's
safety deputy and decides it as the county bureau (第二十四条: the county over its own schools);
the leader then shows as ineligible for this year's ratings (第二十一条). On a 360×640 phone,
without horizontal scrolling."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from playwright.sync_api import expect

from tests.browser.helpers import Api
from tests.browser.test_sign_in import sign_in


def _no_overflow(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_signal_becomes_a_decided_case_and_the_leader_loses_the_rating(page, server, browser):
    county = Api(server, "inspector")
    school = county.school("尖山区第一小学")
    hazard_id = str(uuid.uuid4())
    hazard = county.call("PUT", f"/hazards/{hazard_id}", {
        "school_id": school["id"], "description": "教学楼外墙瓷砖空鼓脱落", "grade": "major", "domain": "buildings",
        "found_at": (datetime.now(UTC) - timedelta(days=40)).isoformat()})
    year = str(date.fromisoformat(hazard["due_on"]).year)

    sign_in(page, server, "inspector")
    page.click("a.tab[href='#/responsibility']")
    page.click("#hub a[href='#/accountability']")
    page.locator("#acc-year").evaluate("e => { e.dataset.stale = '1'; }")
    page.select_option("#acc-year", year)
    # The year opens #/accountability/signals/<year>, which draws the view again: wait for that,
    # or the details below may be opened in the list about to be replaced.
    expect(page.locator("#acc-year:not([data-stale])")).to_be_attached()
    signal = page.locator("#signals li[data-trigger=art19_3]").filter(has_text="尖山区第一小学")
    expect(signal).to_contain_text("重大隐患未按期整改")
    expect(signal).to_contain_text("孙立伟")
    signal.locator("summary").click()
    expect(signal.locator(f"a[href='#/hazard/{hazard_id}']")).to_be_visible()
    _no_overflow(page)

    signal.locator("button.open-case").click()
    page.select_option("#case-subject", label="孙立伟（副校长（分管安全））")
    expect(page.locator("#case-triggers input[value=art19_3]")).to_be_checked()
    _no_overflow(page)
    page.click("#create-case")
    expect(page.locator("#case-status")).to_contain_text("调查中")
    expect(page.locator(".acc-record .subject")).to_contain_text("可评先")

    page.select_option("#decide-measure", "admonishment")
    page.fill("#decide-note", "经局务会研究，对孙立伟同志予以诫勉。")
    _no_overflow(page)
    page.click("#decide-case")
    page.click("dialog button.danger")
    expect(page.locator("#case-status")).to_contain_text("已决定")
    expect(page.locator("#decision")).to_contain_text("诫勉")
    expect(page.locator(".acc-record .subject")).to_contain_text("当年不得评先")

    page.goto(f"{server}/#/accountability/ratings/{year}")
    leader = page.locator("#leader-ratings li").filter(has_text="孙立伟")
    expect(leader).to_contain_text("当年不得评先")
    expect(page.locator("#leader-ratings li").filter(has_text="刘淑芬")).to_contain_text("可评先")
    _no_overflow(page)
    ratings = county.call("GET", f"/accountability/ratings?year={year}")
    [deputy] = [r for r in ratings["leaders"] if r["name"] == "孙立伟"]
    assert deputy["eligible"] is False and len(deputy["case_ids"]) == 1

    # The school's principal now sees the decided case about their school, and no signals.
    context = browser.new_context(viewport={"width": 360, "height": 640}, locale="zh-CN")
    try:
        school_page = context.new_page()
        sign_in(school_page, server, "principal")
        school_page.wait_for_selector("#tabs:not([hidden])")
        school_page.goto(f"{server}/#/accountability/cases/{year}")
        expect(school_page.locator("#cases")).to_contain_text("孙立伟")
        expect(school_page.locator("#cases")).to_contain_text("当年不得评先")
        expect(school_page.locator("#acc-tab-signals")).to_have_count(0)
        _no_overflow(school_page)
    finally:
        context.close()
