"""A school writes and submits its annual safety report on a phone; the county returns it
with a comment, the school sees the comment and the report is live again."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.helpers import Api
from tests.browser.test_sign_in import sign_in


def test_a_report_goes_up_and_comes_back_with_comments(page, server):
    sign_in(page, server, "principal")
    page.click("a.tab[href='#/responsibility']")
    page.click("#hub a[href='#/reports']")
    page.click("#own-report")
    expect(page.locator(".report h2")).to_contain_text("尖山区第一小学")
    expect(page.locator(".report .meta")).to_contain_text("未编写")
    expect(page.locator("[data-requirement=termInspections]")).to_contain_text("学期集中排查：应开展")
    page.fill("#narrative", "本年度开展安全教育12次，完成三次集中排查。")
    page.click("#submit-report")
    page.click("dialog button.danger")
    expect(page.locator(".report .meta")).to_contain_text("已提交")
    expect(page.locator("#narrative")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    county = Api(server, "inspector")
    overview = county.call("GET", "/annual-reports")
    [school] = [u for u in overview["units"] if u["name"] == "尖山区第一小学"]
    assert school["status"] == "submitted" and school["on_time"] is True
    report = county.call("GET", f"/annual-reports/{school['org_unit_id']}/{overview['year']}")
    assert report["narrative"] == "本年度开展安全教育12次，完成三次集中排查。" and report["frozen"]
    county.call("POST", f"/annual-reports/{school['org_unit_id']}/{overview['year']}/review",
                {"decision": "return", "base_version": report["version"], "comment": "请补充应急演练情况"})

    page.reload()
    expect(page.locator(".report .meta")).to_contain_text("已退回")
    expect(page.locator("#report-steps")).to_contain_text("请补充应急演练情况")
    expect(page.locator("#narrative")).to_have_value("本年度开展安全教育12次，完成三次集中排查。")


def test_the_county_sees_who_reported_and_accepts(page, server):
    principal = Api(server, "principal")
    me = principal.call("GET", "/me")
    year = principal.call("GET", "/annual-reports")["year"]
    path = f"/annual-reports/{me['org_unit_id']}/{year}"
    saved = principal.call("PUT", path, {"narrative": "全年无安全事故。", "base_version": 0})
    principal.call("POST", f"{path}/submission", {"base_version": saved["version"]})

    sign_in(page, server, "inspector")
    page.click("a.tab[href='#/responsibility']")
    page.click("#hub a[href='#/reports']")
    units = page.locator("#units-reporting")
    expect(units).to_contain_text("尖山区第一小学")
    expect(page.locator(".reports h3")).to_contain_text("已提交 1/")
    units.get_by_text("尖山区第一小学").click()
    expect(page.locator(".report .narrative")).to_have_text("全年无安全事故。")
    page.fill("#review-comment", "材料齐全")
    page.click("#accept-report")
    expect(page.locator(".report .meta")).to_contain_text("已通过")
    expect(page.locator("#report-steps")).to_contain_text("材料齐全")
    assert principal.call("GET", path)["status"] == "accepted"
