from __future__ import annotations

from safecampus.schemas import Schema


class HazardDomainOut(Schema):
    code: str
    name: str


class SectionOut(Schema):
    code: str
    name: str
    article: str
    duties: str
    domains: list[HazardDomainOut]


class DutyTemplateOut(Schema):
    code: str
    holder: str
    article: str
    text: str
