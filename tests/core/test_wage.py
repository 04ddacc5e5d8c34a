"""parse_wage: what a person types as the monthly wage they want, and how a mistake explains itself."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.core.errors import FieldError
from services.core.validation import MAX_MONTHLY_WAGE, WAGE_PLAUSIBLE_FROM, parse_wage


@pytest.mark.parametrize(("typed", "value"), [
    ("4500", 4500), ("4,500", 4500), ("4，500 元", 4500), ("４５００", 4500), ("4500元/月", 4500),
    ("4.5千", 4500), ("5k", 5000), ("1万", 10000), ("  3000 ", 3000), (4500, 4500), (4500.0, 4500),
    ("", None), ("   ", None), (None, None),
])
def test_accepted(typed, value) -> None:
    assert parse_wage(typed) == value


@pytest.mark.parametrize(("typed", "suggested"), [("4", 4000), ("50", 5000), ("450", 4500), ("0.5", 5000)])
def test_a_small_number_asks_did_you_mean(typed, suggested) -> None:
    with pytest.raises(FieldError) as caught:
        parse_wage(typed)
    assert caught.value.message == "Did you mean {suggestion} yuan a month?"
    assert caught.value.values == {"suggestion": f"{suggested:,}", "value": suggested}


@pytest.mark.parametrize(("typed", "start"), [
    ("-3000", "A wage cannot be below zero"), ("200000", "That is more than 100,000"), ("20万", "That is more"),
    ("abc", "Please write the wage in digits"), ("0", "Please write the monthly wage you want"),
    ("4500-5000", "Please write the wage in digits"),
])
def test_refusals_explain_themselves(typed, start) -> None:
    with pytest.raises(FieldError) as caught:
        parse_wage(typed)
    assert caught.value.message.startswith(start)


@given(st.integers(min_value=WAGE_PLAUSIBLE_FROM, max_value=MAX_MONTHLY_WAGE))
def test_every_plausible_wage_round_trips_with_and_without_separators(wage: int) -> None:
    assert parse_wage(str(wage)) == wage
    assert parse_wage(f"{wage:,}") == wage
    assert parse_wage(f"{wage}元") == wage


@given(st.integers(min_value=1, max_value=WAGE_PLAUSIBLE_FROM - 1))
def test_every_small_wage_suggests_a_plausible_one_with_the_same_digits(wage: int) -> None:
    with pytest.raises(FieldError) as caught:
        parse_wage(str(wage))
    suggested = caught.value.values["value"]
    assert WAGE_PLAUSIBLE_FROM <= suggested < 10 * WAGE_PLAUSIBLE_FROM
    assert str(suggested).rstrip("0") == str(wage).rstrip("0")


@given(st.text(max_size=12))
def test_any_text_is_a_wage_none_or_a_field_error(text: str) -> None:
    try:
        value = parse_wage(text)
    except FieldError:
        return
    assert value is None or WAGE_PLAUSIBLE_FROM <= value <= MAX_MONTHLY_WAGE
