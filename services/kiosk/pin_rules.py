"""The kiosk PIN's rules, without a database: 4 to 8 digits, not all the same digit, not digits counting
up or down (1234, 8765, 7890). Full-width digits and spaces typed on a Chinese keyboard are accepted."""

from __future__ import annotations

import unicodedata

from services.core.errors import FieldError
from services.core.i18n import N_

MIN_DIGITS, MAX_DIGITS = 4, 8
PIN_FORMAT = N_("A PIN has 4 to 8 digits (0–9), nothing else.")
PIN_TOO_EASY = N_("This PIN is too easy to guess: not all the same digit, and not digits in a row "
                  "like 1234 or 4321. Choose another one.")


def normalize_pin(raw: str | None) -> str:
    """The PIN as digits: full-width digits become ASCII, spaces are dropped (nothing is checked)."""
    return "".join(unicodedata.normalize("NFKC", raw or "").split())


def is_too_easy(pin: str) -> bool:
    """All the same digit, or each digit one more (or one less) than the one before, 9 going on to 0."""
    if len(set(pin)) == 1:
        return True
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:], strict=False)}
    return steps in ({1}, {9})


def check_pin(raw: str | None) -> str:
    """The normalized PIN, or FieldError with the message to show beside the field."""
    pin = normalize_pin(raw)
    if not (MIN_DIGITS <= len(pin) <= MAX_DIGITS) or not pin.isascii() or not pin.isdigit():
        raise FieldError(PIN_FORMAT)
    if is_too_easy(pin):
        raise FieldError(PIN_TOO_EASY)
    return pin
