"""A school's principal sees the unread badge on the bell, opens the inbox and a notice,
lands on the hazard with its supervision order (督办), and the badge goes down."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.browser.helpers import Api, check_layout, poll, sign_in


def test_the_inbox_badge_and_a_notice(phone, server):
    inspector = Api(server, "inspector")
    school = inspector.school("尖山区第一小学")
    hazard_id = inspector.record_hazard(school["id"], "配电箱柜门无锁，线路裸露", [], grade="major")
    inspector.call("PUT", f"/supervision-orders/{uuid.uuid4()}", {
        "hazard_id": hazard_id, "requirement": "三日内加锁并整理线路，每日报告", "supervisor": "张海涛",
        "due_on": (date.today() + timedelta(days=5)).isoformat()})
    principal = Api(server, "principal")
    assert poll(lambda: principal.call("GET", "/notices/unread")["unread"] == 2)

    page = phone.new().new_page()
    sign_in(page, server, "principal")
    expect(page.locator("#bell-count")).to_have_text("2")
    expect(page.locator("#bell")).to_have_attribute("aria-label", "消息（2 条未读）")
    expect(page.locator("#view .orders")).to_contain_text("三日内加锁并整理线路")  # the school's home

    page.click("#bell")
    expect(page.locator(".inbox li.unread")).to_have_count(2)
    check_layout(page, "inbox")
    page.locator(".inbox a", has_text="挂牌督办通知").click()
    page.wait_for_url(f"**/#/hazard/{hazard_id}")
    expect(page.locator(".hazard-detail .orders")).to_contain_text("督办人 张海涛")
    expect(page.locator("#bell-count")).to_have_text("1")
    assert poll(lambda: principal.call("GET", "/notices/unread")["unread"] == 1)  # the read mark synced

    page.click("#bell")
    page.click("text=全部标为已读")
    expect(page.locator("#bell-count")).to_be_hidden()
    assert poll(lambda: principal.call("GET", "/notices/unread")["unread"] == 0)
