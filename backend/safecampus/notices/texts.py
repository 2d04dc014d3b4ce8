"""The words of a notice (Simplified Chinese: they also go out by e-mail and group chat)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

_GRADE = {"general": "一般隐患", "major": "重大隐患"}


@dataclass(frozen=True, slots=True)
class Facts:
    school: str
    description: str
    grade: str
    due_on: date
    days: int = 0
    reason: str | None = None  # why proof was rejected
    order: str | None = None  # what a supervision order requires, by when, who supervises


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def words(kind: str, f: Facts) -> tuple[str, str]:
    what = f"{f.school}：{_short(f.description)}（{_GRADE.get(f.grade, f.grade)}）"
    title, detail = {
        "hazard_registered": ("新登记隐患，请按期整改", f"整改期限 {f.due_on}。"),
        "major_registered": ("辖区学校发现重大隐患", f"整改期限 {f.due_on}。"),
        "due_soon": (f"隐患整改还有 {f.days} 天到期", f"整改期限 {f.due_on}。"),
        "due_today": ("隐患整改今天到期", f"整改期限 {f.due_on}（今天）。"),
        "overdue": ("隐患已逾期未整改", f"整改期限 {f.due_on} 已过 {f.days} 天。"),
        "escalated": (f"重大隐患逾期 {f.days} 天", f"整改期限 {f.due_on}，请市局督办。"),
        "proof_waiting": ("整改佐证待验收", "学校已提交整改佐证，请验收。"),
        "proof_rejected": ("整改佐证被退回", f"退回原因：{f.reason or ''}"),
        "proof_accepted": ("隐患已验收销号", "整改佐证已通过验收。"),
        "order_issued": ("挂牌督办通知", f.order or ""),
    }[kind]
    return title, f"{what}\n{detail}"
