"""The closed vocabularies of the domain (glossary of DESIGN.md), defined once."""

from __future__ import annotations

from typing import Literal, get_args

Role = Literal["admin", "bureau_viewer", "inspector", "principal", "school_officer"]
OrgKind = Literal["city_bureau", "county_bureau", "direct_unit", "school"]
SchoolType = Literal["kindergarten", "primary", "junior", "senior", "nine_year", "vocational", "special", "private",
                     "training_institution"]
InspectionKind = Literal["daily", "term_start", "term_mid", "term_end", "supervision_general", "supervision_special"]
TermInspectionKind = Literal["term_start", "term_mid", "term_end"]  # 第十五条: three per school per term
SUPERVISION_KINDS: tuple[str, ...] = ("supervision_general", "supervision_special")  # 第十六条
Season = Literal["autumn", "spring"]
SupervisionKind = Literal["supervision_general", "supervision_special"]  # 综合督查, 专项督查 (第十六条)
Grade = Literal["general", "major"]
HazardStatus = Literal["open", "rectifying", "submitted", "closed"]
DutyHolder = Literal["unit", "main_leader", "safety_deputy", "other_leader", "safety_committee"]
LeaderRole = Literal["main_leader", "safety_deputy", "other_leader"]  # 第七条, 第八条, 第九条

ROLES: tuple[str, ...] = get_args(Role)
DrillKind = Literal["fire_evacuation", "earthquake", "flood", "stampede", "intruder", "gas_poisoning", "food_safety",
                    "other"]
IncidentCategory = Literal["accident", "case", "event"]  # 事故、案件、事件
IncidentType = Literal["traffic", "drowning", "fire", "food_poisoning", "violence", "bullying", "injury", "disease",
                       "building", "other"]
Severity = Literal["general", "larger", "major", "especially_major"]  # 一般、较大、重大、特别重大
TERM_KINDS: tuple[str, ...] = get_args(TermInspectionKind)
# 第四章 奖惩: the items of the articles, coded by article and item (art19_3 = 第十九条(三)).
AccountabilityTrigger = Literal["art19_1", "art19_2", "art19_3", "art19_4", "art19_5", "art19_6", "art19_7"]
# 第二十条: 通报批评, 诫勉, 停职检查, 调整职务, 责令辞职, 降职, 免职, 党纪政务处分, 移交监察机关.
AccountabilityMeasure = Literal["circulated_criticism", "admonishment", "suspension_for_inspection", "reassignment",
                                "ordered_resignation", "demotion", "dismissal", "disciplinary_sanction",
                                "referral_to_supervision"]
Exemption = Literal["art22_1", "art22_2"]  # 第二十二条: 免除问责
Mitigation = Literal["art23_1", "art23_2", "art23_3"]  # 第二十三条: 从轻、减轻问责
CommendationGround = Literal["art17_1", "art17_2", "art17_3", "art17_4", "art17_5"]
CaseStatus = Literal["preparing", "decided", "dropped"]
CommendationStatus = Literal["proposed", "approved", "rejected"]
