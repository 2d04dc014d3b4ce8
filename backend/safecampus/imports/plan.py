"""What an import would do, row by row: the shared shape of a plan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from safecampus.imports.fields import RowProblems


@dataclass
class PlannedRow:
    row: int
    name: str | None
    problems: RowProblems = field(default_factory=RowProblems)
    code: str | None = None
    phone: str | None = None
    username: str | None = None
    unit: str | None = None
    changes: list[str] = field(default_factory=list)
    target: Any = None  # the existing record an update changes
    values: dict[str, Any] = field(default_factory=dict)  # what to write

    @property
    def action(self) -> str:
        if self.problems:
            return "error"
        if self.target is None:
            return "create"
        return "update" if self.changes else "unchanged"


def text_problem(problems: RowProblems, field_name: str, label: str, value: str | None, limit: int,
                 *, required: bool = False) -> str | None:
    """The cell's text when present and short enough; a problem otherwise."""
    if value is None:
        if required:
            problems.add(field_name, "required", f"{label}不能为空")
        return None
    if len(value) > limit:
        problems.add(field_name, "too_long", f"{label}过长（最多 {limit} 个字）")
        return None
    return value


def choice(problems: RowProblems, field_name: str, label: str, raw: str | None, read: Callable[[str], str | None],
           options_zh: str) -> str | None:
    """A value of a closed vocabulary (school type, role) from its Chinese label or code."""
    if raw is None:
        problems.add(field_name, "required", f"{label}不能为空")
        return None
    value = read(raw)
    if value is None:
        problems.add(field_name, f"unknown_{field_name}", f"{label}“{raw}”无法识别，可填：{options_zh}")
    return value


def first_seen(seen: dict[str, int], key: str | None, row: int) -> int | None:
    """The row that already used this key in the file, or None (and the key is now taken)."""
    if key is None:
        return None
    if key in seen:
        return seen[key]
    seen[key] = row
    return None
