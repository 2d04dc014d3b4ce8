"""Bulk import of schools and users: dry run, commit, idempotency, scope, bad rows and bad files."""

from __future__ import annotations

import base64
import io
import time
import zipfile

import openpyxl
import pytest
from safecampus.audit import services as audit
from safecampus.audit.services import Actor
from safecampus.db import AuditEvent, Leader, OrgUnit, User
from sqlalchemy import func, select

from tests.conftest import login
from tests.imports.files import (
    SCHOOL_HEADER,
    USER_HEADER,
    XLSX,
    csv_bytes,
    school_rows,
    user_rows,
    xlsx,
)

API = "/api/v1/imports"


async def send(client, headers, kind, body, *, dry_run=True, content_type=XLSX):
    return await client.post(API, params={"kind": kind, "dry_run": str(dry_run).lower()}, content=body,
                             headers={**headers, "Content-Type": content_type})


async def imported(client, headers, kind, body, *, dry_run=True, content_type=XLSX):
    response = await send(client, headers, kind, body, dry_run=dry_run, content_type=content_type)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
async def county_admin(client, as_user, unit_ids):
    """An admin of 尖山区 (230502), created by the city admin through the users API."""
    response = await client.post("/api/v1/users", headers=await as_user("admin"), json={
        "username": "jsadmin", "name": "尖山区管理员", "role": "admin", "org_unit_id": unit_ids["230502"],
        "password": "county-admin-pw"})
    assert response.status_code == 201, response.text
    return await login(client, "jsadmin", "county-admin-pw")


async def test_template_is_chinese_xlsx(client, as_user):
    for kind, header in (("schools", SCHOOL_HEADER), ("users", USER_HEADER)):
        response = await client.get(f"{API}/template", params={"kind": kind}, headers=await as_user("admin"))
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(XLSX)
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        first = next(book.worksheets[0].iter_rows(values_only=True))
        assert [h.removesuffix(" *") for h in first] == list(header)
        assert "填写说明" in book.sheetnames and "单位列表" in book.sheetnames
        # The template itself imports as an empty file, not as an error.
        report = await imported(client, await as_user("admin"), kind, response.content)
        assert report["counts"]["rows"] == 0


async def test_300_schools_and_1000_users(client, as_user, db, capsys):
    headers = await as_user("admin")
    schools = school_rows(300)
    file = xlsx(SCHOOL_HEADER, schools)
    started = time.perf_counter()
    dry = await imported(client, headers, "schools", file)
    assert dry["counts"] == {"rows": 300, "create": 300, "update": 0, "unchanged": 0, "error": 0}
    assert dry["committed"] is False and dry["rows"][0]["row"] == 2 and dry["rows"][0]["action"] == "create"
    async with db.session() as session:
        before = (await session.execute(select(func.count()).select_from(OrgUnit))).scalar_one()
    done = await imported(client, headers, "schools", file, dry_run=False)
    school_seconds = time.perf_counter() - started
    assert done["committed"] is True and done["counts"]["create"] == 300
    async with db.session() as session:
        assert (await session.execute(select(func.count()).select_from(OrgUnit))).scalar_one() == before + 300
        unit = (await session.execute(select(OrgUnit).where(OrgUnit.code == "230503-T001"))).scalar_one()
        assert unit.path == "/230500/230503/230503-T001/" and unit.kind == "school" and unit.school_type == "junior"
        assert (unit.lat, unit.lon, unit.radius_m) == (46.6001, 131.1001, 200)
        principal = (await session.execute(select(Leader).where(Leader.org_unit_id == unit.id))).scalar_one()
        assert (principal.name, principal.phone, principal.duty_role) == ("校长1", "13900000001", "main_leader")
        event = (await session.execute(select(AuditEvent).where(AuditEvent.action == "import.schools"))).scalar_one()
        assert '"created":300' in event.data and dry["file_sha256"] in event.data
    again = await imported(client, headers, "schools", file, dry_run=False)
    assert again["counts"] == {"rows": 300, "create": 0, "update": 0, "unchanged": 300, "error": 0}

    users = user_rows(1000, schools)
    file = xlsx(USER_HEADER, users)
    started = time.perf_counter()
    dry = await imported(client, headers, "users", file)
    assert dry["counts"]["create"] == 1000 and dry["counts"]["error"] == 0, dry["rows"][:3]
    done = await imported(client, headers, "users", file, dry_run=False)
    user_seconds = time.perf_counter() - started
    with capsys.disabled():
        print(f"\n[import] 300 schools dry run + commit {school_seconds:.2f} s; "
              f"1000 users dry run + commit {user_seconds:.2f} s")
    passwords = done["initial_passwords"]
    assert len(passwords) == 1000 and len({p["initial_password"] for p in passwords}) == 1000
    sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(done["initial_passwords_xlsx"])), read_only=True)
    listed = [r for r in sheet.worksheets[0].iter_rows(values_only=True) if r[0] and r[5]]
    assert len(listed) == 1001 and listed[1][2] == "13800000000"
    async with db.session() as session:
        stored = (await session.execute(select(User).where(User.username == "13800000003"))).scalar_one()
        assert stored.must_change_password and stored.role == "school_officer" and stored.phone == "13800000003"
        assert passwords[3]["initial_password"] not in stored.password_hash
    first = await client.post("/api/v1/auth/login", json={"username": "13800000003",
                                                           "password": passwords[3]["initial_password"]})
    assert first.status_code == 200 and first.json()["must_change_password"] is True
    again = await imported(client, headers, "users", file, dry_run=False)
    assert again["counts"] == {"rows": 1000, "create": 0, "update": 0, "unchanged": 1000, "error": 0}
    assert again["initial_passwords"] is None


