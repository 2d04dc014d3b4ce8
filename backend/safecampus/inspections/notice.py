"""The rectification notice (整改通知书): a printable page handed to the school."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

from safecampus.db import Hazard, Inspection, OrgUnit
from safecampus.hazards.rules import SHANGHAI, shanghai_date

KIND_NAMES = {"daily": "日常排查", "term_start": "开学前集中排查", "term_mid": "学期中集中排查",
              "term_end": "学期结束后集中排查", "supervision_general": "综合督查", "supervision_special": "专项督查"}
GRADE_NAMES = {"general": "一般隐患", "major": "重大隐患"}

PRINT_STYLE = """
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; margin: 2rem auto; max-width: 50rem;
       color: #000; line-height: 1.6; }
h1 { text-align: center; font-size: 1.6rem; letter-spacing: 0.3em; }
.no { text-align: right; }
table { width: 100%; border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #000; padding: 0.3rem 0.5rem; vertical-align: top; }
th { background: #eee; }
.major { font-weight: bold; }
.signatures { display: grid; grid-template-columns: 1fr 1fr; gap: 2.5rem 2rem; margin-top: 2.5rem; }
.signatures div { border-bottom: 1px solid #000; padding-bottom: 0.2rem; }
.signed { margin-top: 2rem; }
.printed-at { margin-top: 2rem; font-size: 0.9rem; }
@media print { body { margin: 0; max-width: none; } @page { size: A4; margin: 18mm; } }
"""


def render(inspection: Inspection, school: OrgUnit, hazards: Sequence[Hazard], inspector: str) -> str:
    day = shanghai_date(inspection.started_at)  # the day the hazards were found, as in the ledger
    rows = "".join(
        f'<tr class="{h.grade}"><td>{i}</td><td>{escape(h.description)}</td>'
        f"<td>{escape(h.location_note or '')}</td><td>{GRADE_NAMES[h.grade]}</td>"
        f"<td>{h.due_on:%Y年%m月%d日}</td></tr>"
        for i, h in enumerate(hazards, 1))
    body = (f"<table><thead><tr><th>序号</th><th>隐患描述</th><th>位置</th><th>等级</th><th>整改期限</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>") if hazards else "<p>本次检查未发现安全隐患。</p>"
    major = any(h.grade == "major" for h in hazards)
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>安全隐患整改通知书 · {escape(school.name)}</title>
<style>{PRINT_STYLE}</style></head><body>
<h1>安全隐患整改通知书</h1>
<p class="no">编号：{str(inspection.id)[:8].upper()}</p>
<p>{escape(school.name)}：</p>
<p>{day:%Y年%m月%d日}，检查人员对你单位开展了{KIND_NAMES.get(inspection.kind, inspection.kind)}，发现以下安全隐患。
根据《双鸭山市教育系统落实安全工作责任制办法》第十五条，请你单位建立台账，明确整改责任人，在整改期限内完成整改，
并上传整改佐证，经验收后销号（实销号管理）。{"重大隐患整改完成前，须落实警戒隔离、警示标识、停止使用等临时管控措施。" if major else ""}</p>
{body}
<div class="signatures">
<div>检查人员（签字）：{escape(inspector)}</div><div>被检查单位负责人（签字）：</div>
<div>日期：{day:%Y年%m月%d日}</div><div>日期：</div>
</div>
<p class="printed-at">打印时间：{datetime.now(SHANGHAI):%Y-%m-%d %H:%M}</p>
</body></html>"""
