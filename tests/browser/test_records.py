"""A school records a drill and reports an incident from the phone (through the outbox); the
county judges the incident's management responsibility."""

from __future__ import annotations

from datetime import datetime, timedelta

from playwright.sync_api import expect

from tests.browser.helpers import Api, poll
from tests.browser.test_sign_in import sign_in


def test_a_drill_and_an_incident_reach_the_county(page, phone, server):
    sign_in(page, server, "officer")
    page.click("a.tab[href='#/responsibility']")
    page.click("#hub a[href='#/records']")
    page.click("#new-drill")
    page.select_option("#drill-form select[name=kind]", "earthquake")
    page.fill("#drill-form input[name=participants]", "812")
    page.fill("#drill-form textarea[name=description]", "全校防震疏散演练，2分50秒完成。")
    page.click("#drill-form button[type=submit]")
    county = Api(server, "inspector")
    drills = poll(lambda: county.call("GET", "/drills")["items"])
    assert drills[0]["kind"] == "earthquake" and drills[0]["participants"] == 812

    page.click("#new-incident")
    page.select_option("#incident-form select[name=incident_type]", "injury")
    when = (datetime.now() - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    page.fill("#incident-form input[name=occurred_at]", when)
    page.fill("#incident-form textarea[name=description]", "体育课上一名学生扭伤脚踝。")
    page.fill("#incident-form textarea[name=handling]", "校医冰敷处置，通知家长送医。")
    page.fill("#incident-form input[name=injuries]", "1")
    page.click("#incident-form button[type=submit]")
    incidents = poll(lambda: county.call("GET", "/incidents")["items"])
    assert incidents[0]["injuries"] == 1 and incidents[0]["management_responsibility"] is None
    expect(page.locator("#drills")).to_contain_text("全校防震疏散演练")
    expect(page.locator("#incidents")).to_contain_text("体育课上一名学生扭伤脚踝")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    with page.expect_download() as download:
        page.click("[data-export=drills]")
    assert download.value.suggested_filename.endswith(".xlsx")

    page = phone.new().new_page()  # the county inspector, on a phone of their own
    sign_in(page, server, "inspector")
    page.click("a.tab[href='#/responsibility']")
    page.click("#hub a[href='#/records']")
    page.click("#incidents details.judge summary")
    page.fill("#incidents textarea[name=note]", "意外伤害，学校处置及时，无管理责任。")
    page.click("#incidents details.judge button.secondary")
    expect(page.locator("#incidents")).to_contain_text("无管理责任")
    assert poll(lambda: county.call("GET", "/incidents")["items"][0]["management_responsibility"] is False)
