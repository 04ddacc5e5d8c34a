"""INTERFACE STUB (owner: the kiosk-wizard branch) — the printable ticket slip and its print button.

`show_slip(_, slip, key=..., paper="80mm"|"a6")` draws the slip on screen (QR as an inline picture,
never a /media URL) and a big "Print ticket" button that opens the browser's print dialog with only the
slip on the page, laid out for the paper (silent where Chromium runs with --kiosk-printing).
"""

from __future__ import annotations

from services.core.i18n import Translator
from services.registration.slips import Slip

PAPERS = ("80mm", "a6")


def show_slip(_: Translator, slip: Slip, *, key: str, paper: str = "80mm") -> None:
    """Stub until the kiosk-wizard branch lands."""
