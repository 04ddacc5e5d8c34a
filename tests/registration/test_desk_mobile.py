"""The reason a desk worker gives for a mobile change (desk_mobile.check_reason): fast, no database.
The change itself is tested on both backends in tests/registration/test_desk.py."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.core.errors import FieldError
from services.registration.desk_mobile import MAX_REASON, check_reason


@settings(deadline=None)  # a shared machine
@given(st.text(max_size=300))
def test_a_reason_is_its_words_or_refused(raw: str) -> None:
    words = raw.split()
    try:
        reason = check_reason(raw)
    except FieldError as refused:
        assert not words or len(" ".join(words)) > MAX_REASON, refused.message
        return
    assert reason == " ".join(words) and 0 < len(reason) <= MAX_REASON


@pytest.mark.parametrize("raw", ["", "   ", "\n\t", "字" * (MAX_REASON + 1)])
def test_blank_or_too_long_reasons_are_refused(raw: str) -> None:
    with pytest.raises(FieldError):
        check_reason(raw)
