"""The printable annual safety report (年度安全工作报告), in Chinese, with the evidence
photos embedded so the printed or saved page stands on its own."""

from __future__ import annotations

import base64
from datetime import datetime
from html import escape

from safecampus.hazards.rules import SHANGHAI
from safecampus.inspections.notice import KIND_NAMES, PRINT_STYLE
from safecampus.photos.storage import PhotoStore
from safecampus.reports.schemas import AnnualReportOut, GroupCount, ReportContent
from safecampus.wording import DRILL_NAMES, INCIDENT_CATEGORIES, RESPONSIBILITY, SEVERITY_NAMES

STATUS_NAMES = {None: "未编写", "draft": "草稿", "submitted": "已提交", "returned": "已退回", "accepted": "已通过"}
HAZARD_STATUS = {"open": "待整改", "rectifying": "整改中", "submitted": "待验收", "closed": "已销号"}
_EXTRA_STYLE = """
h2 { font-size: 1.15rem; border-bottom: 2px solid #000; margin-top: 1.6rem; }
.figures td:nth-child(2n) { text-align: right; }
.narrative { white-space: pre-wrap; }
.photos { display: flex; flex-wrap: wrap; gap: 0.5rem; }
.photos figure { margin: 0; width: 9rem; font-size: 0.8rem; break-inside: avoid; }
.photos img { width: 9rem; height: 9rem; object-fit: cover; border: 1px solid #999; }
"""
STYLE = PRINT_STYLE + _EXTRA_STYLE  # the whole stylesheet: its hash is in the CSP (safecampus.security)


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def _table(head: list[str], rows: list[list[object]]) -> str:
    if not rows:
        return "<p>无。</p>"
    cells = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return "<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + f"</tr></thead><tbody>{cells}</tbody></table>"


def _groups(groups: list[GroupCount]) -> str:
    return _table(["类别", "本年发现", "尚未销号"], [[g.name, g.found, g.open] for g in groups])


def _figures(c: ReportContent) -> str:
    t = c.totals
    pairs = [("本年发现隐患", t.found), ("其中重大隐患", c.found_major), ("本年销号", t.closed),
             ("整改率（本年发现已销号）", _percent(t.closure_rate)), ("按期销号率", _percent(t.on_time_closure_rate)),
             ("平均整改天数（中位数）", "—" if t.median_days_to_close is None else t.median_days_to_close),
             ("当前逾期未改", t.overdue), ("整治后反弹（复发）", t.recurrences),
             ("待验收", t.awaiting_verification), ("当前未销号（一般/重大）", f"{t.open_general} / {t.open_major}")]
    rows = "".join(f"<tr><td>{a}</td><td>{b}</td><td>{x}</td><td>{y}</td></tr>"
                   for (a, b), (x, y) in zip(pairs[::2], pairs[1::2], strict=True))
    return f'<table class="figures"><tbody>{rows}</tbody></table>'


async def _appendix(c: ReportContent, store: PhotoStore) -> str:
    described = {m.hazard_id: f"{m.school_name}：{m.description}" for m in c.major_hazards}
    described |= {r.hazard_id: f"{r.school_name}：{r.description}（复发）" for r in c.recurrences}
    figures = []
    for item in c.evidence:
        thumb = await store.get(item.sha256, "thumb")
        if thumb is None:
            continue
        label = ("整改前" if item.role == "evidence" else "整改后") + " · " + described.get(item.hazard_id, "")
        figures.append(f'<figure><img alt="{escape(label)}" src="data:image/jpeg;base64,'
                       f'{base64.b64encode(thumb).decode()}"><figcaption>{escape(label)}</figcaption></figure>')
    return f'<div class="photos">{"".join(figures)}</div>' if figures else "<p>无照片佐证。</p>"


