"""Loose header matching: full-width brackets and spaces, "required" marks, synonyms, English labels; each
field once, unknown headers and missing required fields. No database."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from services.core.i18n import translate
from services.imports.headers import match_headers, normalize_header
from services.imports.types import FIELD_BY_NAME, FIELDS

REQUIRED = tuple(f.name for f in FIELDS if f.required)


def test_template_headers_map_every_field():
    mapping = match_headers([f.header for f in FIELDS])
    assert mapping.columns == {i: f.name for i, f in enumerate(FIELDS)}
    assert mapping.unknown == () and mapping.missing == () and mapping.ok


def test_a_real_village_list():
    headers = ["序号", "姓名（必填）", "身份证号码*", "联系 电话", "乡（镇）", "村（社区）", "户主身份证号",
               "年龄(周岁)", "性别", "期望工资（元/月）", "备注", ""]
    mapping = match_headers(headers)
    assert mapping.columns == {1: "name", 2: "id_number", 3: "phone", 4: "township", 5: "village", 7: "age",
                               8: "gender", 9: "expected_wage"}
    assert mapping.unknown == ("序号", "户主身份证号", "备注")  # the head's ID is not the person's; "" not listed
    assert mapping.ok


def test_each_field_once_the_better_header_wins():
    mapping = match_headers(["户主身份证号", "身份证号码", "姓名", "名字"])
    assert mapping.columns == {1: "id_number", 2: "name"}
    assert mapping.unknown == ("户主身份证号", "名字")
    assert set(mapping.missing) == {"phone", "township", "village"}
    assert not mapping.ok


def test_a_longer_header_holding_a_name():
    mapping = match_headers(["劳动力身份证号码", "本人手机号码", "所属乡镇", "所在村名", "劳动力姓名"])
    assert mapping.columns == {0: "id_number", 1: "phone", 2: "township", 3: "village", 4: "name"}


def test_english_labels_and_field_names():
    labels = [translate("en", f.label) for f in FIELDS]
    assert match_headers(labels).columns == {i: f.name for i, f in enumerate(FIELDS)}
    assert match_headers([f.name.upper() for f in FIELDS]).columns == {i: f.name for i, f in enumerate(FIELDS)}
    # an English word inside another is no match: "age" in "Village", "average"
    assert match_headers(["Village", "Average"]).columns == {0: "village"}


def test_missing_lists_required_fields_only():
    assert match_headers(["姓名", "身份证号", "手机号"]).missing == ("township", "village")
    assert match_headers([]).missing == REQUIRED


def test_normalize():
    assert normalize_header(" 身份证号码（必填） ") == "身份证号码"
    assert normalize_header("【必填】手机　号") == "手机号"
    assert normalize_header("ＩＤ Number *") == "idnumber"


FULL_WIDTH = str.maketrans({"(": "（", ")": "）"})
_spaces = st.sampled_from([" ", "\u3000", "\t", "  ", "\n"])
_marks = st.sampled_from(["", "*", "＊", "（必填）", "(必填)", "(选填)", "【必填】", " (Required)", "※"])


@st.composite
def decorated(draw: st.DrawFn, header: str) -> str:
    chars = list(header.translate(FULL_WIDTH) if draw(st.booleans()) else header)
    for _ in range(draw(st.integers(0, 3))):
        chars.insert(draw(st.integers(0, len(chars))), draw(_spaces))
    text = "".join(chars)
    if header.isascii():
        text = "".join(c.upper() if draw(st.booleans()) else c.lower() for c in text)
    mark = draw(_marks)
    return mark + text if draw(st.booleans()) and mark in ("*", "＊", "※") else text + mark


_every_name = [(f.name, n) for f in FIELDS for n in (f.header, *f.synonyms, translate("en", f.label))]


@given(st.sampled_from(_every_name).flatmap(lambda pair: st.tuples(st.just(pair[0]), decorated(pair[1]))))
def test_decorated_headers_still_match(pair):
    field, header = pair
    assert match_headers([header]).columns == {0: field}, header


@given(st.lists(st.sampled_from(FIELDS), unique=True, min_size=1).flatmap(
    lambda specs: st.tuples(st.just(specs), st.tuples(*(decorated(s.header) for s in specs)))))
def test_decorated_template_headers_in_any_order(specs_headers):
    specs, headers = specs_headers
    mapping = match_headers(list(headers))
    assert mapping.columns == {i: s.name for i, s in enumerate(specs)}
    assert set(mapping.missing) == {n for n in REQUIRED if FIELD_BY_NAME[n] not in specs}
