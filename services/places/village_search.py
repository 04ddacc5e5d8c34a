"""Finding a village by what a villager types: its characters, its pinyin or the pinyin's initials.

`search_villages(county, "yj")` finds 岩脚村 (Yanjiao). Matched, best first:

* EXACT: the whole name in characters or in full pinyin ("岩脚村", "yanjiaocun"; also with its
  township in front, "大河乡岩脚村"); EXACT_CORE: the name without 村/社区/… ("岩脚", "yanjiao",
  or its English label, "Dahe");
* NAME_PREFIX: the start of the name in characters ("岩");
* INITIALS: the start of the initials ("y", "yj", "yjc"; zh/ch/sh count as one initial);
* PINYIN: the start of the full pinyin ("yan", "yanj") or a mix of syllables and initials ("yjiao");
* SUBSTRING: characters inside the name ("脚"), or pinyin from a later syllable on ("jiao");
* TOWNSHIP: every village of a township whose name matches (characters, pinyin or initials).

Spaces, apostrophes, case, full-width letters and tone marks are ignored; ü is typed v or u
("lv", "lu"). A character with several readings (长 chang/zhang, 重, 行) matches by each
(services.places.pinyin). Among equals the preferred township (the poster's) comes first, then
the county file's order.

Pure and fast: the index is built once per county; a search tries only the villages whose
pinyin can start with the query's first three letters, and a repeated query (a page rerun) is
answered from a small cache.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

from services.places.county import County
from services.places.pinyin import (
    char_readings,
    core_name,
    display_pinyin,
    is_han,
    normalize_query,
    syllable_initials,
    village_initials,
    village_pinyin,
)

__all__ = ["Match", "VillageHit", "VillageIndex", "core_name", "display_pinyin", "normalize_query",
           "search_villages", "village_index", "village_initials", "village_pinyin"]

KEY = 3  # letters of a query's start that pick the villages to try

# per character: (reading, the initials that may stand for it other than the reading itself)
Options = tuple[tuple[tuple[str, tuple[str, ...]], ...], ...]


class Match(IntEnum):
    """How a village matched; lower is better."""

    EXACT = 0
    EXACT_CORE = 1
    NAME_PREFIX = 2
    INITIALS = 3
    PINYIN = 4
    SUBSTRING = 5
    TOWNSHIP = 6
    LISTED = 7  # empty query: the preferred township's villages


@dataclass(frozen=True)
class VillageHit:
    township: str
    village: str
    match: Match
    pinyin: str  # the village name's usual full pinyin, lower case, no spaces ("yanjiaocun")

    @property
    def value(self) -> str:
        """The place value the registration form reads: "township/village"."""
        return f"{self.township}/{self.village}"


@dataclass(frozen=True)
class _Name:
    text: str  # normalized characters
    options: Options  # per character: its readings, then the character itself
    core: int  # characters before the 村/社区 ending
    english: str  # the English label, normalized ("" when it is the Chinese name)

    @staticmethod
    def of(name: str, english: str) -> _Name:
        text = normalize_query(name)
        readings = (tuple(dict.fromkeys((*char_readings(c), c))) if is_han(c) else char_readings(c) for c in text)
        options = tuple(tuple((r, tuple(i for i in syllable_initials(r) if i != r)) for r in rs)
                        for rs in readings if rs)
        en = normalize_query(english)
        return _Name(text, options, len(normalize_query(core_name(name))), "" if en == text else en)


def _match(q: str, options: Options, start: int, core: int) -> Match | None:
    """The best way `q` reads the name's syllables from character `start` on (None: it does not).

    Each character takes the whole of one of its readings, or an initial of one (y, zh), or,
    where the query ends, the start of one ("yanj")."""
    best: Match | None = None
    n, m = len(options), len(q)
    stack = [(start, 0, True, True)]  # (character, query position, all whole readings, all initials)
    while stack:
        i, j, whole, initial = stack.pop()
        if i == n:
            continue
        rest = q[j:]
        for r, initials in options[i]:
            found: Match | None = None
            if rest.startswith(r):
                one = initial and len(r) == 1
                if j + len(r) < m:
                    stack.append((i + 1, j + len(r), whole, one))
                elif start:
                    found = Match.SUBSTRING
                elif whole and i + 1 == n:
                    found = Match.EXACT
                elif whole and i + 1 == core:
                    found = Match.EXACT_CORE
                else:
                    found = Match.INITIALS if one else Match.PINYIN
            elif r.startswith(rest):  # the query ends inside this reading
                found = Match.SUBSTRING if start else (
                    Match.INITIALS if initial and (rest in initials or len(rest) == 1) else Match.PINYIN)
            for ini in initials:
                if len(rest) > len(ini) and rest.startswith(ini):
                    stack.append((i + 1, j + len(ini), False, initial))
            if found is not None and (best is None or found < best):
                best = found
                if best == Match.EXACT:
                    return best
    return best


def _starts(options: Options, start: int) -> set[str]:
    """Every text of up to KEY letters that a query matching from character `start` can begin with."""
    found: set[str] = set()

    def walk(i: int, text: str) -> None:
        for r, initials in options[i]:
            for taken in (r, *initials):
                t = text + taken
                found.update(t[:n] for n in range(len(text) + 1, min(len(t), KEY) + 1))
                if len(t) < KEY and i + 1 < len(options):
                    walk(i + 1, t)

    walk(start, "")
    return found


class VillageIndex:
    """Every village of one county with its pinyin, built once (see `village_index`)."""

    def __init__(self, county: County):
        self.townships = tuple(t.name for t in county.townships)
        self.township_names = tuple(_Name.of(t.name, t.name_en) for t in county.townships)
        places = [(ti, v) for ti, t in enumerate(county.townships) for v in t.villages]
        self.township_of = tuple(ti for ti, _v in places)
        self.villages = tuple(v.name for _ti, v in places)
        self.pinyin = tuple(village_pinyin(v.name) for _ti, v in places)
        self.names = tuple(_Name.of(v.name, v.name_en) for _ti, v in places)
        self.english = tuple((k, n.english) for k, n in enumerate(self.names) if n.english)
        # every "township+village" in one text, to find characters with str.find
        fulls = [self.township_names[ti].text + n.text for ti, n in zip(self.township_of, self.names, strict=True)]
        self.full_names = tuple(fulls)
        self.haystack = "\n".join(fulls)
        self.offsets = _offsets(fulls)
        # the first KEY letters a query can start with -> the villages (and character) it may match from
        first: dict[str, list[int]] = {}
        later: dict[str, list[tuple[int, int]]] = {}
        for k, name in enumerate(self.names):
            for i in range(len(name.options)):
                for key in _starts(name.options, i):
                    (first.setdefault(key, []).append(k) if i == 0 else later.setdefault(key, []).append((k, i)))
        self.first = {key: tuple(dict.fromkeys(v)) for key, v in first.items()}  # tuples of ints: not tracked by gc
        self.later = {key: tuple(dict.fromkeys(v)) for key, v in later.items()}
        township_keys: dict[str, list[int]] = {}
        for ti, name in enumerate(self.township_names):
            for key in _starts(name.options, 0) if name.options else ():
                township_keys.setdefault(key, []).append(ti)
        self.township_keys = {key: tuple(v) for key, v in township_keys.items()}
        self.cached = lru_cache(maxsize=256)(self.search)

    def search(self, q: str, prefer: str | None, limit: int) -> tuple[VillageHit, ...]:
        """`q` normalized (normalize_query); uncached."""
        if limit <= 0:
            return ()
        if not q:
            ranks = {k: Match.LISTED for k, ti in enumerate(self.township_of) if self.townships[ti] == prefer}
            ranks = ranks or {k: Match.LISTED for k in range(min(limit, len(self.villages)))}
        elif any(c.isascii() for c in q):
            ranks = self._by_pinyin(q, limit)
        else:
            ranks = self._by_characters(q)
        order = sorted(ranks, key=lambda k: (ranks[k], self.townships[self.township_of[k]] != prefer, k))
        return tuple(VillageHit(self.townships[self.township_of[k]], self.villages[k], ranks[k], self.pinyin[k])
                     for k in order[:limit])

    def _by_characters(self, q: str) -> dict[int, Match]:
        ranks: dict[int, Match] = {}
        at = self.haystack.find(q)
        while at >= 0:
            k = bisect_right(self.offsets, at) - 1
            ranks[k] = self._by_name(q, k)
            at = self.haystack.find(q, self.offsets[k + 1] if k + 1 < len(self.offsets) else len(self.haystack))
        return ranks

    def _by_name(self, q: str, k: int) -> Match:
        name, full = self.names[k], self.full_names[k]
        text, township_length = name.text, len(full) - len(name.text)
        if q in (text, full):
            return Match.EXACT
        if q in (text[: name.core], full[: township_length + name.core]):
            return Match.EXACT_CORE
        if text.startswith(q):
            return Match.NAME_PREFIX
        if q in text or q not in full[:township_length]:  # inside the name, or across: "乡岩脚"
            return Match.SUBSTRING
        return Match.TOWNSHIP

    def _by_pinyin(self, q: str, limit: int) -> dict[int, Match]:
        ranks: dict[int, Match] = {}

        def add(k: int, match: Match | None) -> None:
            if match is not None and (k not in ranks or match < ranks[k]):
                ranks[k] = match

        key = q[:KEY]
        for k in self.first.get(key, ()):
            add(k, _match(q, self.names[k].options, 0, self.names[k].core))
        for k, english in self.english:
            if english.startswith(q):
                add(k, Match.EXACT_CORE if english == q else Match.PINYIN)  # "Dahe", "Xijie Community"
        if len(ranks) >= limit:  # substring and township matches rank below: none of them would show
            return ranks
        if len(q) > 1:
            for k, i in self.later.get(key, ()):
                if k not in ranks:
                    add(k, _match(q, self.names[k].options, i, 0))
        townships = {ti for ti in self.township_keys.get(key, ())
                     if _match(q, self.township_names[ti].options, 0, self.township_names[ti].core) is not None}
        townships |= {ti for ti, t in enumerate(self.township_names) if t.english and t.english.startswith(q)}
        for k, ti in enumerate(self.township_of):
            if ti in townships:
                add(k, Match.TOWNSHIP)
        return ranks


def _offsets(texts: list[str]) -> tuple[int, ...]:
    """Where each text starts in "\\n".join(texts)."""
    out, at = [], 0
    for text in texts:
        out.append(at)
        at += len(text) + 1
    return tuple(out)


_INDEXES: dict[int, tuple[County, VillageIndex]] = {}


def village_index(county: County) -> VillageIndex:
    """The county's index, built on first use (keyed by the county object: load_county caches it)."""
    entry = _INDEXES.get(id(county))
    if entry is None or entry[0] is not county:
        entry = (county, VillageIndex(county))
        if len(_INDEXES) >= 8:
            _INDEXES.clear()
        _INDEXES[id(county)] = entry
    return entry[1]


def search_villages(county: County, query: str, *, prefer_township: str | None = None,
                    limit: int = 8) -> list[VillageHit]:
    """The county's villages matching `query`, best first, at most `limit` (see the module docstring).
    An empty query lists the preferred township's villages (or the county's first `limit`)."""
    return list(village_index(county).cached(normalize_query(query), prefer_township, limit))
