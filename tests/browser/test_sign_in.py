"""A new user's first minute: sign in on a phone and see the schools of the own scope."""

from __future__ import annotations

import os
import subprocess
import sys

from playwright.sync_api import expect


def sign_in(page, server, username):
    page.goto(server)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", f"demo-{username}")
    page.click("#login button[type=submit]")


def test_inspector_signs_in_and_sees_the_county_schools(page, server):
    sign_in(page, server, "inspector")
    schools = page.locator("#schools")
    expect(schools).to_contain_text("尖山区第一小学")
    expect(schools).not_to_contain_text("宝清县")
    # The session survives a reload, and the English switch relabels the page.
    page.reload()
    expect(page.locator("#schools")).to_contain_text("尖山区第一小学")
    page.click("#lang")
    expect(page.locator("#tabs")).to_contain_text("Schools")
    page.click("a.tab[href='#/outbox']")
    expect(page.locator("#who")).to_contain_text("Inspector")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_wrong_password_shows_a_message_in_chinese(page, server):
    page.goto(server)
    page.fill("input[name=username]", "viewer")
    page.fill("input[name=password]", "not-the-password")
    page.click("#login button[type=submit]")
    expect(page.locator("#login-error")).to_contain_text("用户名或密码错误")


def test_an_account_with_a_one_time_password_chooses_its_own(page, server, database_url):
    # A separate process: Playwright's event loop occupies this thread.
    created = subprocess.run(
        [sys.executable, "-m", "safecampus", "users", "create", "newteacher", "--name", "新老师",
         "--role", "school_officer", "--unit", "230502-01"],
        env=os.environ | {"SAFECAMPUS_DATABASE_URL": database_url}, capture_output=True, text=True, check=True)
    one_time = created.stdout.rsplit(": ", 1)[1].strip()
    page.goto(server)
    page.fill("input[name=username]", "newteacher")
    page.fill("input[name=password]", one_time)
    page.click("#login button[type=submit]")
    page.fill("#choose-password input[name=new]", "my-own-secret")
    page.fill("#choose-password input[name=again]", "my-own-secret-typo")
    page.click("#choose-password button[type=submit]")
    expect(page.locator("#password-error")).to_contain_text("不一致")
    page.fill("#choose-password input[name=again]", "my-own-secret")
    page.click("#choose-password button[type=submit]")
    expect(page.locator("#tabs")).to_be_visible()
    expect(page.locator("#choose-password")).to_have_count(0)
