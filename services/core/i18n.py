"""Translation through gettext catalogs (Babel .po files under `locales/`).

Message ids are the English text; Simplified Chinese (the default language) comes
from `locales/zh_CN/LC_MESSAGES/messages.po`. Code that only *names* a message for
later translation (validation errors, reference labels) marks it with `N_`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"
LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}

Translator = Callable[..., str]


def N_(message: str) -> str:  # noqa: N802 (gettext convention)
    """Mark a message for extraction without translating it yet."""
    return message


def normalize_language(value: str | None) -> str:
    """Map `zh`, `zh-CN`, `zh_cn`, `en-US`… to a supported language; default Chinese."""
    if not value:
        return DEFAULT_LANGUAGE
    v = value.strip().replace("-", "_").lower()
    if v.startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


@lru_cache(maxsize=len(LANGUAGES))
def catalog(language: str) -> dict[str, str]:
    path = LOCALES_DIR / language / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        cat = read_po(fh, locale=language)
    return {m.id: m.string for m in cat if m.id and isinstance(m.id, str) and m.string}


def translate(language: str, message: str, /, **values: object) -> str:
    text = catalog(language).get(message, message) if language != "en" else message
    return text.format(**values) if values else text


def translator(language: str) -> Translator:
    language = normalize_language(language)

    def _(message: str, /, **values: object) -> str:
        return translate(language, message, **values)

    return _