async def test_update_by_code_and_phone(client, as_user, db):
    headers = await as_user("admin")
    rows = school_rows(2)
    await imported(client, headers, "schools", xlsx(SCHOOL_HEADER, rows), dry_run=False)
    rows[0][1], rows[0][8], rows[0][5], rows[0][6] = "改名后的学校", "新校长", None, None
    report = await imported(client, headers, "schools", xlsx(SCHOOL_HEADER, rows), dry_run=False)
    assert [r["action"] for r in report["rows"]] == ["update", "unchanged"]
    assert report["rows"][0]["changes"] == ["name", "principal_name"]
    async with db.session() as session:
        unit = (await session.execute(select(OrgUnit).where(OrgUnit.code == rows[0][0]))).scalar_one()
        assert unit.name == "改名后的学校" and unit.lat == 46.6  # a blank coordinate keeps the old one
        leaders = (await session.execute(select(Leader.name, Leader.active).where(Leader.org_unit_id == unit.id))).all()
        assert sorted(leaders) == [("新校长", True), ("校长0", False)]
    users = [["王老师", "139 1234 5678", "安全干事", rows[0][0], ""]]
    [account] = (await imported(client, headers, "users", xlsx(USER_HEADER, users), dry_run=False))["initial_passwords"]
    signed_in = await login(client, account["username"], account["initial_password"])
    users[0][2] = "校长"
    report = await imported(client, headers, "users", xlsx(USER_HEADER, users), dry_run=False)
    assert report["rows"][0]["action"] == "update" and report["rows"][0]["changes"] == ["role"]
    assert report["initial_passwords"] is None
    # A new role ends the sessions, as an admin's change does: the phone signs in again.
    assert (await client.get("/api/v1/me", headers=signed_in)).status_code == 401


async def test_schools_without_code_are_idempotent(client, as_user, db):
    headers = await as_user("admin")
    rows = [[None, "无代码小学", "小学", "尖山区", None, None, None, None, None, None],
            [None, "尖山区第一小学", "小学", "尖山区", None, None, None, None, None, None]]  # a demo school
    report = await imported(client, headers, "schools", xlsx(SCHOOL_HEADER, rows), dry_run=False)
    assert [r["action"] for r in report["rows"]] == ["create", "unchanged"]
    assert report["rows"][0]["code"].startswith("230502-") and report["rows"][1]["code"] == "230502-01"
    again = await imported(client, headers, "schools", xlsx(SCHOOL_HEADER, rows), dry_run=False)
    assert again["counts"]["unchanged"] == 2


