"""The Chinese wording of the items of 第十七条, 第十九条, 第二十条, 第二十二条 and 第二十三条,
for summaries and exports (the PWA has its own copy in i18n.js, with English)."""

from __future__ import annotations

from typing import Final

TRIGGERS: Final = {
    "art19_1": "第十九条(一) 不重视、不履职、不作为，隐患整改落实不到位",
    "art19_2": "第十九条(二) 发生负有管理责任的较大以上安全事故或有较大社会影响案件(事件)",
    "art19_3": "第十九条(三) 重大安全隐患排查不力或整改不及时",
    "art19_4": "第十九条(四) 没有采取有效整治措施或整治后出现反弹",
    "art19_5": "第十九条(五) 分管领域发生的事故(案件、事件)处置不力",
    "art19_6": "第十九条(六) 没有完成年度安全工作目标或考评不合格",
    "art19_7": "第十九条(七) 依法依规需要问责的其他事项",
}
MEASURES: Final = {
    "circulated_criticism": "通报批评", "admonishment": "诫勉", "suspension_for_inspection": "停职检查",
    "reassignment": "调整职务", "ordered_resignation": "责令辞职", "demotion": "降职", "dismissal": "免职",
    "disciplinary_sanction": "党纪政务处分", "referral_to_supervision": "移交监察机关",
}
# 第二十条 names measures for 责任人员 (people); a unit itself can only be criticised in a circular.
UNIT_MEASURES: Final = frozenset({"circulated_criticism"})
EXEMPTIONS: Final = {
    "art22_1": "第二十二条(一) 性质轻微并及时采取补救措施，没有造成危害后果",
    "art22_2": "第二十二条(二) 初次发生，危害后果轻微并及时采取补救措施",
}
MITIGATIONS: Final = {
    "art23_1": "第二十三条(一) 认真履行本岗位安全职责，全面落实上级安全工作部署",
    "art23_2": "第二十三条(二) 科学指挥、救援，避免次生、衍生事故",
    "art23_3": "第二十三条(三) 信息发布及时、舆情应对得当、善后处置到位",
}
# 第二十二条 and 第二十三条 speak of incidents within the subject's remit (第十九条(二)(五)).
INCIDENT_TRIGGERS: Final = frozenset({"art19_2", "art19_5"})
GROUNDS: Final = {
    "art17_1": "第十七条(一) 认真贯彻安全工作方针政策，在安全工作岗位上做出重要贡献",
    "art17_2": "第十七条(二) 解决长期存在的重大隐患问题取得显著成效",
    "art17_3": "第十七条(三) 在抢险抢救中采取有效措施，减轻风险、减少伤亡和损失",
    "art17_4": "第十七条(四) 安全工作基础扎实，安全管理形势显著改善",
    "art17_5": "第十七条(五) 其他应当表彰奖励情形",
}
STATUSES: Final = {"preparing": "调查中", "decided": "已决定", "dropped": "不予问责", "proposed": "已提出",
                   "approved": "已批准", "rejected": "未批准"}
