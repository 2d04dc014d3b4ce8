"""The shapes of the seed files. Decoding with these names the file and field of any mistake."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import msgspec

from safecampus.coverage.schemas import TermIn
from safecampus.orgs.schemas import UnitCode  # one pattern for the API and the files
from safecampus.vocabulary import DutyHolder, Grade, InspectionKind, LeaderRole, OrgKind, Role, SchoolType


class SeedRecord(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    pass




class UnitSeed(SeedRecord):
    code: UnitCode
    name: str
    kind: OrgKind
    parent: UnitCode | None = None
    school_type: SchoolType | None = None
    address: str | None = None
    lat: float | None = None
    lon: float | None = None
    radius_m: int | None = None


class SchoolSeed(UnitSeed, kw_only=True):
    kind: OrgKind = "school"


class DomainSeed(SeedRecord):
    code: str
    name: str


class SectionSeed(SeedRecord):
    code: str
    name: str
    article: str
    duties: str
    domains: list[DomainSeed]


class DutySeed(SeedRecord):
    code: str
    holder: DutyHolder
    article: str
    text: str
    sort_order: int


class ChecklistHeader(SeedRecord):
    code: str
    name: str
    description: str
    kinds: list[InspectionKind]
    school_types: list[SchoolType]


class ChecklistItemSeed(SeedRecord):
    code: str
    category: str
    check: str
    look_at: str
    grade: Grade
    photo_required: bool
    domain: str


class ChecklistFile(SeedRecord):
    checklist: ChecklistHeader
    item: list[ChecklistItemSeed]


class UserSeed(SeedRecord):
    username: str
    password: str
    name: str
    role: Role
    unit: str


class LeaderSeed(SeedRecord):
    unit: str
    name: str
    position: str
    duty_role: LeaderRole
    account: str | None = None


class TermSeed(TermIn, kw_only=True):
    code: str


class OrgFile(SeedRecord):
    unit: list[UnitSeed]


class SectionsFile(SeedRecord):
    section: list[SectionSeed]


class DutiesFile(SeedRecord):
    duty: list[DutySeed]


class SchoolsFile(SeedRecord):
    school: list[SchoolSeed]


class UsersFile(SeedRecord):
    user: list[UserSeed]


class LeadersFile(SeedRecord):
    leader: list[LeaderSeed]


class TermsFile(SeedRecord):
    term: list[TermSeed]


class SeedError(Exception):
    pass


F = TypeVar("F", bound=SeedRecord)


def read(path: Path, shape: type[F]) -> F:
    try:
        return msgspec.toml.decode(path.read_bytes(), type=shape)
    except (OSError, msgspec.DecodeError) as exc:
        raise SeedError(f"{path}: {exc}") from exc