async def test_bad_rows_each_with_its_reason(client, as_user, db):
    headers = await as_user("admin")
    good = school_rows(1)[0]
    rows = [
        [*good],
        ["X-1", "某校", "小学", "不存在县", None, None, None, None, None, None],
        ["X-2", "某校2", "大学", "尖山区", None, None, None, None, None, None],
        ["X-3", "某校3", "小学", "尖山区", None, 131.16, 46.65, None, None, None],
        ["X-4", "某校4", "小学", "尖山区", None, 46.65, None, None, None, None],
        ["X-5", "某校5", "小学", "尖山区", None, None, None, 5, None, None],
        [good[0], "重复", "小学", "尖山区", None, None, None, None, None, None],
        ["X-7", "某校7", "小学", "尖山区", None, None, None, None, "张三", "12345"],
        ["230502", "冒用县区代码", "小学", "尖山区", None, None, None, None, None, None],
        ["X-9", "尖山区第一小学", "小学", "尖山区", None, None, None, None, None, None],
        ["X-10", None, None, None, None, None, None, None, None, None],
    ]
    report = await imported(client, headers, "schools", xlsx(SCHOOL_HEADER, rows))
    codes = [[e["code"] for e in r["errors"]] for r in report["rows"]]
    assert codes == [[], ["unknown_county"], ["unknown_school_type"], ["bad_coordinate"], ["bad_coordinate"],
                     ["bad_radius"], ["duplicate_in_file"], ["bad_phone"], ["code_taken"], ["duplicate_name"],
                     ["required", "required", "required"]]
    assert "纬度和经度是否填反" in report["rows"][3]["errors"][0]["message_zh"]
    assert report["rows"][1]["errors"][0]["message_zh"] == "未知县区“不存在县”（请填县区名称或行政区划代码，如 尖山区 或 230502）"
    assert report["counts"]["error"] == 10 and report["counts"]["create"] == 1
    # Commit refuses the whole file: all or nothing.
    refused = await send(client, headers, "schools", xlsx(SCHOOL_HEADER, rows), dry_run=False)
    assert refused.status_code == 422 and refused.json()["code"] == "import_has_errors"
    async with db.session() as session:
        assert (await session.execute(select(OrgUnit).where(OrgUnit.code == good[0]))).first() is None

    users = [
        ["甲", "13800000001", "安全干事", "230502-01", ""],
        ["乙", "1380000000", "安全干事", "230502-01", ""],
        ["丙", "138-0000-0001", "安全干事", "230502-01", ""],
        ["丁", "13800000004", "超级管理员", "230502-01", ""],
        ["戊", "13800000005", "系统管理员", "230502-01", ""],
        ["己", "13800000006", "安全干事", "不存在的学校", ""],
        ["庚", "13800000007", "安全干事", "230502-01", "admin"],
    ]
    report = await imported(client, headers, "users", xlsx(USER_HEADER, users))
    codes = [[e["code"] for e in r["errors"]] for r in report["rows"]]
    assert codes == [[], ["bad_phone"], ["duplicate_phone"], ["unknown_role"], ["role_not_allowed"],
                     ["unknown_unit"], ["username_taken"]]
    assert report["rows"][4]["errors"][0]["message_zh"].startswith("“系统管理员”不能设在尖山区第一小学")


async def test_county_admin_stays_in_its_county(client, as_user, county_admin, db):
    rows = [["230523-T1", "宝清县某校", "小学", "宝清县", None, None, None, None, None, None],
            [None, "本县新校", "小学", None, None, None, None, None, None, None]]  # blank county: own county
    report = await imported(client, county_admin, "schools", xlsx(SCHOOL_HEADER, rows))
    assert report["rows"][0]["errors"][0]["code"] == "county_out_of_scope"
    assert report["rows"][1]["action"] == "create" and report["rows"][1]["unit"] == "尖山区教育和体育局"
    users = [["市局人员", "13600000001", "教体局查看", "230500", ""],
             ["外县校长", "13600000002", "校长", "230523-02", ""],
             ["本县管理员", "13600000003", "系统管理员", "尖山区", ""],
             ["本县安全干事", "13600000004", "安全干事", "尖山区第一小学", ""]]
    report = await imported(client, county_admin, "users", xlsx(USER_HEADER, users))
    assert [r["action"] for r in report["rows"]] == ["error", "error", "create", "create"]
    assert {r["errors"][0]["code"] for r in report["rows"][:2]} == {"unit_out_of_scope"}
    # A phone of an account outside the county is not taken over.
    async with db.session() as session:
        outside = (await session.execute(select(User).where(User.username == "principal2"))).scalar_one()
        outside.phone = "136-0000-0009"  # entered free-form elsewhere
        await audit.record(session, Actor("test"), "user.update", "user", outside.id)
        await session.commit()
    report = await imported(client, county_admin, "users",
                            xlsx(USER_HEADER, [["冒名", "13600000009", "安全干事", "230502-01", ""]]))
    assert report["rows"][0]["errors"][0]["code"] == "phone_taken"


