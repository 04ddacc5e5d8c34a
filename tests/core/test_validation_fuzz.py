"""Fuzzing the validators (services/core/validation.py) with hypothesis: any text is either refused with the
project's own FieldError or normalized; normalizing is idempotent; a valid value round-trips through the
messy ways people type it; what a refusal suggests is itself valid. Examples: tests/fuzzing.py."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

from hypothesis import assume, example, given
from hypothesis import strategies as st

from services.core.errors import FieldError
from services.core.validation import (
    CREDIT_CODE_CHARS,
    MAX_MONTHLY_WAGE,
    MIN_AGE,
    WAGE_PLAUSIBLE_FROM,
    age_on,
    make_credit_code,
    make_resident_id,
    mask_id,
    mask_mobile,
    normalize_credit_code,
    normalize_id_number,
    normalize_mobile,
    normalize_name,
    parse_resident_id,
    parse_wage,
)
from tests.fuzzing import fuzz, mark

pytestmark = mark

TODAY = date(2026, 11, 28)
FULL_WIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})

# Text as people (and broken files) produce it: any code point, and the characters that matter most here.
typed = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789Xx -－+＋()（）０１２３４５６７８９ \u3000\t\n", max_size=30),
)
births = st.dates(date(1900, 1, 1), TODAY - timedelta(days=366 * MIN_AGE))
resident_ids = st.builds(lambda birth, seq, g, area: make_resident_id(area, birth, seq, g),
                         births, st.integers(0, 499), st.sampled_from("MF"),
                         st.sampled_from(["530627", "110101", "440305", "650102", "820000"]))
mobiles = st.builds(lambda prefix, rest: f"{prefix}{rest:08d}",
                    st.sampled_from(["130", "135", "138", "139", "150", "166", "177", "186", "199"]),
                    st.integers(0, 99_999_999))


def _messy(draw: st.DrawFn, value: str, *, separators: str = " -") -> str:
    """`value` as typed: full-width or not, separators and spaces between some characters."""
    if draw(st.booleans()):
        value = value.translate(FULL_WIDTH)
    out = []
    for ch in value:
        out.append(ch)
        if draw(st.integers(0, 5)) == 0:
            out.append(draw(st.sampled_from([*separators, "\u3000"])))
    return draw(st.sampled_from(["", " ", "\u3000"])) + "".join(out) + draw(st.sampled_from(["", " ", "\n"]))


# ------------------------------------------------------------ ID numbers

@fuzz()
@given(typed)
@example("11010119900307X")
@example("\u0660" * 18)  # Arabic-Indic digits: \d matches them, int() reads them
def test_any_id_number_is_refused_or_parsed(raw: str) -> None:
    try:
        rid = parse_resident_id(raw, today=TODAY)
    except FieldError as refused:
        assert refused.message
        return
    assert len(rid.number) == 18 and rid.number[:17].isascii() and rid.number[:17].isdigit()
    assert rid.number[17] in "0123456789X"
    assert age_on(rid.birth_date, TODAY) >= MIN_AGE
    assert parse_resident_id(rid.number, today=TODAY) == rid  # a parsed number parses again to itself


@fuzz()
@given(typed)
@example("ß¸")  # "SS" then a cedilla: upper-casing made a pair that composes
@example("C¸")  # a space dropped between a letter and a mark
def test_id_normalizing_is_idempotent(raw: str) -> None:
    once = normalize_id_number(raw)
    assert normalize_id_number(once) == once


@fuzz(0.5)
@given(st.data(), resident_ids)
def test_a_valid_id_number_round_trips_however_typed(data: st.DataObject, number: str) -> None:
    typed_as = _messy(data.draw, number)
    if data.draw(st.booleans()):
        typed_as = typed_as.lower()
    rid = parse_resident_id(typed_as, today=TODAY)
    assert rid.number == number
    assert rid.gender == ("M" if int(number[16]) % 2 else "F")
    assert f"{rid.birth_date:%Y%m%d}" == number[6:14]


@fuzz(0.5)
@given(resident_ids, st.integers(0, 16), st.sampled_from("0123456789X"))
def test_one_changed_character_is_caught(number: str, at: int, new: str) -> None:
    """MOD 11-2 finds every single substitution: the number is refused (or it is the same number)."""
    changed = number[:at] + new + number[at + 1:]
    assume(changed != number)
    try:
        parse_resident_id(changed, today=TODAY)
    except FieldError:
        return
    raise AssertionError(f"{changed} passed, changed from {number}")


@fuzz()
@given(st.text(max_size=30))
def test_a_masked_id_number_shows_at_most_ten_characters(number: str) -> None:
    masked = mask_id(number)
    assert len(masked) == len(number)
    assert sum(1 for a, b in zip(masked, number, strict=True) if a == b and a != "*") <= 10
    if len(number) == 18:
        assert masked[6:14] == "*" * 8  # the birth date never shows


# ------------------------------------------------------------ mobiles

@fuzz()
@given(typed)
@example("+86" + "1" * 200)
@example("0086 139 1234 5678")
def test_any_mobile_is_refused_or_eleven_digits(raw: str) -> None:
    try:
        number = normalize_mobile(raw)
    except FieldError as refused:
        assert refused.message
        return
    assert len(number) == 11 and number.isascii() and number.isdigit() and number[0] == "1"
    assert normalize_mobile(number) == number  # idempotent


@fuzz(0.5)
@given(st.data(), mobiles)
def test_a_valid_mobile_round_trips_however_typed(data: st.DataObject, number: str) -> None:
    assume(_valid_mobile(number))
    prefix = data.draw(st.sampled_from(["", "+86", "+86 ", "0086", "＋８６", "(+86)"]))
    assert normalize_mobile(prefix + _messy(data.draw, number)) == number
    assert mask_mobile(number)[3:7] == "****"


def _valid_mobile(number: str) -> bool:
    try:
        return normalize_mobile(number) == number
    except FieldError:
        return False


# ------------------------------------------------------------ names

@fuzz()
@given(st.text(max_size=40))
def test_any_name_is_refused_or_clean(raw: str) -> None:
    try:
        name = normalize_name(raw)
    except FieldError as refused:
        assert refused.message
        return
    assert 2 <= len(name) <= 30 and name == name.strip() and "  " not in name
    assert not any(ch.isdigit() or unicodedata.category(ch).startswith("C") for ch in name)
    assert normalize_name(name) == name  # idempotent


# ------------------------------------------------------------ credit codes

@fuzz()
@given(st.one_of(st.text(max_size=24), st.text(alphabet=CREDIT_CODE_CHARS + "IOSVZ -", max_size=22)))
def test_any_credit_code_is_refused_or_valid(raw: str) -> None:
    try:
        code = normalize_credit_code(raw)
    except FieldError as refused:
        assert refused.message
        return
    assert len(code) == 18 and all(c in CREDIT_CODE_CHARS for c in code)
    assert normalize_credit_code(code) == code


@fuzz(0.5)
@given(st.data(), st.sampled_from(["530627", "110101", "440305"]), st.integers(0, 999_999_999))
def test_a_valid_credit_code_round_trips(data: st.DataObject, area: str, serial: int) -> None:
    code = make_credit_code(area, serial)
    typed_as = _messy(data.draw, code)
    if data.draw(st.booleans()):
        typed_as = typed_as.lower()
    assert normalize_credit_code(typed_as) == code


# ------------------------------------------------------------ wages

wage_inputs = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.text(alphabet="0123456789.,，千万kKwW元块每月/ -负", max_size=14),
    st.integers(-10**7, 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
)


@fuzz()
@given(wage_inputs)
@example("0." + "0" * 400 + "1")
@example("9" * 500)
@example(5e-324)
def test_any_wage_is_refused_open_or_in_range(raw: str | int | float | None) -> None:
    try:
        wage = parse_wage(raw)
    except FieldError as refused:
        suggested = refused.values.get("value")
        if suggested is not None:  # "did you mean 4,000?": the suggestion is itself a wage that passes
            assert parse_wage(str(suggested)) == suggested
        return
    assert wage is None or WAGE_PLAUSIBLE_FROM <= wage <= MAX_MONTHLY_WAGE
    if wage is not None:
        assert parse_wage(str(wage)) == wage


@fuzz(0.5)
@given(st.integers(WAGE_PLAUSIBLE_FROM, MAX_MONTHLY_WAGE), st.sampled_from(["", "元", " 元/月", "块", "每月"]),
       st.booleans(), st.booleans())
def test_a_wage_round_trips_however_typed(wage: int, unit: str, commas: bool, full_width: bool) -> None:
    text = (f"{wage:,}" if commas else str(wage)) + unit
    if full_width:
        text = text.translate(FULL_WIDTH)
    assert parse_wage(text) == wage


# ------------------------------------------------------------ ages and dates

@fuzz()
@given(st.dates(date(1900, 1, 1), date(2100, 12, 31)), st.dates(date(1900, 1, 1), date(2100, 12, 31)))
def test_age_is_the_whole_years_since_birth(birth: date, today: date) -> None:
    assume(birth <= today)
    age = age_on(birth, today)
    assert age >= 0

    def birthday(years: int) -> date:
        year = birth.year + years
        try:
            return birth.replace(year=year)
        except ValueError:  # born 29 February: the birthday is 1 March in other years
            return date(year, 3, 1)

    assert birthday(age) <= today
    if birth.year + age + 1 <= 9999:
        assert today < birthday(age + 1)
