"""Helpers for the import tests."""

from __future__ import annotations

from functools import lru_cache

from babel.messages.pofile import read_po

from services.core.i18n import LOCALES_DIR, catalog


@lru_cache(maxsize=1)
def _pending() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / "pending").glob("*.po")):
        with path.open("rb") as fh:
            found.update({m.id: m.string for m in read_po(fh) if isinstance(m.id, str) and m.id and m.string})
    return found


def chinese(message: str) -> str:
    """The message's Chinese: from the catalog, or from a pending file not folded in yet (locales/pending)."""
    return catalog("zh_CN").get(message) or _pending().get(message, "")
