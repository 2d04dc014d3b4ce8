from __future__ import annotations

from typing import Literal

from safecampus.schemas import Schema

ImportKind = Literal["schools", "users"]
RowAction = Literal["create", "update", "unchanged", "error"]


class RowError(Schema):
    field: str
    code: str
    message_zh: str


class RowOut(Schema):
    row: int  # the row number in the file, as Excel shows it
    action: RowAction
    name: str | None
    code: str | None = None  # schools: the school's code (derived when the file has none)
    phone: str | None = None  # users: the normalised mobile number
    username: str | None = None
    unit: str | None = None  # the county (schools) or unit (users), by name
    changes: list[str] = []  # fields an update changes
    errors: list[RowError] = []


class ImportCounts(Schema):
    rows: int
    create: int
    update: int
    unchanged: int
    error: int


class InitialPassword(Schema):
    row: int
    name: str
    phone: str
    username: str
    unit: str
    initial_password: str


class ImportReport(Schema):
    kind: ImportKind
    dry_run: bool
    committed: bool
    file_sha256: str
    counts: ImportCounts
    rows: list[RowOut]
    rows_omitted: int  # rows left out of `rows` (a very long report lists errors first)
    ignored_columns: list[str]
    # Commit of users only, shown once: the new accounts' one-time passwords, as a list and as
    # an xlsx sheet (base64) for distribution. Only their argon2 hashes are stored.
    initial_passwords: list[InitialPassword] | None = None
    initial_passwords_xlsx: str | None = None
