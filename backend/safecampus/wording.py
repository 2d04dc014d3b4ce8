"""Chinese words for the vocabularies (vocabulary.py), for printed pages and exports; the PWA
has its own copy in pwa/i18n.js, beside the English."""

from __future__ import annotations

DRILL_NAMES = {"fire_evacuation": "消防疏散", "earthquake": "防震减灾", "flood": "防汛", "stampede": "防踩踏",
               "intruder": "反恐防暴", "gas_poisoning": "防一氧化碳中毒", "food_safety": "食品安全", "other": "其他"}
INCIDENT_CATEGORIES = {"accident": "事故", "case": "案件", "event": "事件"}
SEVERITY_NAMES = {"general": "一般", "larger": "较大", "major": "重大", "especially_major": "特别重大"}
RESPONSIBILITY = {None: "待认定", True: "有管理责任", False: "无管理责任"}
INCIDENT_TYPES = {"traffic": "交通", "drowning": "溺水", "fire": "火灾", "food_poisoning": "食物中毒", "violence": "暴力伤害",
                  "bullying": "欺凌", "injury": "意外伤害", "disease": "传染病", "building": "校舍设施", "other": "其他"}
