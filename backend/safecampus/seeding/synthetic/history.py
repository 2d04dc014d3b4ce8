"""One school's five years: inspections run on the real checklist templates, an outcome
per item, the hazards found with their closed loop, and the rectification proof. Rows are
tuples in the column order of sink.COLUMNS."""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from safecampus.hazards.rules import RECURRENCE_WINDOW, default_due_on
from safecampus.seeding.synthetic.calendar import Term, Visit, visits
from safecampus.seeding.synthetic.campus import School
from safecampus.seeding.synthetic.closure import stages
from safecampus.seeding.synthetic.draw import Draw, digest

HAZARD_SHARE = 0.15  # of answered items: about 2.5 hazards per inspection, 500 per school in 5 years
DAILY_PER_TERM = 16.5  # with 3 term inspections, about 200 inspections per school in 5 years
# Inspectors on a term inspection look harder than a school's own daily round.
RELAPSE = 0.35  # chance that an item closed within 90 days fails again when it would otherwise
KIND_FACTOR = {"daily": 0.93, "term_start": 1.4, "term_mid": 1.4, "term_end": 1.4}
# Which topic templates each kind of school works through (besides the general ones).
TOPICS = {
    "fire_safety": None, "buildings_disasters": None,
    "food_health": {"kindergarten", "primary", "junior", "nine_year", "senior", "vocational", "special", "private"},
    "boarding_dormitory": {"nine_year", "senior", "vocational", "special"},
    "lab_chemicals": {"junior", "nine_year", "senior", "vocational", "private"},
    "traffic_bus": {"kindergarten", "primary", "nine_year"},
    "kindergarten": {"kindergarten"},
    "training_institution": {"training_institution"},
}
PROBLEMS = ("未落实", "不符合要求", "存在缺失", "落实不到位", "记录不全", "已损坏，未及时维修")
PLACES = ("教学楼一楼东侧", "教学楼二楼走廊", "食堂后厨", "锅炉房", "学生宿舍三楼", "操场北侧围墙", "校门口",
          "实验室", "配电室", "图书室", "体育器材室", "幼儿活动室", None, None, None)
MEASURES = ("已按要求整改完毕，并建立检查记录", "已更换损坏部件，经复查合格", "已安排专人负责，落实每日巡查",
            "已补齐台账记录并组织培训", "已联系专业单位维修，恢复正常使用")
REASONS = ("整改照片不能反映整改后状态，请补充", "整改措施不到位，需重新整改", "整改后仍存在同类问题")
CONTROLS = "设置警戒线和警示标志，暂停使用相关场所，安排专人值守"


@dataclass(frozen=True, slots=True)
class Item:
    code: str
    category: str
    check: str
    grade: str
    domain_code: str
    section_code: str
    weight: float  # how often this item fails compared with others


@dataclass(frozen=True, slots=True)
class Template:
    id: uuid.UUID
    code: str
    kinds: tuple[str, ...]
    school_types: tuple[str, ...]
    items: tuple[Item, ...]

    def fits(self, kind: str, school_type: str) -> bool:
        topic = TOPICS.get(self.code)
        return (kind in self.kinds and (not self.school_types or school_type in self.school_types)
                and (self.code not in TOPICS or topic is None or school_type in topic))


@dataclass
class Batch:
    """Rows for the four tables, handed to the sink and emptied."""

    inspections: list[tuple] = field(default_factory=list)
    results: list[tuple] = field(default_factory=list)
    hazards: list[tuple] = field(default_factory=list)
    rectifications: list[tuple] = field(default_factory=list)


def item_weights(draw: Draw, count: int) -> list[float]:
    """Lognormal, mean 1: some items (expired extinguishers, blocked exits) fail again and again."""
    spread = 0.45
    return [draw.lognormvariate(-spread * spread / 2, spread) for _ in range(count)]


def _templates_for(catalogue: list[Template], kind: str, school_type: str) -> tuple[list[Template], list[Template]]:
    fitting = [t for t in catalogue if t.fits(kind, school_type)]
    general = [t for t in fitting if t.code in ("daily_campus", "term_inspection")]
    return general, [t for t in fitting if t not in general] or general


def _place(draw: Draw, school: School) -> tuple[float, float, float, bool, float]:
    """Where the phone was: on campus, except about one inspection in a hundred."""
    accuracy = round(draw.uniform(5, 30), 1)
    distance = draw.uniform(1000, 5000) if draw.random() < 0.01 else school.radius_m * 0.7 * math.sqrt(draw.random())
    bearing = draw.random() * 2 * math.pi
    lat = school.lat + distance * math.cos(bearing) / 111_320
    lon = school.lon + distance * math.sin(bearing) / (111_320 * math.cos(math.radians(school.lat)))
    return round(lat, 6), round(lon, 6), accuracy, distance > school.radius_m + accuracy, round(distance, 1)


