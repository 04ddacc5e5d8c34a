"""Translation through gettext catalogs (Babel .po files under `locales/`).

Message ids are the English text; Simplified Chinese (the default language) comes
from `locales/zh_CN/LC_MESSAGES/messages.po`, the one source of the translations
(`python scripts/i18n.py update` adds the code's new ids to it). English needs no
catalog: its text is the message id.

Code that only *names* a message for later translation (validation errors, reference
labels) marks it with `N_`. Where one English word has two meanings ("Construction" the
trade, "Construction" the industry) the message gets a context: `NC_(context, message)`
names it for later, `_.pgettext(context, message)` translates it now, and `_(label)`
translates a label made by `NC_` in its own context.
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
CatalogKey = str | tuple[str, str]  # a message id, or (context, message id)


class Contextual(str):
    """A message id with its context. It *is* the English text (compares, hashes and
    prints as the plain message), and carries `context` so that `_()` finds the right
    translation."""

    context: str

    def __new__(cls, context: str, message: str) -> Contextual:
        self = super().__new__(cls, message)
        self.context = context
        return self

    def __str__(self) -> str:
        return self  # `str(label)` keeps the context: callers translate `_(str(value))`

    def __reduce__(self) -> tuple[type[Contextual], tuple[str, str]]:
        return Contextual, (self.context, str.__str__(self))

    def __repr__(self) -> str:
        return f"NC_({self.context!r}, {str.__repr__(self)})"


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet."""
    return message


def NC_(context: str, message: str) -> Contextual:
    """Mark a message with its context for extraction, without translating it yet."""
    return Contextual(context, message)


def normalize_language(value: str | None) -> str:
    """Map `zh`, `zh-CN`, `zh_cn`, `en-US`… to a supported language; default Chinese."""
    if not value:
        return DEFAULT_LANGUAGE
    v = value.strip().replace("-", "_").lower()
    if v.startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


@lru_cache(maxsize=len(LANGUAGES))
def catalog(language: str) -> dict[CatalogKey, str]:
    """The language's translations: message id → text, and (context, id) → text."""
    path = LOCALES_DIR / language / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        cat = read_po(fh, locale=language)
    return {(m.context, m.id) if m.context else m.id: m.string
            for m in cat if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string}


def _lookup(language: str, context: str | None, message: str, values: dict[str, object]) -> str:
    text = str.__str__(message)  # the English text, without a context
    if language != "en":
        text = catalog(language).get((context, text) if context else text, text)
    return text.format(**values) if values else text


def translate(language: str, message: str, /, **values: object) -> str:
    """`message` in `language`; a message made by `NC_` is looked up in its context."""
    return _lookup(language, getattr(message, "context", None), message, values)


def pgettext(language: str, context: str, message: str, /, **values: object) -> str:
    return _lookup(language, context, message, values)


class Gettext:
    """The translator the pages call `_`: `_(message, **values)`, `_.pgettext(context, message, **values)`."""

    def __init__(self, language: str):
        self.language = normalize_language(language)

    def __call__(self, message: str, /, **values: object) -> str:
        return translate(self.language, message, **values)

    def pgettext(self, context: str, message: str, /, **values: object) -> str:
        return pgettext(self.language, context, message, **values)


def translator(language: str) -> Gettext:
    return Gettext(language)
