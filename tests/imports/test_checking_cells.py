"""The dry run's pure rules, without a database: repairs (hypothesis), choices, places, the summary, edits."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.core.reference import EDUCATION_LEVELS, INTENTIONS, LEAVE_CONSTRAINTS, POOR_HOUSEHOLD
from services.core.validation import make_resident_id
from services.imports.cells import parse_age, parse_gender
from services.imports.checking import apply_edits, summarize
from services.imports.choices import choice_code, trade_codes
from services.imports.places_check import Places
from services.imports.row_rules import RowChecker
from services.imports.types import (
    CheckedRow,
    CheckReport,
    HeaderMapping,
    Problem,
    ProblemKind,
    RepairKind,
)
from tests.imports.checking_rows import HEADERS, MAPPING, TODAY, cells, table

FULL = {**{chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}, " ": "\u3000"}


@pytest.fixture(scope="module")
def checker(county) -> RowChecker:
    return RowChecker(table([]), MAPPING, county, TODAY)


ids = st.builds(lambda days, seq, g: make_resident_id("530627", date(1950, 1, 1) + timedelta(days=days), seq, g),
                st.integers(0, 365 * 50), st.integers(0, 499), st.sampled_from("MF"))
phones = st.builds(lambda p, n: f"{p}{n:08d}", st.sampled_from(["139", "138", "150", "186", "177"]),
                   st.integers(0, 99_999_999))
names = st.sampled_from(["王秀兰", "李建国", "欧阳春梅", "张伟", "马丽"])


def _spaced(draw: st.DrawFn, text: str) -> str:
    """Spaces (half- or full-width) before, between and after characters."""
    space = st.sampled_from(["", " ", "\u3000", "  "])
    return draw(space) + "".join(c + draw(space) for c in text)


@st.composite
def messy_ids(draw: st.DrawFn) -> tuple[str, str]:
    number = draw(ids)
    typed = _spaced(draw, number) if draw(st.booleans()) else number
    if draw(st.booleans()):
        typed = typed.translate(str.maketrans({k: v for k, v in FULL.items() if k.isdigit()}))
    if number.endswith("X") and draw(st.booleans()):
        typed = typed.replace("X", "x").replace("Ｘ", "ｘ")
    return number, typed


@st.composite
def messy_phones(draw: st.DrawFn) -> tuple[str, str]:
    number = draw(phones)
    sep = draw(st.sampled_from(["", " ", "-", "－"]))
    typed = sep.join((number[:3], number[3:7], number[7:]))
    typed = draw(st.sampled_from(["", "+86", "+86 ", "0086", "＋８６"])) + typed
    if draw(st.booleans()):
        typed = typed.translate(str.maketrans({k: v for k, v in FULL.items() if k.isdigit()}))
    return number, typed


def _check(checker: RowChecker, **changes: str) -> CheckedRow:
    values = cells(1, **changes)
    row, _facts = checker.check(2, checker.cells(tuple(values[f] for f in MAPPING.columns.values())))
    return row


@settings(max_examples=60, deadline=None)
@given(messy_ids())
def test_an_id_number_repaired_validates_as_the_number(checker, case) -> None:
    number, typed = case
    row = _check(checker, id_number=typed)
    assert row.valid and row.draft.resident_id.number == number
    repairs = [r for r in row.repairs if r.field == "id_number"]
    if typed == number:
        assert not repairs  # a valid value is never "repaired"
    else:
        (repair,) = repairs
        assert (repair.before, repair.after) == (typed, number)
        if typed.strip().upper() == number and "x" in typed:
            assert repair.kind == RepairKind.LOWER_X


@settings(max_examples=60, deadline=None)
@given(messy_phones())
def test_a_phone_repaired_validates_as_the_number(checker, case) -> None:
    number, typed = case
    row = _check(checker, phone=typed)
    assert row.valid and row.draft.phone == number
    repairs = [r for r in row.repairs if r.field == "phone"]
    assert [(r.before, r.after) for r in repairs] == ([] if typed == number else [(typed, number)])
    if repairs and ("+" in typed or "-" in typed or " " in typed):
        assert repairs[0].kind == RepairKind.PHONE_FORMAT


@settings(max_examples=40, deadline=None)
@given(names, st.data())
def test_a_name_repaired_is_the_name(checker, name, data) -> None:
    typed = _spaced(data.draw, name) if len(name) < 3 else data.draw(st.sampled_from(["", " ", "\u3000"])) + name
    row = _check(checker, name=typed)
    assert row.draft is not None
    repairs = [r for r in row.repairs if r.field == "name"]
    assert [r.after for r in repairs] == ([] if typed == row.draft.name else [row.draft.name])
    assert all(r.kind == RepairKind.SPACES for r in repairs)


@given(ids, phones)
@settings(max_examples=40, deadline=None)
def test_valid_values_are_never_repaired(checker, number, phone) -> None:
    row = _check(checker, id_number=number, phone=phone)
    assert row.valid and not row.repairs


def test_choice_cells_accept_codes_labels_and_list_words() -> None:
    for field, options in (("education", EDUCATION_LEVELS), ("intention", INTENTIONS),
                           ("leave_constraint", LEAVE_CONSTRAINTS), ("poor_household", POOR_HOUSEHOLD)):
        for code, label in options.items():
            assert choice_code(field, code) == code
            assert choice_code(field, label) == code  # the English label
    assert choice_code("education", "中专、技校、职高") == "vocational"  # the Chinese label (drop-down)
    assert choice_code("education", " 初 中 ") == "junior"
    assert choice_code("intention", "外出务工（去外省）") == "go_out"
    leave = [choice_code("leave_constraint", w) for w in ("能", "是", "不能", "否")]
    assert leave == ["none", "none", "other", "other"]
    poor = [choice_code("poor_household", w) for w in ("是", "否", "不清楚", "建档立卡户")]
    assert poor == ["yes", "no", "unknown", "yes"]
    assert choice_code("education", "幼儿园") is None
    assert trade_codes("电焊、家政，保安/保洁 ; 养猪") == (("welding", "housekeeping", "security_guard", "cleaning",
                                                     "pig_breeding"), ())
    assert trade_codes("电焊、修车") == (("welding",), ("修车",))
    assert trade_codes("无") == ((), ())


def test_age_and_gender_cells() -> None:
    assert [parse_age(v) for v in ("45", "45岁", "４５", "四十五", "")] == [45, 45, 45, None, None]
    assert [parse_gender(v) for v in ("男", "女性", "F", " m ", "未知")] == ["M", "F", "F", "M", None]


def test_places_without_doubt_and_closest(county) -> None:
    places = Places.of(county)
    assert places.township("大河") == places.township(" 大河乡 ") == "大河乡"
    assert places.village("大河乡", "岩脚村委会") == places.village("大河乡", "岩脚") == "岩脚村"
    assert places.village("城关镇", "岩脚村") is None
    assert places.find_village("岩脚") == [("大河乡", "岩脚村")]
    assert places.suggest_village("大河乡", "岩角村") == ("大河乡", "岩脚村")  # the same sound
    assert places.suggest_township("龙全镇") == "龙泉镇"
    assert places.suggest_village("大河乡", "ABC") is None


def test_row_problems_offer_the_township_of_a_village(checker) -> None:
    row = _check(checker, township="", village="岩脚村")
    (problem,) = row.problems
    assert problem.kind == ProblemKind.BLANK
    assert problem.message == ("The township is empty: {village} is in {township}?",
                               {"village": "岩脚村", "township": "大河乡"})


def test_summary_of_a_long_file_is_short() -> None:
    kinds = [ProblemKind.PHONE, ProblemKind.BLANK, ProblemKind.PHONE, ProblemKind.ID_CHECK]
    rows = [CheckedRow(row=n, raw={}, draft=None, problems=[
        Problem(n, "手机号" if kinds[n % 4] != ProblemKind.ID_CHECK else "身份证号", "phone", "x", kinds[n % 4], "m")])
        for n in range(2, 20_002)]
    report = CheckReport(table=table([]), mapping=MAPPING, rows=rows)
    lines = summarize(report)
    assert [(line.column, line.kind, line.count) for line in lines] == [
        ("手机号", ProblemKind.PHONE, 10_000), ("身份证号", ProblemKind.ID_CHECK, 5_000),  # equal: met first first
        ("手机号", ProblemKind.BLANK, 5_000)]
    assert [p.row for p in lines[0].examples] == [2, 4, 6, 8, 10]


def test_edits_make_a_new_table() -> None:
    mapping = HeaderMapping(columns={i: f for i, f in MAPPING.columns.items() if f != "age"})
    original = table([cells(1), cells(2)])
    edited = apply_edits(original, {3: {"phone": "13900000001", "age": "50"}}, mapping=mapping)
    assert original.rows[1][2] == cells(2)["phone"]  # the original is unchanged
    assert edited.rows[1][2] == "13900000001" and edited.rows[0] == original.rows[0] + ("",)
    assert edited.headers == (*HEADERS, "年龄") and edited.rows[1][-1] == "50"
    assert (edited.row_numbers, edited.sha256) == (original.row_numbers, original.sha256)
    with pytest.raises(ValueError):
        apply_edits(original, {99: {"phone": "1"}}, mapping=mapping)


def test_empty_answers_are_not_answered(checker) -> None:
    """An empty cell leaves its profile group unanswered (saving never overwrites it); the training
    question is not on the list, so it is never answered by an import."""
    row = _check(checker, education="", trades="", expected_wage="")
    assert row.valid and not row.problems
    assert row.draft.answered == {"place", "poor_household"}
    assert (row.draft.education, row.draft.trades, row.draft.expected_wage, row.draft.willing_to_train) == (
        None, (), None, None)
    open_wage = _check(checker, expected_wage="面议", trades="无")
    assert {"wage", "trades"} <= open_wage.draft.answered
    assert (open_wage.draft.expected_wage, open_wage.draft.trades) == (None, ())
