"""An admin imports a small schools file through the app: template, dry run with an error, a
fixed file, confirm; the schools are then in the API. Then users, with the passwords sheet."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.helpers import Api, check_layout
from tests.browser.test_sign_in import sign_in
from tests.imports.files import SCHOOL_HEADER, USER_HEADER, school_rows, xlsx


def check_and_confirm(page, file: Path, creates: int) -> None:
    """Dry run the file, see what it creates, confirm."""
    page.set_input_files("#import-file", str(file))
    page.click("#import-check")
    expect(page.locator("[data-count=create] strong")).to_have_text(str(creates))
    page.click("#import-confirm")
    page.click("dialog.confirm button.danger")


def test_admin_imports_schools_then_users(page, server, tmp_path: Path):
    rows = school_rows(3, prefix="B")
    bad = [*rows, ["230502-BX", "坏行学校", "大学", "尖山区", None, None, None, None, None, None]]
    (tmp_path / "bad.xlsx").write_bytes(xlsx(SCHOOL_HEADER, bad))
    (tmp_path / "schools.xlsx").write_bytes(xlsx(SCHOOL_HEADER, rows))
    (tmp_path / "users.xlsx").write_bytes(xlsx(USER_HEADER, [["赵老师", "13512345678", "安全干事", rows[0][0], ""]]))

    sign_in(page, server, "admin")
    page.click("a.tab[href='#/responsibility']")
    page.click("#hub a[href='#/imports']")
    expect(page.locator("h2")).to_have_text("导入学校/用户")
    with page.expect_download() as download:
        page.click("#import-template")
    assert download.value.suggested_filename.endswith(".xlsx")

    page.set_input_files("#import-file", str(tmp_path / "bad.xlsx"))
    page.click("#import-check")
    expect(page.locator("#import-rows tr.error")).to_contain_text("学校类型“大学”无法识别")
    expect(page.locator("[data-count=error] strong")).to_have_text("1")
    expect(page.locator("#import-confirm")).to_be_disabled()
    check_layout(page, "import-dry-run")

    check_and_confirm(page, tmp_path / "schools.xlsx", creates=3)
    expect(page.locator("#import-done")).to_have_text("导入完成")

    admin = Api(server, "admin")
    names = {u["name"] for u in admin.call("GET", "/org-units?kind=school")}
    assert {r[1] for r in rows} <= names

    page.select_option("#import-kind", "users")
    check_and_confirm(page, tmp_path / "users.xlsx", creates=1)
    expect(page.locator("#import-passwords")).to_contain_text("13512345678")
    with page.expect_download() as download:
        page.click("#import-passwords-download")
    assert download.value.suggested_filename == "初始密码.xlsx"
    check_layout(page, "import-passwords")
    assert any(u["phone"] == "13512345678" and u["must_change_password"] for u in admin.call("GET", "/users"))
