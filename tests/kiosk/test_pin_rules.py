"""The kiosk PIN's rules (no database): 4 to 8 digits, no all-same digits, no digits in a row."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.core.errors import FieldError
from services.kiosk.pin_rules import PIN_FORMAT, PIN_TOO_EASY, check_pin, is_too_easy, normalize_pin


@pytest.mark.parametrize("pin", ["2580", "1397", "04071988", "135790", "2468", "1122"])
def test_good_pins(pin: str) -> None:
    assert check_pin(pin) == pin


@pytest.mark.parametrize("pin", ["0000", "88888888", "1234", "4321", "7890", "0987", "123456", "98765432", "9012"])
def test_easy_pins_are_refused(pin: str) -> None:
    with pytest.raises(FieldError) as refused:
        check_pin(pin)
    assert refused.value.message == PIN_TOO_EASY


@pytest.mark.parametrize("pin", ["", "123", "123456789", "12a4", "12-34", "١٢٣٥"])
def test_wrong_format(pin: str) -> None:
    with pytest.raises(FieldError) as refused:
        check_pin(pin)
    assert refused.value.message == PIN_FORMAT


def test_full_width_digits_and_spaces_are_accepted() -> None:
    assert check_pin(" ２５８０ ") == "2580"
    assert check_pin("25 80") == "2580"


@given(st.text(max_size=12))
def test_any_text_is_accepted_only_as_4_to_8_ascii_digits(raw: str) -> None:
    try:
        pin = check_pin(raw)
    except FieldError as exc:
        assert exc.message in (PIN_FORMAT, PIN_TOO_EASY)
        return
    assert pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 8 and pin == normalize_pin(raw)


@given(st.integers(4, 8), st.integers(0, 9), st.sampled_from([0, 1, 9]))
def test_runs_and_repeats_are_always_refused(length: int, start: int, step: int) -> None:
    pin = "".join(str((start + i * step) % 10) for i in range(length))
    assert is_too_easy(pin)
    with pytest.raises(FieldError):
        check_pin(pin)


@given(st.text(alphabet="0123456789", min_size=4, max_size=8))
def test_a_pin_with_two_different_steps_is_not_easy(pin: str) -> None:
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:], strict=False)}
    assert is_too_easy(pin) == (len(set(pin)) == 1 or steps in ({1}, {9}))
    if len(steps) > 1:
        assert check_pin(pin) == pin
