"""A course as a villager reads it: its kind in plain words, where, when, seats left (message ids)."""

from __future__ import annotations

from datetime import date

from models import CourseKind
from services.core.i18n import N_, Translator
from services.core.reference import TRADES

KIND_WORDS: dict[str, str] = {
    CourseKind.GUIDING: N_("Know-how for working away from home"),
    CourseKind.SKILLS: N_("Learn a trade"),
    CourseKind.TARGETED: N_("For registered poor households"),
    CourseKind.ENTREPRENEURSHIP: N_("Start your own business"),
}
COUNTY_WIDE = N_("In the county town")


def kind_text(_: Translator, kind: str, trade: str | None) -> str:
    words = _(KIND_WORDS.get(kind, kind))
    if kind == CourseKind.SKILLS and trade:
        return _("{kind}: {trade}").format(kind=words, trade=_(TRADES.get(trade, trade)))
    return words


def day_text(day: date, language: str) -> str:
    return f"{day.month}月{day.day}日" if language.startswith("zh") else day.strftime("%-d %b")


def dates_text(_: Translator, starts_on: date, ends_on: date, language: str) -> str:
    if starts_on == ends_on:
        return day_text(starts_on, language)
    return _("{start} to {end}").format(start=day_text(starts_on, language), end=day_text(ends_on, language))


def place_text(_: Translator, place_name: str, township: str, address: str) -> str:
    """The site's or fair's name, else the township; the address after it."""
    where = place_name or township or _(COUNTY_WIDE)
    return f"{where}（{address}）" if address else where
