"""One cell of a village list: blank or not, its text cleaned, and what kind of repair a cleaning was.

The values themselves are normalized by the registration form's own rules (services/core/validation.py:
normalize_name, normalize_id_number, normalize_mobile); this module only names the difference between
what was typed and what those rules made of it ("before → after"), and reads the age and gender columns
that some lists carry beside the ID number.
"""

from __future__ import annotations

import re
import unicodedata

from services.imports.types import RepairKind

_FULL_WIDTH = re.compile(r"[\uff01-\uff5e]")  # full-width ASCII: digits, letters, ＋, －, （ …
_PHONE_SIGNS = re.compile(r"^\s*(\+|＋|00|００)|[\-－—()（）]")
_LOWER_X = re.compile(r"[xｘ]")
_AGE = re.compile(r"(\d{1,3})(周岁|岁)?")


def is_blank(raw: str | None) -> bool:
    """Nothing but spaces (full-width ones too)."""
    return not (raw or "").strip()


def folded(raw: str | None) -> str:
    """Full-width folded to half-width, every space removed: how a choice or a place name is compared."""
    return unicodedata.normalize("NFKC", "".join(unicodedata.normalize("NFKC", raw or "").split()))  # twice: see
    # validation._fold (a removed space lets a letter and a combining mark compose)


def repair_kind(field: str, before: str) -> RepairKind:
    """What a cleaning of `before` (already known to differ from its result) repaired, the most telling
    kind first: a phone's +86, dashes, brackets or inner spaces; an ID number's lower-case x; full-width
    characters; else stray spaces."""
    if field == "phone" and (_PHONE_SIGNS.search(before) or len(before.split()) > 1):
        return RepairKind.PHONE_FORMAT
    if field == "id_number" and _LOWER_X.search(before):
        return RepairKind.LOWER_X
    if _FULL_WIDTH.search(before):
        return RepairKind.FULL_WIDTH
    return RepairKind.SPACES


def parse_age(raw: str) -> int | None:
    """An age column's value ("45", "45岁", "４５"), or None when it is not a number of years."""
    match = _AGE.fullmatch(folded(raw))
    return int(match.group(1)) if match else None


_GENDERS = {"男": "M", "男性": "M", "m": "M", "male": "M", "女": "F", "女性": "F", "f": "F", "female": "F"}


def parse_gender(raw: str) -> str | None:
    """A gender column's value as "M" / "F" (男, 女性, M, female …), or None when it is neither."""
    return _GENDERS.get(folded(raw).casefold())
