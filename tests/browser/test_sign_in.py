"""A new user's first minute: sign in on a phone and see the org tree of the own scope."""

from __future__ import annotations

from playwright.sync_api import expect


def sign_in(page, server, username):
    page.goto(server)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", f"demo-{username}")
    page.click("#login button[type=submit]")


def test_inspector_signs_in_and_sees_the_county_tree(page, server):
    sign_in(page, server, "inspector")
    tree = page.locator("#tree")
    expect(tree).to_contain_text("尖山区教育和体育局")
    expect(tree).to_contain_text("尖山区第一小学")
    expect(tree).not_to_contain_text("宝清县")
    expect(page.locator("#who")).to_contain_text("检查员")
    # The session survives a reload, and the English switch relabels the page.
    page.reload()
    expect(page.locator("#tree")).to_contain_text("尖山区第一小学")
    page.click("#lang")
    expect(page.locator("#who")).to_contain_text("Inspector")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_wrong_password_shows_a_message_in_chinese(page, server):
    page.goto(server)
    page.fill("input[name=username]", "viewer")
    page.fill("input[name=password]", "not-the-password")
    page.click("#login button[type=submit]")
    expect(page.locator("#login-error")).to_contain_text("用户名或密码错误")