@pytest.mark.parametrize("username", ["viewer", "inspector", "principal"])
async def test_only_admins_import(client, as_user, username):
    response = await send(client, await as_user(username), "schools", xlsx(SCHOOL_HEADER, school_rows(1)))
    assert response.status_code == 403


async def test_csv_in_gb18030_and_utf8(client, as_user):
    headers = await as_user("admin")
    rows = school_rows(3)
    for encoding in ("gb18030", "utf-8-sig", "utf-8"):
        report = await imported(client, headers, "schools", csv_bytes(SCHOOL_HEADER, rows, encoding),
                                content_type="text/csv")
        assert report["counts"]["create"] == 3, encoding
        assert report["rows"][0]["name"] == "测试T第0学校"


async def test_a_title_row_above_the_header_and_extra_columns(client, as_user):
    report = await imported(client, await as_user("admin"), "schools",
                            xlsx((*SCHOOL_HEADER, "备注"), [[*r, "备注"] for r in school_rows(2)], title="2025年学校名单"))
    assert report["counts"]["create"] == 2 and report["ignored_columns"] == ["备注"]
    assert report["rows"][0]["row"] == 4


async def test_bad_files_get_clear_errors(client, as_user):
    headers = await as_user("admin")
    wrong = await send(client, headers, "schools", xlsx(("名字", "年龄"), [["a", 1]]))
    assert wrong.status_code == 400 and wrong.json()["code"] == "wrong_columns"
    wrong = await send(client, headers, "users", xlsx(SCHOOL_HEADER, school_rows(1)))
    assert wrong.status_code == 400 and wrong.json()["code"] == "wrong_columns"
    assert "缺少" in wrong.json()["message"]
    png = await send(client, headers, "schools", b"\x89PNG\r\n\x1a\n" + bytes(200), content_type="image/png")
    assert png.status_code == 415 and png.json()["code"] == "not_a_spreadsheet"
    xls = await send(client, headers, "schools", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    assert xls.status_code == 415 and xls.json()["code"] == "xls_not_supported"
    fake_zip = io.BytesIO()
    with zipfile.ZipFile(fake_zip, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert (await send(client, headers, "schools", fake_zip.getvalue())).json()["code"] == "not_a_spreadsheet"
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not xml")
    response = await send(client, headers, "schools", broken.getvalue())
    assert response.status_code == 422 and response.json()["code"] == "unreadable_workbook"
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<x/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (100 * 1024 * 1024))
    assert len(bomb.getvalue()) < 1024 * 1024
    response = await send(client, headers, "schools", bomb.getvalue())
    assert response.status_code == 422 and response.json()["code"] == "workbook_too_large"
    huge = await send(client, headers, "schools", b"a," * (3 * 1024 * 1024), content_type="text/csv")
    assert huge.status_code == 413 and huge.json()["code"] == "file_too_large"
    empty = await send(client, headers, "schools", b"", content_type="text/csv")
    assert empty.status_code == 400 and empty.json()["code"] == "empty_file"
    form = await client.post(API, params={"kind": "schools"}, headers=headers,
                             files={"file": ("a.xlsx", xlsx(SCHOOL_HEADER, school_rows(1)), XLSX)})
    assert form.status_code == 415 and form.json()["code"] == "multipart_not_supported"
    kind = await send(client, headers, "leaders", xlsx(SCHOOL_HEADER, school_rows(1)))
    assert kind.status_code == 400


async def test_ten_thousand_bad_rows_are_refused_quickly(client, as_user):
    rows = [["", f"坏行{i}", "大学", "无此县", "", "abc", "xyz", "-1", "", "1"] for i in range(10_000)]
    started = time.perf_counter()
    response = await send(client, await as_user("admin"), "schools", xlsx(SCHOOL_HEADER, rows))
    assert response.status_code == 400 and response.json()["code"] == "too_many_rows"
    assert time.perf_counter() - started < 30  # a generous bound against a hang, not a benchmark
    bad = await imported(client, await as_user("admin"), "schools", xlsx(SCHOOL_HEADER, rows[:3000]))
    assert bad["counts"]["error"] == 3000 and len(bad["rows"]) == 2000 and bad["rows_omitted"] == 1000