async def render(report: AnnualReportOut, store: PhotoStore) -> str:
    c = report.content
    unit_name = c.org_unit_name
    inspections = _table(["排查类型", "完成次数"], [[KIND_NAMES.get(i.kind, i.kind), i.done] for i in c.inspections])
    required = _table(["要求", "应开展", "按时完成", "逾期完成", "缺失", "未到期"],
                      [[name, r.required, r.done, r.late, r.missing, r.pending] for name, r in
                       (("学期集中排查（第十五条）", c.term_inspections), ("督查（每半年不少于一次，第十六条）", c.supervisions))])
    majors = _table(["学校", "隐患", "发现", "期限", "状态", "临时管控措施", "整改措施"],
                    [[m.school_name, m.description, m.found_on, m.due_on,
                      HAZARD_STATUS.get(m.status, m.status) + ("（逾期销号）" if m.closed_on_time is False else ""),
                      m.interim_controls or "", m.measures or ""] for m in c.major_hazards])
    recurrences = _table(["学校", "隐患", "发现"], [[r.school_name, r.description, r.found_on] for r in c.recurrences])
    orders = _table(["学校", "督办单位", "下达", "督办要求", "期限", "状态"],
                    [[o.school_name, o.issuer_name, o.issued_on, o.requirement, o.due_on,
                      f"已销号（{o.closed_on}）" if o.status == "closed" else "督办中"] for o in c.supervision_orders])
    drills = _table(["演练类型", "次数", "参与人次"], [[DRILL_NAMES.get(d.kind, d.kind), d.drills, d.participants]
                                                   for d in c.drills])
    incidents = _table(["单位", "日期", "类别", "等级", "经过", "伤亡", "损失（元）", "责任认定"],
                       [[i.unit_name, i.occurred_on, INCIDENT_CATEGORIES.get(i.category, i.category),
                         SEVERITY_NAMES.get(i.severity, i.severity), i.description,
                         f"死亡{i.deaths}人，受伤{i.injuries}人", i.losses_yuan if i.losses_yuan is not None else "",
                         RESPONSIBILITY[i.management_responsibility]] for i in c.incidents])
    units = _table(["下级单位", "本年发现", "销号", "当前逾期"], [[u.name, u.found, u.closed, u.overdue] for u in c.by_unit])
    reporting = _table(["下级单位", "年度报告", "提交时间"],
                       [[u.name, STATUS_NAMES[u.status] + ("（逾期提交）" if u.on_time is False else ""),
                         f"{u.submitted_at.astimezone(SHANGHAI):%Y-%m-%d}" if u.submitted_at else ""]
                        for u in c.units_reporting])
    state = STATUS_NAMES[report.status] + ("，数据已于提交时固定" if report.frozen else "，数据为实时生成")
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{c.year}年度安全工作报告 · {escape(unit_name)}</title>
<style>{STYLE}</style></head><body>
<h1>{c.year}年度安全工作报告</h1>
<p class="no">{escape(unit_name)} · {state} · 数据生成于 {c.generated_at.astimezone(SHANGHAI):%Y-%m-%d %H:%M}</p>
<p>根据《双鸭山市教育系统落实安全工作责任制办法》第十四条，现将本单位{c.year}年度安全工作情况报告如下。</p>
<h2>一、工作总结</h2><div class="narrative">{escape(report.narrative) or "（未填写）"}</div>
<h2>二、隐患排查开展情况</h2>{required}{inspections}
<h2>三、隐患整改情况</h2>{_figures(c)}
<h3>按类别</h3>{_groups(c.by_category)}<h3>按业务科室</h3>{_groups(c.by_section)}
{f"<h3>按下级单位</h3>{units}" if c.by_unit else ""}
<h2>四、重大隐患及处置情况</h2>{majors}
{f"<h3>挂牌督办</h3>{orders}" if c.supervision_orders else ""}
<h2>五、整治后反弹（复发）隐患</h2>{recurrences}
<h2>六、应急演练</h2>{drills}
<h2>七、安全事故、案件、事件</h2>{incidents}
{f"<h2>八、下级单位年度报告提交情况</h2>{reporting}" if c.units_reporting else ""}
<h2>附件：照片佐证</h2>{await _appendix(c, store)}
<p class="printed-at">打印时间：{datetime.now(SHANGHAI):%Y-%m-%d %H:%M}</p>
</body></html>"""
