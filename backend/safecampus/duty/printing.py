"""The printable year-end duty report (述职报告, 第十三条) of one leader, in Chinese, with
photo evidence embedded so the saved page stands on its own."""

from __future__ import annotations

import base64
from datetime import datetime
from html import escape

from safecampus.duty.schemas import DutyReport, EvidenceOut
from safecampus.hazards.rules import SHANGHAI
from safecampus.inspections.notice import PRINT_STYLE
from safecampus.photos.storage import PhotoStore

ROLE_NAMES = {"main_leader": "党政主要负责人（第一责任人）", "safety_deputy": "分管安全负责人",
              "other_leader": "领导班子其他成员（一岗双责）"}
STATUS_NAMES = {"pending": "未开始", "in_progress": "推进中", "done": "已完成", "missed": "未完成"}
LIST_STATUS = {"draft": "草稿", "confirmed": "已确认"}
HALF_NAMES = {1: "上半年", 2: "下半年"}
_EXTRA_STYLE = """
h2 { font-size: 1.15rem; border-bottom: 2px solid #000; margin-top: 1.6rem; }
td.score { text-align: center; white-space: nowrap; }
.evidence { font-size: 0.85rem; margin: 0.2rem 0 0; padding-left: 1.1rem; }
.evidence img { width: 6rem; height: 6rem; object-fit: cover; border: 1px solid #999; display: block; }
.late { font-weight: bold; }
"""
STYLE = PRINT_STYLE + _EXTRA_STYLE  # the whole stylesheet: its hash is in the CSP (safecampus.security)


def _score(item_scores: list, half: int) -> str:
    found = next((s for s in item_scores if s.half == half), None)
    if found is None:
        return "—"
    return f"{found.score}" + (f"<br><small>{escape(found.comment)}</small>" if found.comment else "")


async def _evidence(items: list[EvidenceOut], store: PhotoStore) -> str:
    if not items:
        return ""
    lines = []
    for e in items:
        thumb = await store.get(e.photo, "thumb") if e.photo else None
        image = (f'<img alt="{escape(e.label)}" src="data:image/jpeg;base64,{base64.b64encode(thumb).decode()}">'
                 if thumb else "")
        lines.append(f"<li>{escape(e.label)}{image}</li>")
    return f'<ul class="evidence">{"".join(lines)}</ul>'


async def render(report: DutyReport, store: PhotoStore) -> str:
    d = report.duty_list
    rows = []
    for item in d.items:
        status = STATUS_NAMES.get(item.status, item.status) + ("（逾期）" if item.overdue else "")
        rows.append(f"<tr><td>{item.position}</td><td>{escape(item.article or '自定')}</td>"
                    f"<td>{escape(item.text)}{await _evidence(item.evidence, store)}</td><td>{escape(item.target)}</td>"
                    f"<td>{item.due_on}</td><td{' class=late' if item.overdue else ''}>{status}"
                    f"{'<br><small>' + escape(item.note) + '</small>' if item.note else ''}</td>"
                    f"<td class=score>{_score(item.scores, 1)}</td><td class=score>{_score(item.scores, 2)}</td></tr>")
    reviews = "".join(f"<tr><td>{HALF_NAMES[r.half]}</td><td>{escape(r.reviewer_unit)} {escape(r.reviewer_name)}</td>"
                      f"<td>{r.reviewed_at.astimezone(SHANGHAI):%Y-%m-%d}</td><td class=score>{r.average}</td>"
                      f"<td>{escape(r.comment or '')}</td></tr>" for r in d.reviews)
    missed = "".join(f"<li>{m.position}. {escape(m.text[:80])}（目标：{escape(m.target)}；时限 {m.due_on}）</li>"
                     for m in report.missed)
    counts = "，".join(f"{STATUS_NAMES[s]}{report.counts[s]}项" for s in STATUS_NAMES if report.counts.get(s))
    average = "—" if report.average_score is None else f"{report.average_score}分"
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{d.year}年度安全工作述职 · {escape(d.leader.name)}</title>
<style>{STYLE}</style></head><body>
<h1>{d.year}年度安全工作述职报告</h1>
<p class="no">{escape(d.org_unit_name)} · 责任清单{LIST_STATUS.get(d.status, d.status)}</p>
<p>述职人：{escape(d.leader.name)}（{escape(d.leader.position)}，{ROLE_NAMES.get(d.leader.duty_role, "")}）</p>
<p>根据《双鸭山市教育系统落实安全工作责任制办法》第十三条，现将本人{d.year}年度履行安全工作职责、落实安全管理责任清单
（第七条(三)）的情况报告如下。</p>
<h2>一、总体情况</h2>
<p>责任清单共{len(d.items)}项：{counts or "无"}；佐证材料{report.evidence_count}份；半年检查考核平均得分 {average}。</p>
<h2>二、责任清单落实情况</h2>
<table><thead><tr><th>序号</th><th>条款</th><th>职责内容及佐证</th><th>工作目标</th><th>完成时限</th><th>完成情况</th>
<th>上半年<br>评分</th><th>下半年<br>评分</th></tr></thead><tbody>{"".join(rows)}</tbody></table>
<h2>三、半年检查考核</h2>
{f"<table><thead><tr><th>考核</th><th>考核人</th><th>日期</th><th>平均分</th><th>评语</th></tr></thead><tbody>{reviews}</tbody></table>" if reviews else "<p>尚未考核。</p>"}
<h2>四、未按期完成的目标</h2>
{f"<ul>{missed}</ul>" if missed else "<p>无。</p>"}
<p class="signed">述职人（签字）：　　　　　　　　日期：</p>
<p class="printed-at">打印时间：{datetime.now(SHANGHAI):%Y-%m-%d %H:%M}</p>
</body></html>"""
