"""Matching a list's column headers to the import's fields, loosely: real lists write "身份证号码（必填）",
"联系 电话", "ID Number*"… Every header is normalized (full-width → half-width, spaces and "required"
marks dropped, case folded), then each column gets its best field, each field at most one column."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from services.imports.types import FIELDS, HeaderMapping, ImportField

# Marks that say whether a column must be filled: not part of the column's name.
_MARKS = re.compile(r"\((?:必填|选填|可选|必须|必需|非必填|可不填|必填项|选填项|required|optional)\)|[*※★☆]")
_BRACKETS = str.maketrans({"【": "(", "】": ")", "[": "(", "]": ")", "〔": "(", "〕": ")", "<": "(", ">": ")",
                           "《": "(", "》": ")"})
_DROP = re.compile(r"[\s_\-:：?？.。、,，'\"“”‘’]+")
_PARENTHESES = re.compile(r"\([^()]*\)")

EXACT, WITHOUT_NOTES, CONTAINED = 3, 2, 1  # how well a header matches a field's name (best first)


def normalize_header(header: str) -> str:
    """The header as compared: NFKC (full-width letters, digits, brackets and spaces to half-width),
    other brackets to round ones, no whitespace, underscores or punctuation, no "(必填)" / "*" marks,
    lower case."""
    text = unicodedata.normalize("NFKC", header).translate(_BRACKETS).casefold()
    text = _DROP.sub("", text)
    return unicodedata.normalize("NFKC", _MARKS.sub("", text))  # again: a dropped space can let two marks compose


def _without_notes(text: str) -> str:
    """The normalized header without any parenthesized note, e.g. 年龄(周岁) → 年龄."""
    return _PARENTHESES.sub("", text)


def _names(spec: ImportField) -> tuple[str, ...]:
    english = (spec.label, spec.name, spec.name.replace("_", " "))
    return tuple(dict.fromkeys(normalize_header(n) for n in (spec.header, *spec.synonyms, *english) if n))


_FIELD_NAMES: tuple[tuple[ImportField, tuple[str, ...]], ...] = tuple((spec, _names(spec)) for spec in FIELDS)


def score(header: str, spec_names: tuple[str, ...]) -> tuple[int, int]:
    """(how well, how long the matched name): EXACT on the normalized header, WITHOUT_NOTES when equal once the
    parenthesized notes of both are dropped, CONTAINED when the header holds a Chinese name of 2 characters or
    more (not an English one: "age" is in "village")."""
    text = normalize_header(header)
    if not text:
        return 0, 0
    if text in spec_names:
        return EXACT, len(text)
    bare = _without_notes(text)
    if bare and any(bare == _without_notes(n) for n in spec_names):
        return WITHOUT_NOTES, len(bare)
    contained = [len(n) for n in spec_names if len(n) >= 2 and not n.isascii() and n in bare]
    if contained:
        return CONTAINED, max(contained)
    return 0, 0


def match_headers(headers: Sequence[str]) -> HeaderMapping:
    """Each column's best field (each field once, better matches first); unknown headers; required fields
    that no column matches."""
    candidates = []
    for index, header in enumerate(headers):
        for order, (spec, names) in enumerate(_FIELD_NAMES):
            how, length = score(header, names)
            if how:
                candidates.append((-how, -length, index, order, spec.name))
    candidates.sort()
    columns: dict[int, str] = {}
    taken: set[str] = set()
    for _, _, index, _, name in candidates:
        if index not in columns and name not in taken:
            columns[index] = name
            taken.add(name)
    unknown = tuple(h for i, h in enumerate(headers) if i not in columns and h.strip())
    missing = tuple(spec.name for spec in FIELDS if spec.required and spec.name not in taken)
    return HeaderMapping(columns=dict(sorted(columns.items())), unknown=unknown, missing=missing)
