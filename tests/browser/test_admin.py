"""The city admin edits a checklist item on a desktop, saves a new version, reads the diff and
publishes it; the inspector's phone offers the new version after a refresh."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.helpers import Api, check_layout
from tests.browser.test_sign_in import sign_in

EDITED = "（含夜间巡查）"


def test_the_admin_edits_publishes_and_the_field_app_follows(page, browser, server):
    desk = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN").new_page()
    sign_in(desk, server, "admin")
    desk.click("a.tab[href='#/responsibility']")
    desk.click("#hub a[href='#/admin']")
    desk.click("#admin-parts a[href='#/admin/checklists']")
    desk.click("#checklists a[href='#/admin/checklist/daily_campus']")
    expect(desk.locator("#versions .version")).to_have_count(1)

    first = desk.locator("#items .item-edit").first
    original = first.locator("textarea.item-check").input_value()
    first.locator("textarea.item-check").fill(original + EDITED)
    desk.locator("#items .item-edit").nth(2).locator("button.up").click()  # the third item moves up one
    desk.click("#save-version")
    expect(desk.locator("#versions .version")).to_have_count(2)
    expect(desk.locator("#versions .version[data-version='2']")).to_contain_text("草稿")

    desk.select_option("#diff-from", "1")
    desk.select_option("#diff-to", "2")
    desk.click("#show-diff")
    diff = desk.locator("#diff")
    expect(diff).to_contain_text(EDITED)
    expect(diff).to_contain_text("顺序")
    desk.click("#versions .version[data-version='2'] button.publish")
    expect(desk.locator("#versions .version[data-version='2']")).to_contain_text("已发布")
    expect(desk.locator("#versions .version[data-version='1']")).to_contain_text("旧版本")
    assert [c["version"] for c in Api(server, "admin").call("GET", "/checklists") if c["code"] == "daily_campus"] == [2]

    # The phone (360 px): signing in refreshes its reference data; the start screen offers version 2.
    sign_in(page, server, "inspector")
    page.click("#schools a.school >> nth=0")
    page.select_option("#kind", "daily")
    choice = page.locator("label.choice", has_text="日常")
    expect(choice.first).to_contain_text("第 2 版")
    choice.first.locator("input").check()
    page.click("#start")
    expect(page.locator("#view")).to_contain_text(EDITED)
    check_layout(page, "admin-field-after-publish")


def test_users_screen_shows_the_one_time_password_once(page, server):
    page.set_viewport_size({"width": 360, "height": 640})
    sign_in(page, server, "admin")
    page.click("a.tab[href='#/responsibility']")
    page.click("#hub a[href='#/admin']")
    page.click("#admin-parts a[href='#/admin/users']")
    page.fill("#user-search input[name=q]", "principal")
    page.click("#user-search button[type=submit]")
    expect(page.locator("#users .user")).to_have_count(2)
    page.click("#add-user")
    page.fill("dialog input[name=name]", "李老师")
    page.fill("dialog input[name=username]", "teacher.li")
    page.select_option("dialog select[name=role]", "school_officer")
    page.select_option("dialog select[name=org_unit_id]", label="尖山区第一小学")
    page.click("dialog button[type=submit]")
    expect(page.locator("#one-time")).to_contain_text("一次性密码")
    page.click("dialog button.primary")
    expect(page.locator("#one-time")).to_have_count(0)
    check_layout(page, "admin-users")