def school_history(draw: Draw, school: School, inspector: uuid.UUID, catalogue: list[Template],
                   school_terms: list[Term], first: date, now: datetime, batch: Batch) -> None:
    care = draw.lognormvariate(-0.08, 0.4)  # some schools have far more hazards than others
    kinds = {kind: _templates_for(catalogue, kind, school.school_type) for kind in KIND_FACTOR}
    closed_on_item: dict[str, list[tuple[datetime, uuid.UUID]]] = {}
    for visit in visits(draw, school_terms, first, now, DAILY_PER_TERM * draw.uniform(0.5, 1.5)):
        general, topical = kinds[visit.kind]
        template = draw.pick(general if draw.random() < 0.55 else topical)
        by = inspector if visit.kind != "daily" else (school.officer if draw.random() < 0.7 else school.principal)
        share = HAZARD_SHARE * care * KIND_FACTOR[visit.kind]
        inspection_id = draw.uuid()
        outcomes = []
        found = []
        for position, item in enumerate(template.items):
            roll = draw.random()
            if roll < share * item.weight:
                recurrence = _recurrence_of(closed_on_item.get(item.code, ()), visit.started_at)
                # A school watches what it has just rectified: a relapse within 90 days is the exception.
                if recurrence is None or draw.random() < RELAPSE:
                    hazard_id = draw.uuid()
                    found.append((item, hazard_id, recurrence))
                    outcomes.append("h")
                    batch.results.append((draw.uuid(), inspection_id, position, item.code, "hazard", None,
                                          hazard_id))
                    continue
            outcome = "na" if roll > 0.985 else "pass"
            outcomes.append(outcome[0])
            batch.results.append((draw.uuid(), inspection_id, position, item.code, outcome, None, None))
        content_hash = digest("inspection", inspection_id, school.id, template.id, visit.kind, visit.started_at,
                              visit.finished_at, "".join(outcomes))
        lat, lon, accuracy, off_site, distance = _place(draw, school)
        batch.inspections.append((inspection_id, school.id, template.id, visit.kind, by, visit.started_at,
                                  visit.finished_at, lat, lon, accuracy, off_site, distance, content_hash,
                                  visit.finished_at))
        for item, hazard_id, recurrence in found:
            _hazard(draw, school, inspector, by, visit, item, hazard_id, recurrence, inspection_id, content_hash,
                    closed_on_item.setdefault(item.code, []), now, batch)


def _recurrence_of(history: Iterable[tuple[datetime, uuid.UUID]], found_at: datetime) -> uuid.UUID | None:
    """The rule of the registry: the latest close-out of the same item within 90 days before."""
    recent = [(closed, hid) for closed, hid in history if found_at - RECURRENCE_WINDOW <= closed <= found_at]
    return max(recent)[1] if recent else None


def _hazard(draw: Draw, school: School, inspector: uuid.UUID, finder: uuid.UUID, visit: Visit, item: Item,
            hazard_id: uuid.UUID, recurrence: uuid.UUID | None, inspection_id: uuid.UUID, content_hash: str,
            history: list[tuple[datetime, uuid.UUID]], now: datetime, batch: Batch) -> None:
    kind, found_at = visit.kind, visit.started_at
    major_chance = 0.08 if item.grade == "major" else 0.012
    grade = "major" if draw.random() < major_chance else "general"
    loop = stages(draw, found_at, grade, kind, now)
    # A principal verifies general hazards, an inspector major ones; the officer submits proof.
    verifier = inspector if grade == "major" else school.principal
    controls = CONTROLS if grade == "major" and loop.acknowledged_at else None
    measures = draw.pick(MEASURES)
    for proof in loop.proofs:
        rectification_id = draw.uuid()
        cost = Decimal(f"{draw.days(5000 if grade == 'major' else 200, 0.9):.2f}") if draw.random() < 0.5 else None
        batch.rectifications.append((
            rectification_id, hazard_id, school.officer, proof.submitted_at, measures, controls, cost, proof.decision,
            verifier if proof.decision else None, proof.decided_at,
            draw.pick(REASONS) if proof.decision == "rejected" else None,
            digest("rectification", rectification_id, hazard_id, measures, proof.submitted_at)))
    if loop.closed_at is not None:
        history.append((loop.closed_at, hazard_id))
    batch.hazards.append((
        hazard_id, school.id, inspection_id, item.code, item.category, item.domain_code, item.section_code,
        f"{item.check}：{draw.pick(PROBLEMS)}", grade, loop.status, found_at, finder,
        default_due_on(grade, kind, found_at), draw.pick(PLACES), school.officer_name, controls,
        school.officer if loop.acknowledged_at else None, None, None, None, False, recurrence, loop.version,
        loop.closed_at, verifier if loop.closed_at else None, content_hash, visit.finished_at))
