"""The target parser against what organizers type (issue 13: the page sends text, the parser refuses)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.core.errors import FieldError
from services.reporting.targets import MAX_TARGET, parse_target


@given(st.integers(min_value=0, max_value=MAX_TARGET), st.sampled_from(["{:d}", "{:,d}", " {:d} "]))
def test_whole_numbers_as_typed(value: int, shape: str) -> None:
    assert parse_target(shape.format(value)) == value


@given(st.integers(min_value=1, max_value=10**9))
def test_negative_numbers_are_refused(value: int) -> None:
    with pytest.raises(FieldError) as refused:
        parse_target(f"-{value}")
    assert refused.value.message == "A target is a whole number of people, 0 or more."


@given(st.text(alphabet=st.characters(categories=["L"]), min_size=1, max_size=6), st.integers(0, 9999))
def test_letters_are_refused(letters: str, value: int) -> None:
    for typed in (letters, f"{value}{letters}", f"{letters}{value}"):
        if typed.strip() and not typed.strip().isdigit():
            with pytest.raises(FieldError):
                parse_target(typed)
