"""The principal draws up the safety deputy's responsibility list on a phone and edits a target;
the county inspector reviews it with scores; the principal sees the scores and the 述职."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.test_sign_in import sign_in


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def _open_duty(page) -> None:
    page.click("a.tab[href='#/responsibility']")
    page.click("#hub a[href='#/duty']")


def test_a_list_is_drawn_up_reviewed_and_scored(page, browser, server):
    sign_in(page, server, "principal")
    _open_duty(page)
    expect(page.locator("#duty-leaders")).to_contain_text("孙立伟")
    _fits_the_phone(page)
    page.click("#duty-leaders button[data-leader='孙立伟']")
    items = page.locator("#duty-items > li")
    expect(items).to_have_count(8)
    expect(items.first).to_contain_text("第八条(一)")

    first = items.first
    first.locator("details.duty-edit summary").click()
    first.locator("textarea[name=target]").fill("每月向校长书面报告一次安全工作落实情况")
    first.locator("details.duty-edit button[type=submit]").click()
    expect(page.locator("#duty-items > li").first.locator(".duty-target")).to_have_text("每月向校长书面报告一次安全工作落实情况")

    second = page.locator("#duty-items > li").nth(1)
    second.locator("details.duty-evidence summary").click()
    second.locator("select[name=kind]").select_option("note")
    second.locator("details.duty-evidence textarea[name=note]").fill("已召开专题会议2次，会议纪要存档")
    second.locator("details.duty-evidence button[type=submit]").click()
    expect(page.locator("#duty-items > li").nth(1).locator(".evidence")).to_contain_text("会议纪要存档")
    page.click("#duty-confirm")
    expect(page.locator(".duty .meta").first).to_contain_text("已确认")
    _fits_the_phone(page)
    list_url = page.url

    county = browser.new_context(viewport={"width": 360, "height": 640}, locale="zh-CN").new_page()
    sign_in(county, server, "inspector")
    _open_duty(county)
    card = county.locator("#duty-leaders > li", has_text="孙立伟")
    card.get_by_role("link").click()
    county.click("#duty-review-1")
    scores = county.locator("#duty-review-form input[type=number]")
    expect(scores).to_have_count(8)
    for index in range(8):
        scores.nth(index).fill(str(95 - index))
    county.fill("#duty-review-form input[name=comment-1]", "报告制度落实到位")
    county.fill("#review-overall", "总体落实较好")
    _fits_the_phone(county)
    county.click("#duty-review-submit")
    expect(county.locator("#duty-reviews")).to_contain_text("上半年考核 平均 91.5 分")
    expect(county.locator("#duty-review-1")).to_have_count(0)
    county.context.close()

    page.goto(list_url)
    page.reload()
    expect(page.locator("#duty-reviews")).to_contain_text("平均 91.5 分")
    expect(page.locator("#duty-reviews")).to_contain_text("尖山区教育和体育局")
    expect(page.locator("#duty-items > li").first).to_contain_text("上半年 95分")
    expect(page.locator("#duty-items > li").first).to_contain_text("报告制度落实到位")
    _fits_the_phone(page)
    page.click("#duty-report")
    expect(page.locator("#duty-stats")).to_contain_text("91.5")
    with page.expect_popup() as printed:
        page.click("#print-duty-report")
    expect(printed.value.locator("h1")).to_contain_text("安全工作述职报告")
    # the page's inline stylesheet applies (allowed by hash in the CSP the blob: page inherits)
    assert printed.value.evaluate("getComputedStyle(document.querySelector('h1')).textAlign") == "center"
    _fits_the_phone(page)
