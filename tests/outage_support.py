"""Test-only: this branch's pending Chinese (locales/pending/*.po) in the catalog, until the lead folds
it into locales/zh_CN (`python scripts/i18n.py update`); after that it adds nothing."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from babel.messages.pofile import read_po

from services.core import i18n


def with_pending(original: Callable[[str], dict[i18n.CatalogKey, str]]) -> Callable[[str], dict]:
    @lru_cache(maxsize=len(i18n.LANGUAGES))
    def catalog(language: str) -> dict[i18n.CatalogKey, str]:
        merged = dict(original(language))
        if language == "en":
            return merged
        for path in sorted((i18n.LOCALES_DIR / "pending").glob("*.po")):
            with path.open("rb") as fh:
                for m in read_po(fh, locale=language):
                    if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string:
                        merged.setdefault((m.context, m.id) if m.context else m.id, m.string)
        return merged

    return catalog


def install() -> None:
    """For a server process started by a browser test (before Streamlit runs the app)."""
    i18n.catalog = with_pending(i18n.catalog)  # type: ignore[assignment]
