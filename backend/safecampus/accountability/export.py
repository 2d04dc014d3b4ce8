"""The cases and commendations of a subtree as an Excel workbook with Chinese headers, one
sheet each, written by xlsxwriter in constant-memory mode to a temporary file and streamed."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from pathlib import Path

from safecampus import sheets
from safecampus.accountability.articles import EXEMPTIONS, GROUNDS, MEASURES, MITIGATIONS, STATUSES, TRIGGERS
from safecampus.accountability.schemas import CaseOut, CommendationOut, EvidenceRef
from safecampus.hazards.rules import SHANGHAI

CHUNK = 64 * 1024
CASE_HEADERS = ("年度", "被问责单位", "被问责人", "职务", "问责情形（第十九条）", "事实", "证据", "状态",
                "问责方式（第二十条）", "免除问责（第二十二条）", "从轻、减轻（第二十三条）", "决定日期", "决定单位",
                "立案人", "立案时间", "决定人", "决定说明")
COMMENDATION_HEADERS = ("年度", "表彰单位", "表彰个人", "职务", "表彰情形（第十七条）", "事迹", "证据", "状态",
                        "提出单位", "提出人", "提出时间", "审批人", "审批时间", "审批意见")


def _when(moment: datetime | None) -> str:
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") if moment else ""


def _evidence(refs: Sequence[EvidenceRef]) -> str:
    return "\n".join(ref.label or f"{ref.kind} {ref.id}" for ref in refs)


def case_row(c: CaseOut) -> tuple[str | int, ...]:
    return (c.year, c.subject_unit_name, c.subject_leader.name if c.subject_leader else "",
            c.subject_leader.position if c.subject_leader else "", "\n".join(TRIGGERS[t] for t in c.triggers),
            c.facts, _evidence(c.evidence), STATUSES[c.status],
            MEASURES[c.measure] if c.measure else ("免除问责" if c.exemptions else ""),
            "\n".join(f"{EXEMPTIONS[e.item]}：{e.reason}" for e in c.exemptions),
            "\n".join(f"{MITIGATIONS[m.item]}：{m.reason}" for m in c.mitigations),
            c.decided_on.isoformat() if c.decided_on else "", c.deciding_unit_name, c.opened_by_name,
            _when(c.opened_at), c.decided_by_name or "", c.note or "")


def commendation_row(c: CommendationOut) -> tuple[str | int, ...]:
    return (c.year, c.subject_unit_name, c.subject_leader.name if c.subject_leader else "",
            c.subject_leader.position if c.subject_leader else "", "\n".join(GROUNDS[g] for g in c.grounds),
            c.facts, _evidence(c.evidence), STATUSES[c.status], c.proposing_unit_name, c.proposed_by_name,
            _when(c.proposed_at), c.reviewed_by_name or "", _when(c.reviewed_at), c.review_note or "")


def _write(path: Path, cases: list[CaseOut], commendations: list[CommendationOut]) -> None:
    sheets.write(str(path), [sheets.Table("问责案件", CASE_HEADERS, map(case_row, cases)),
                             sheets.Table("表彰奖励", COMMENDATION_HEADERS, map(commendation_row, commendations))])


async def xlsx_chunks(cases: list[CaseOut], commendations: list[CommendationOut]) -> AsyncIterator[bytes]:
    with tempfile.TemporaryDirectory(prefix="accountability-") as tmp:
        path = Path(tmp) / "accountability.xlsx"
        await asyncio.to_thread(_write, path, cases, commendations)
        with path.open("rb") as handle:
            while chunk := await asyncio.to_thread(handle.read, CHUNK):
                yield chunk
