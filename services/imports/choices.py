"""The answers a village list writes in words, read as the codes the registration form chooses from.

A cell is accepted as the code itself, the option's label in English or in Chinese (the zh_CN catalog:
what the template's drop-down lists offer), or one of the simple words lists use instead ("初中",
"中专", "外出", "能", "不能", "是", "否", "建档立卡户"). Trades are split on 、 , ， / ； and spaces
("电焊、家政"). Which codes exist is services.core.reference's; the form's `choice` and `check_trades`
still decide (services/registration/forms.py).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from services.core.i18n import N_, translate
from services.core.reference import EDUCATION_LEVELS, INTENTIONS, LEAVE_CONSTRAINTS, POOR_HOUSEHOLD, TRADES

# the training wish (培训意愿) as a list writes it; the form's answer is yes / no (registration.forms YES_NO)
TRAINING_WISH: dict[str, str] = {"yes": N_("Willing"), "no": N_("Not willing")}
OPTIONS: dict[str, dict[str, str]] = {
    "education": EDUCATION_LEVELS, "trades": TRADES, "intention": INTENTIONS,
    "leave_constraint": LEAVE_CONSTRAINTS, "poor_household": POOR_HOUSEHOLD, "willing_to_train": TRAINING_WISH,
}

# Words real lists use, per field: code -> words (compared without spaces or punctuation, case folded).
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "education": {
        "none": ("无", "文盲", "半文盲", "未上学", "没上过学", "未上过学", "学前", "不识字"),
        "primary": ("小学", "小学文化", "小学毕业"),
        "junior": ("初中", "初级中学", "初中毕业", "初中文化"),
        "senior": ("高中", "高中毕业", "普高"),
        "vocational": ("中专", "技校", "职高", "中职", "职中", "中技", "技工学校"),
        "college": ("大专", "专科", "本科", "大学", "大学本科", "研究生", "硕士", "博士", "大专以上", "本科及以上"),
    },
    "trades": {
        "ag_machinery_repair": ("农机修理", "农机"), "welding": ("焊工", "电焊工", "焊接"),
        "housekeeping": ("家政", "家政员"), "nursing_care": ("护理", "养老", "护工", "护理员"),
        "baby_care": ("月嫂", "育婴员", "育儿嫂"), "cosmetology": ("美容", "美发", "理发"),
        "livestock_breeding": ("养殖", "畜牧"), "cattle_breeding": ("养牛",), "pig_breeding": ("养猪",),
        "cash_crop_planting": ("种植", "经济作物"), "electronics_assembly": ("电子", "电子厂"),
        "garment_sewing": ("缝纫", "服装", "制衣", "车工"), "furniture_fitting": ("家具", "木工"),
        "shoe_making": ("鞋厂",), "construction": ("建筑", "建筑工", "泥水工", "瓦工", "钢筋工"),
        "logistics": ("快递", "搬运"), "catering": ("厨师", "餐饮服务", "服务员"),
        "security_guard": ("保安员",), "cleaning": ("清洁", "保洁员", "清洁工"),
    },
    "intention": {
        "go_out": ("外出", "外出务工", "省外", "外省", "去外省", "出省", "省外务工", "外出就业"),
        "nearby": ("就近", "就近就业", "本地", "县内", "本县", "市内", "本市", "就地就业", "就近务工"),
        "either": ("都可以", "均可", "都行", "无所谓", "服从安排", "都可"),
    },
    "leave_constraint": {
        "none": ("能", "是", "可以", "能外出", "可以外出", "能离家"),
        "care": ("照顾", "照顾老人", "照顾小孩", "照顾家人", "带小孩", "照顾老人小孩"),
        "health": ("身体原因", "身体", "疾病", "生病", "残疾", "健康原因"),
        "other": ("不能", "否", "不可以", "不能外出", "其他原因"),
    },
    "poor_household": {
        "yes": ("是", "脱贫户", "贫困户", "建档立卡", "建档立卡户", "脱贫", "y"),
        "no": ("否", "不是", "非", "一般户", "非贫困户", "非脱贫户", "n"),
        "unknown": ("不清楚", "不知道", "未知"),
    },
    "willing_to_train": {
        "yes": ("愿意", "是", "想", "想参加", "愿意参加", "需要", "有", "y"),
        "no": ("不愿意", "否", "不想", "不参加", "不需要", "无", "没有", "n"),
    },
}
NO_TRADES = ("无", "没有", "暂无", "无技能", "没有技能")  # the trades question answered: none
OPEN_WAGE = ("面议", "不限", "无要求", "都可以", "随便", "不限制")  # the wage question answered: any wage
_TRADE_SPLIT = re.compile(r"[、,，/／;；]+")


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in text if c.isalnum())


_NO_TRADES = frozenset(map(_key, NO_TRADES))
_OPEN_WAGE = frozenset(map(_key, OPEN_WAGE))


@lru_cache(maxsize=len(OPTIONS))
def _lookup(field: str) -> dict[str, str]:
    """Every accepted word for the field -> its code (the labels last: a label wins over a synonym)."""
    found: dict[str, str] = {}
    for code, words in SYNONYMS.get(field, {}).items():
        found.update({_key(w): code for w in words})
    for code, label in OPTIONS[field].items():
        found.update({_key(code): code, _key(str.__str__(label)): code, _key(translate("zh_CN", label)): code})
    return found


@lru_cache(maxsize=4096)  # a list repeats a few words thousands of times
def choice_code(field: str, text: str) -> str | None:
    """The code a cell means for `field` (education, intention, leave_constraint, poor_household,
    willing_to_train), or None."""
    return _lookup(field).get(_key(text))


@lru_cache(maxsize=4096)
def trade_codes(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the codes of the trades named, the parts that name no trade), in the order written."""
    if _key(text) in _NO_TRADES:
        return (), ()
    codes: list[str] = []
    unknown: list[str] = []
    lookup = _lookup("trades")
    for part in _TRADE_SPLIT.split(unicodedata.normalize("NFKC", text)):
        words = part.split()
        if len(words) > 1 and _key(part) in lookup:  # "Electric welding": one trade with a space
            words = [part]
        for word in words:
            code = lookup.get(_key(word))
            (codes if code else unknown).append(code or word)
    return tuple(dict.fromkeys(codes)), tuple(unknown)


@lru_cache(maxsize=1024)
def is_open_wage(text: str) -> bool:
    """A wage cell saying any wage is fine ("面议", "不限")."""
    return _key(text) in _OPEN_WAGE


def options_text(field: str) -> str:
    """The field's options in Chinese, as a list cell shows them (for "expected: one of …")."""
    return "；".join(translate("zh_CN", label) for label in OPTIONS[field].values())
