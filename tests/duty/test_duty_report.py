"""The year-end duty report (述职, 第十三条), its printable page, the xlsx export of a subtree,
and the missed targets that accountability reads."""

from __future__ import annotations

import io
import uuid
from datetime import date

import openpyxl
from safecampus.db import OrgUnit
from safecampus.duty.report import missed_targets
from sqlalchemy import select

from tests.duty.conftest import YEAR, confirmed, item_body, scores_for


async def _progress(client, headers, duty_list):
    """Item 1 done with a note as evidence, item 2 missed, item 3 due in January and still pending."""
    base = f"/api/v1/duty-lists/{duty_list['id']}"
    first, second, third = duty_list["items"][:3]
    await client.put(f"{base}/items/{third['id']}", json=item_body(third, due_on=f"{YEAR}-01-31"), headers=headers)
    duty_list = await confirmed(client, headers, duty_list)
    await client.put(f"{base}/items/{first['id']}", json=item_body(first, status="done", note="按季度报告"),
                     headers=headers)
    await client.put(f"{base}/items/{second['id']}", json=item_body(second, status="missed"), headers=headers)
    response = await client.put(f"{base}/items/{first['id']}/evidence/{uuid.uuid4()}", headers=headers,
                                json={"kind": "note", "note": "四次书面报告存档"})
    assert response.status_code == 201, response.text
    return response.json()


async def test_the_duty_report_gathers_status_scores_and_evidence(client, as_user, deputy_list):
    principal = await as_user("principal")
    duty_list = await _progress(client, principal, deputy_list)
    await client.put(f"/api/v1/duty-lists/{duty_list['id']}/reviews/1", json=scores_for(duty_list, 80),
                     headers=await as_user("inspector"))
    report = (await client.get(f"/api/v1/duty-lists/{duty_list['id']}/report", headers=principal)).json()
    assert report["counts"] == {"done": 1, "missed": 1, "pending": 6}
    assert report["evidence_count"] == 1 and report["average_score"] == 76.5
    assert [m["position"] for m in report["missed"]] == [2, 3]
    assert report["duty_list"]["items"][0]["scores"] == [{"half": 1, "score": 80, "comment": None}]

    page = await client.get(f"/api/v1/duty-lists/{duty_list['id']}/report/print", headers=principal)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    for text in (f"{YEAR}年度安全工作述职报告", "孙立伟", "分管安全负责人", "第十三条", "四次书面报告存档",
                 "平均得分 76.5分", "尖山区教育和体育局", "未完成"):
        assert text in html, text
    assert (await client.get(f"/api/v1/duty-lists/{duty_list['id']}/report/print",
                             headers=await as_user("principal2"))).status_code == 404


async def test_xlsx_export_of_a_subtree(client, as_user, deputy_list, unit_ids):
    principal = await as_user("principal")
    await _progress(client, principal, deputy_list)
    response = await client.get("/api/v1/duty-lists/export.xlsx", params={"year": YEAR},
                                headers=await as_user("inspector"))
    assert response.status_code == 200, response.text
    assert "attachment" in response.headers["content-disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:12] == ("单位", "年度", "责任人", "职务", "责任类别", "清单状态", "序号", "条款", "职责内容",
                            "工作目标", "完成时限", "完成情况")
    assert len(rows) == 1 + 8
    first = dict(zip(rows[0], rows[1], strict=True))
    assert (first["单位"], first["责任人"], first["完成情况"], first["佐证数"], first["清单状态"]) == (
        "尖山区第一小学", "孙立伟", "已完成", 1, "已确认")
    assert dict(zip(rows[0], rows[3], strict=True))["是否逾期"] == "是"
    other = await client.get("/api/v1/duty-lists/export.xlsx", params={"org_unit_id": unit_ids["230523"]},
                             headers=principal)
    assert other.status_code == 404


async def test_missed_targets_for_accountability(client, as_user, deputy_list, db):
    principal = await as_user("principal")
    duty_list = await _progress(client, principal, deputy_list)
    missed, note = duty_list["items"][1]["id"], str(uuid.uuid4())
    await client.put(f"/api/v1/duty-lists/{duty_list['id']}/items/{missed}/evidence/{note}", headers=principal,
                     json={"kind": "note", "note": "因校舍改造推迟，已报县局"})
    async with db.session() as session:
        county = (await session.execute(select(OrgUnit).where(OrgUnit.code == "230502"))).scalar_one()
        other = (await session.execute(select(OrgUnit).where(OrgUnit.code == "230523"))).scalar_one()
        in_june = await missed_targets(session, county, YEAR, date(YEAR, 6, 30))
        after_year = await missed_targets(session, county, YEAR, date(YEAR + 1, 1, 1))
        elsewhere = await missed_targets(session, other, YEAR, date(YEAR + 1, 1, 1))
    assert [(m.leader_name, m.status, m.due_on) for m in in_june] == [("孙立伟", "pending", date(YEAR, 1, 31))]
    assert len(after_year) == 7 and all(m.org_unit_name == "尖山区第一小学" for m in after_year)
    assert duty_list["items"][0]["id"] not in {str(m.item_id) for m in after_year}  # done
    assert {m.status for m in after_year} == {"pending", "missed"} and elsewhere == []
    assert {str(m.item_id): m.evidence_ids for m in after_year}[missed] == (uuid.UUID(note),)
    assert all(m.duty_role == "safety_deputy" for m in after_year)
