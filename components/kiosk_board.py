"""INTERFACE STUB (owner: the kiosk-slip branch) — the job board on the kiosk, readable from a step away.

`show_kiosk_board(_, key=...)`: the phone board's filters (services.recruiting.board, the same rules)
with large cards; no links out of the kiosk (no "apply" that needs a phone: a card says to register
first, or shows the booth/contact as the phone board does).
"""

from __future__ import annotations

from services.core.i18n import Translator


def show_kiosk_board(_: Translator, *, key: str) -> None:
    """Stub until the kiosk-slip branch lands."""
