"""Validators: published ID vectors, property tests, phone normalization, names."""

from __future__ import annotations

from datetime import date

import phonenumbers
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from services.core.validation import (
    ID_CHECK_CHARS,
    FieldError,
    make_resident_id,
    mask_id,
    normalize_mobile,
    normalize_name,
    parse_resident_id,
)

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("number", "birth", "gender"),
    [("11010519491231002X", date(1949, 12, 31), "F"), ("360426199101010071", date(1991, 1, 1), "M")],
)
def test_published_valid_vectors(number: str, birth: date, gender: str) -> None:
    rid = parse_resident_id(number, today=TODAY)
    assert (rid.number, rid.birth_date, rid.gender) == (number, birth, gender)


def test_wrong_check_character_is_refused() -> None:
    with pytest.raises(FieldError, match="last character"):
        parse_resident_id("36042619910102009X", today=TODAY)


def test_month_13_is_refused() -> None:
    with pytest.raises(FieldError, match="birth date"):
        parse_resident_id("360426199113010079", today=TODAY)


def test_full_width_digits_and_lowercase_x_are_normalized() -> None:
    assert parse_resident_id("１１０１０５１９４９１２３１００２ｘ", today=TODAY).number == "11010519491231002X"
    assert parse_resident_id("110105 19491231 002x", today=TODAY).number == "11010519491231002X"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Please enter"),
        ("1101051949123100", "18 characters"),
        ("11010519491231002XX", "18 characters"),
        ("1101051949123100AX", "17 digits"),
        ("990105194912310021", "area code"),
        ("110105203012310026", "birth date"),  # born in the future
    ],
)
def test_malformed_ids(raw: str, message: str) -> None:
    with pytest.raises(FieldError, match=message):
        parse_resident_id(raw, today=TODAY)


def test_under_16_is_refused_and_16_accepted() -> None:
    sixteen_today = make_resident_id("530627", date(2010, 11, 23), 1, "M")
    sixteen_tomorrow = make_resident_id("530627", date(2010, 11, 24), 1, "M")
    assert parse_resident_id(sixteen_today, today=TODAY).age_on(TODAY) == 16
    with pytest.raises(FieldError, match="16"):
        parse_resident_id(sixteen_tomorrow, today=TODAY)


def test_mask_shows_at_most_first_6_and_last_4() -> None:
    masked = mask_id("11010519491231002X")
    assert masked == "110105********002X"
    assert sum(ch != "*" for ch in masked) == 10


ids = st.builds(
    make_resident_id,
    st.sampled_from(["110105", "360426", "530627", "520102", "430104"]),
    st.dates(min_value=date(1930, 1, 1), max_value=date(2010, 11, 23)),
    st.integers(min_value=0, max_value=499),
    st.sampled_from(["M", "F"]),
)


@given(ids)
def test_every_generated_valid_id_passes(number: str) -> None:
    rid = parse_resident_id(number, today=TODAY)
    assert rid.number == number
    assert rid.gender == ("M" if int(number[16]) % 2 else "F")


@given(ids, st.integers(min_value=0, max_value=17), st.sampled_from("0123456789X"))
def test_any_single_changed_character_fails(number: str, position: int, replacement: str) -> None:
    assume(number[position] != replacement)
    changed = number[:position] + replacement + number[position + 1:]
    with pytest.raises(FieldError):
        parse_resident_id(changed, today=TODAY)


def test_check_alphabet_is_iso7064() -> None:
    assert ID_CHECK_CHARS == "10X98765432"


@pytest.mark.parametrize(
    "raw",
    ["13912345678", "139 1234 5678", "139-1234-5678", "+86 139 1234 5678", "+8613912345678",
     "0086 139 1234 5678", "(139) 1234 5678", "１３９１２３４５６７８", " 13912345678 "],
)
def test_phone_forms_normalize_to_11_digits(raw: str) -> None:
    assert normalize_mobile(raw) == "13912345678"


@pytest.mark.parametrize("raw", ["1391234567", "139123456789", "23912345678", "+1 415 555 0100", "abc", "10012345678"])
def test_bad_phones_are_refused(raw: str) -> None:
    with pytest.raises(FieldError):
        normalize_mobile(raw)


def test_empty_phone_asks_for_it() -> None:
    with pytest.raises(FieldError, match="Please enter"):
        normalize_mobile("  ")


prefixes = st.sampled_from(["130", "133", "135", "138", "139", "150", "158", "177", "186", "189", "199"])


@given(prefixes, st.integers(min_value=0, max_value=99_999_999),
       st.sampled_from(["", " ", "-"]), st.sampled_from(["", "+86", "+86 ", "0086"]))
def test_phone_separators_and_prefixes_never_change_the_number(prefix: str, rest: int, sep: str, cc: str) -> None:
    number = f"{prefix}{rest:08d}"
    typed = cc + sep.join([number[:3], number[3:7], number[7:]])
    assert normalize_mobile(typed) == number


@given(st.integers(min_value=10_000_000_000, max_value=19_999_999_999))
def test_eleven_digits_accepted_as_the_parsed_number_is(digits: int) -> None:
    """The shortcut for 11 digits starting with 1 accepts exactly what phonenumbers' parse accepts."""
    typed = str(digits)
    try:
        parsed = phonenumbers.parse(typed, "CN")
        accepted = parsed.country_code == 86 and phonenumbers.is_valid_number(parsed)
    except phonenumbers.NumberParseException:
        accepted = False
    try:
        assert normalize_mobile(typed) == typed and accepted
    except FieldError:
        assert not accepted


@given(st.text(max_size=40))
def test_phone_normalizer_never_crashes(raw: str) -> None:
    try:
        result = normalize_mobile(raw)
    except FieldError:
        return
    assert len(result) == 11 and result.startswith("1") and result.isdigit()


@given(st.text(max_size=60))
def test_id_parser_never_crashes(raw: str) -> None:
    try:
        rid = parse_resident_id(raw, today=TODAY)
    except FieldError:
        return
    assert len(rid.number) == 18


@pytest.mark.parametrize(("raw", "expected"), [("  王秀兰 ", "王秀兰"), ("阿依古丽·买买提", "阿依古丽·买买提"),
                                               ("Li  Wei", "Li Wei")])
def test_names(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


@pytest.mark.parametrize("raw", ["", " ", "王", "王5", "x" * 31])
def test_bad_names(raw: str) -> None:
    with pytest.raises(FieldError):
        normalize_name(raw)
