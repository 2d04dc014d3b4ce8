"""The field app in a real Chromium: offline inspections, sync without loss or duplicates, the
proof-and-close-out loop, and every main screen at 360×640 (overflow, screenshots, axe-core)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.helpers import (
    Api,
    geolocation,
    jpeg,
    photo_files,
    poll,
    screen,
    sign_in,
    wait_until_offline_ready,
)

SCHOOL = "尖山区第一小学"


def run_inspection(page, school: dict, files: list[str], screens: bool = False) -> None:
    """From the inspector home: an inspection of SCHOOL with 2 hazards (2 + 1 photos), rest pass."""
    page.click(f"a.school[data-id='{school['id']}']")
    page.select_option("#kind", "daily")
    page.locator("label.choice", has_text="日常校园安全排查").click()
    if screens:
        screen(page, "start")
    page.click("#start")
    page.wait_for_selector("#item-DAILY-01")
    page.click("#item-DAILY-01 button[data-outcome=hazard]")
    sheet = page.locator("#hazard-sheet")
    sheet.locator("textarea[name=description]").fill("上学高峰校门口保安未配备防割手套和钢叉")
    sheet.locator("input[name=location_note]").fill("南校门")
    page.set_input_files("#hazard-photos", files[:2])
    expect(sheet.locator(".thumb img")).to_have_count(2)
    if screens:
        screen(page, "hazard-sheet")
    sheet.locator("#save-hazard").click()
    expect(page.locator("#item-DAILY-01 .hazard-summary")).to_contain_text("2 张照片")
    page.click("#item-DAILY-05 button[data-outcome=hazard]")
    sheet = page.locator("#hazard-sheet")
    sheet.locator("textarea[name=description]").fill("教学楼东侧安全出口被课桌椅堵塞")
    sheet.locator("label", has_text="重大隐患").click()
    page.set_input_files("#hazard-photos", files[2:3])
    expect(sheet.locator(".thumb img")).to_have_count(1)
    sheet.locator("#save-hazard").click()
    page.click("#item-DAILY-02 button[data-outcome=na]")
    if screens:
        page.evaluate("window.scrollTo(0, 0)")
        screen(page, "runner")
    page.click("#rest-pass")
    expect(page.locator("#progress-text")).to_contain_text("22/22")
    page.click("#review")
    if screens:
        screen(page, "review")
    page.click("#submit-inspection")
    page.wait_for_url("**/#/outbox")


def test_offline_inspection_survives_a_browser_restart_and_syncs_exactly_once(phone, server, tmp_path: Path):
    api = Api(server, "inspector")
    school = api.school(SCHOOL)
    geo = geolocation(school)
    profile = tmp_path / "profile"
    context = phone.persistent(profile, geolocation=geo)
    page = context.pages[0] if context.pages else context.new_page()
    sign_in(page, server, "inspector")
    wait_until_offline_ready(page)

    context.set_offline(True)
    page.reload()  # from the service worker
    expect(page.locator("#schools")).to_contain_text(SCHOOL)
    page.wait_for_function("() => performance.getEntriesByName('app-ready').length > 0")
    ready_ms = page.evaluate("performance.getEntriesByName('app-ready')[0].startTime")
    print(f"interactive offline from the service worker on reload: {ready_ms:.0f} ms")
    expect(page.locator("#net")).to_contain_text("离线")
    run_inspection(page, school, photo_files(tmp_path, [1, 2, 3]))
    expect(page.locator("#outbox-title")).to_contain_text("待同步 4 项")
    expect(page.locator("#badge")).to_contain_text("待同步 4")
    context.close()

    # The browser is closed and reopened, still offline: the outbox still holds everything.
    context = phone.persistent(profile, geolocation=geo, offline=True)
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(f"{server}/#/outbox")
    expect(page.locator("#outbox-title")).to_contain_text("待同步 4 项")
    page.wait_for_function("() => performance.getEntriesByName('app-ready').length > 0")
    ready_ms = page.evaluate("performance.getEntriesByName('app-ready')[0].startTime")
    print(f"interactive offline from the service worker after a browser restart: {ready_ms:.0f} ms")
    expect(page.locator("#outbox-summary")).to_contain_text("检查 1 · 照片 3")
    assert api.call("GET", "/inspections")["total"] == 0

    # The network returns: the outbox empties, the server holds exactly what was done.
    context.set_offline(False)
    expect(page.locator("#outbox-title")).to_contain_text("全部已同步", timeout=30000)
    inspections = api.call("GET", "/inspections")
    assert inspections["total"] == 1
    inspection = api.call("GET", f"/inspections/{inspections['items'][0]['id']}")
    assert inspection["missing_photos"] == []
    assert abs(inspection["location"]["lat"] - school["lat"]) < 1e-4
    assert abs(inspection["location"]["lon"] - school["lon"]) < 1e-4
    assert inspection["off_site"] is False
    hazards = api.call("GET", f"/hazards?school_id={school['id']}")
    assert hazards["total"] == 2
    photos = set()
    for summary in hazards["items"]:
        detail = api.call("GET", f"/hazards/{summary['id']}")
        assert detail["missing_photos"] == []
        photos.update(detail["evidence_photos"])
    assert len(photos) == 3
    stored = {p.name.split(".")[0] for p in (tmp_path / "photos").rglob("*.jpg")}
    assert stored == photos
    for sha in photos:
        meta = api.call("GET", f"/photos/{sha}/meta")
        assert max(meta["width"], meta["height"]) <= 1600  # downscaled on the phone
        assert meta["lat"] is not None and meta["taken_at"] is not None


def test_a_sync_broken_in_the_middle_completes_without_duplicates(phone, server, tmp_path: Path):
    api = Api(server, "inspector")
    school = api.school(SCHOOL)
    # Playwright's routes do not see requests of pages a service worker controls: no worker here
    # (the outbox works the same without it; the first test covers the worker).
    context = phone.new(geolocation=geolocation(school), service_workers="block")
    page = context.new_page()
    sign_in(page, server, "inspector")
    expect(page.locator("#schools")).to_contain_text(SCHOOL)
    page.wait_for_function("() => document.querySelectorAll('#schools a').length > 0")
    context.set_offline(True)
    run_inspection(page, school, photo_files(tmp_path, [4, 5, 6]))

    attempts = {"photos": 0, "inspections": 0}

    def first_photo_only(route):
        if route.request.method != "PUT":
            return route.continue_()
        attempts["photos"] += 1
        return route.continue_() if attempts["photos"] == 1 else route.abort("internetdisconnected")

    def stored_but_answer_lost(route):
        if route.request.method != "PUT":
            return route.continue_()
        attempts["inspections"] += 1
        if attempts["inspections"] == 1:
            route.fetch()  # the server stores it, the phone never hears back
            return route.abort("connectionreset")
        return route.continue_()

    context.route("**/api/v1/photos/**", first_photo_only)
    context.route("**/api/v1/inspections/**", stored_but_answer_lost)
    context.set_offline(False)
    poll(lambda: attempts["photos"] >= 2, page=page)
    expect(page.locator("#outbox-title")).to_contain_text("待同步 3 项")
    assert api.call("GET", "/inspections")["total"] == 0

    context.unroute("**/api/v1/photos/**")
    page.click("#sync-now")  # photos go through; the inspection's answer is lost once
    poll(lambda: attempts["inspections"] >= 1, page=page)
    page.click("#sync-now")
    expect(page.locator("#outbox-title")).to_contain_text("全部已同步", timeout=30000)
    assert attempts["inspections"] >= 2
    assert api.call("GET", "/inspections")["total"] == 1
    hazards = api.call("GET", f"/hazards?school_id={school['id']}")
    assert hazards["total"] == 2
    stored = {p.name.split(".")[0] for p in (tmp_path / "photos").rglob("*.jpg")}
    assert len(stored) == 3


def test_the_outbox_goes_by_itself_when_the_server_answers_again_with_no_online_event(phone, server, tmp_path: Path):
    """Wi-Fi without a way to the server (navigator.onLine stays true, so no online event comes when
    the way opens) for long enough that the retries back off to half an hour: the app notices that the
    server answers again and sends everything at once, without anyone pressing "sync now"."""
    api = Api(server, "inspector")
    school = api.school(SCHOOL)
    # No worker: Playwright's routes do not see the requests of pages a service worker controls.
    context = phone.new(geolocation=geolocation(school), service_workers="block")
    page = context.new_page()
    sign_in(page, server, "inspector")
    page.wait_for_function("() => document.querySelectorAll('#schools a').length > 0")
    refused = []
    context.route("**/api/**", lambda route: refused.append(route.request.url) or route.abort("internetdisconnected"))
    run_inspection(page, school, photo_files(tmp_path, [11, 12, 13]))
    expect(page.locator("#outbox-title")).to_contain_text("待同步 4 项")
    expect(page.locator("#net")).to_contain_text("离线")  # it tried, and the server did not answer a ping either
    assert any("/api/v1/photos/" in url for url in refused) and any(url.endswith("/api/health") for url in refused)
    # An hour of failed retries later: every op waits half an hour before its next try.
    page.evaluate("""async () => {
        const db = await import('/db.js');
        for (const op of await db.all('outbox')) await db.put('outbox', {...op, attempts: 8, nextAt: Date.now() + 1800000});
    }""")
    assert page.evaluate("() => navigator.onLine")

    context.unroute("**/api/**")
    expect(page.locator("#outbox-title")).to_contain_text("全部已同步", timeout=30000)
    expect(page.locator("#net")).to_be_hidden()
    inspections = api.call("GET", "/inspections")
    assert inspections["total"] == 1
    assert api.call("GET", f"/inspections/{inspections['items'][0]['id']}")["missing_photos"] == []


def test_officer_submits_proof_offline_and_the_principal_closes_the_hazard(phone, server, tmp_path: Path):
    inspector = Api(server, "inspector")
    school = inspector.school(SCHOOL)
    evidence = inspector.upload_photo(jpeg(7, (1200, 900)))
    hazard_id = inspector.record_hazard(school["id"], "二楼饮水机接地线脱落", [evidence])

    officer = phone.new(geolocation=geolocation(school))
    page = officer.new_page()
    sign_in(page, server, "officer")
    wait_until_offline_ready(page)
    expect(page.locator("#hazards")).to_contain_text("二楼饮水机接地线脱落")
    officer.set_offline(True)
    page.reload()
    page.click(f"#hazards a[data-id='{hazard_id}']")
    page.fill("#proof-form textarea[name=measures]", "已重新连接接地线并用扎带固定，电工检测合格")
    page.set_input_files("#proof-photos", photo_files(tmp_path, [8]))
    expect(page.locator("#proof-form .thumb img")).to_have_count(1)
    page.click("#submit-proof")
    expect(page.locator(".hazard-detail")).to_contain_text("待上传")
    expect(page.locator("#badge")).to_contain_text("待同步 3")  # photo, acknowledgement, proof
    assert inspector.call("GET", f"/hazards/{hazard_id}")["status"] == "open"

    officer.set_offline(False)
    poll(lambda: inspector.call("GET", f"/hazards/{hazard_id}")["status"] == "submitted")
    expect(page.locator("#badge")).to_contain_text("已同步", timeout=15000)

    principal = phone.new(geolocation=geolocation(school)).new_page()
    sign_in(principal, server, "principal")
    principal.click(f"#hazards a[data-id='{hazard_id}']")
    expect(principal.locator(".before-after img")).to_have_count(2)
    principal.click("#accept")
    poll(lambda: inspector.call("GET", f"/hazards/{hazard_id}")["status"] == "closed")
    detail = inspector.call("GET", f"/hazards/{hazard_id}")
    assert detail["rectifications"][-1]["decision"] == "accepted"
    assert detail["rectifications"][-1]["submitted_by"] != detail["closed_by"]


def _walk_main_screens(phone, server, tmp_path: Path, check) -> None:
    """Every main screen, with data on it; `check(page, name)` runs on each."""
    inspector = Api(server, "inspector")
    school = inspector.school(SCHOOL)
    evidence = inspector.upload_photo(jpeg(9, (1200, 900)))
    hazard_id = inspector.record_hazard(school["id"], "食堂后厨液化气管道老化开裂", [evidence], grade="major")
    inspector.record_hazard(school["id"], "操场东侧围栏松动", [])

    page = phone.new(geolocation=geolocation(school)).new_page()
    page.goto(server)
    page.wait_for_selector("#login")
    check(page, "login")
    sign_in(page, server, "inspector")
    expect(page.locator("#schools")).to_contain_text(SCHOOL)
    check(page, "inspector-home")
    page.click(f"a.school[data-id='{school['id']}']")
    page.select_option("#kind", "daily")
    page.locator("label.choice", has_text="日常校园安全排查").click()
    check(page, "start")
    page.click("#start")
    page.wait_for_selector("#item-DAILY-01")
    page.click("#item-DAILY-01 button[data-outcome=pass]")
    check(page, "runner")
    page.click("#item-DAILY-03 button[data-outcome=hazard]")
    page.set_input_files("#hazard-photos", photo_files(tmp_path, [10]))
    expect(page.locator("#hazard-sheet .thumb img")).to_have_count(1)
    check(page, "hazard-sheet")
    page.click("#save-hazard")
    page.click("#review")
    check(page, "review")
    page.click("a.tab[href='#/hazards']")
    expect(page.locator("#hazards")).to_contain_text("液化气")
    check(page, "hazards")
    page.click(f"#hazards a[data-id='{hazard_id}']")
    page.wait_for_function("() => [...document.querySelectorAll('.before-after img')].every((i) => i.complete && i.naturalWidth > 0)")
    check(page, "hazard-detail")
    page.context.set_offline(True)
    page.click("a.tab[href='#/outbox']")
    check(page, "outbox")
    page.context.set_offline(False)

    officer = phone.new(geolocation=geolocation(school)).new_page()
    sign_in(officer, server, "officer")
    expect(officer.locator("#hazards")).to_contain_text("液化气")
    check(officer, "school-home")
    officer.click(f"#hazards a[data-id='{hazard_id}']")
    expect(officer.locator("#proof-form")).to_be_visible()
    check(officer, "proof-form")


def test_main_screens_fit_a_360px_phone(phone, server, tmp_path: Path):
    _walk_main_screens(phone, server, tmp_path, screen)


def test_main_screens_have_no_serious_accessibility_violations(phone, server, tmp_path: Path):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems: list[str] = []

    def check(page, name: str) -> None:
        results = axe.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"]][:3]
                problems.append(f"{name}: {violation['id']} ({violation['impact']}) {violation['help']} {targets}")

    _walk_main_screens(phone, server, tmp_path, check)
    assert not problems, "\n".join(problems)
