"""Pinyin of place names, for finding a village by what a villager types (see village_search).

pypinyin is imported on first use without its phrase dictionary: that one holds about 190,000
Python objects, and every full garbage collection of the server would walk them (+70 ms each).
Single-character readings with all their heteronyms are what a search needs: 长 reads chang
and zhang, and a query matches by either.
"""

from __future__ import annotations

import os
import threading
import unicodedata
from functools import lru_cache
from types import ModuleType

SUFFIXES = ("村民委员会", "村委会", "居委会", "社区", "村", "居")  # a village name's ending
TWO_LETTER_INITIALS = ("zh", "ch", "sh")
MAX_READINGS = 3  # per character, most common first (rarer ones add more noise than finds)

_lock = threading.Lock()


def _pypinyin() -> ModuleType:
    with _lock:
        os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")  # see the module docstring
        os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")
        import pypinyin

        return pypinyin


def normalize_query(text: str) -> str:
    """What is compared: full-width folded, lower case, no tone marks, ü as v, no spaces or punctuation."""
    text = unicodedata.normalize("NFKC", text or "").casefold().replace("u:", "v").replace("ü", "v")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return "".join(c for c in unicodedata.normalize("NFC", text) if c.isalnum())


def is_han(char: str) -> bool:
    """A Chinese character (any script's letter without case outside ASCII, in fact)."""
    return unicodedata.category(char) == "Lo" and not char.isascii()


@lru_cache(maxsize=8192)
def char_readings(char: str) -> tuple[str, ...]:
    """A character's readings without tones, most common first ("长" -> ("zhang", "chang")).
    ü comes as v, and also as u ("女" -> ("nv", "nu", "ru")). Anything else reads as itself
    (folded: "Ａ" -> ("a",)); a character without pinyin too; punctuation reads as nothing."""
    folded = normalize_query(char)
    if not folded or not is_han(char):
        return (folded,) if folded else ()
    pypinyin = _pypinyin()
    found = pypinyin.pinyin(char, style=pypinyin.Style.NORMAL, heteronym=True, errors=lambda c: [[c]])
    readings: list[str] = []
    for reading in found[0] if found else []:
        text = normalize_query(reading)
        for r in (text, text.replace("v", "u")) if "v" in text else (text,):
            if r and r not in readings:
                readings.append(r)
    return tuple(readings[:MAX_READINGS]) or (folded,)


def syllable_initials(reading: str) -> tuple[str, ...]:
    """What may stand for a syllable: its first letter, and zh/ch/sh ("zhang" -> ("z", "zh"))."""
    two = reading[:2]
    return (reading[0], two) if two in TWO_LETTER_INITIALS and len(reading) > 2 else (reading[0],)


def name_readings(name: str) -> tuple[tuple[str, ...], ...]:
    """Per character of the name, its readings (characters that read as nothing left out)."""
    return tuple(r for r in (char_readings(c) for c in name) if r)


def village_pinyin(name: str, separator: str = "") -> str:
    """The usual full pinyin of a name: "岩脚村" -> "yanjiaocun" ("yan jiao cun" with separator " ")."""
    return separator.join(r[0] for r in name_readings(name))


def village_initials(name: str) -> str:
    """The initials of the usual pinyin: "岩脚村" -> "yjc"."""
    return "".join(r[0][0] for r in name_readings(name))


def core_name(name: str) -> str:
    """The name without its 村/社区/… ending ("岩脚村" -> "岩脚"); the name itself if nothing is left."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def display_pinyin(name: str) -> str:
    """A name's pinyin for an English reader: "岩脚村" -> "Yanjiao" (the ending left out)."""
    return village_pinyin(core_name(name)).capitalize()
