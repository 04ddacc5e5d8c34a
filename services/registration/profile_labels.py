"""How staff lists word an incomplete profile: "Not answered" for a value never given, and the
missing groups named in plain words ("Not answered yet: Trades and skills, Education").

Which groups are missing is services.registration.profile.missing_groups (the one rule); this
module only words it, for the booth card, the recruiters' lists and the organizers' exports.
"""

from __future__ import annotations

from collections.abc import Iterable

from services.core.i18n import N_, Translator
from services.registration.profile import GROUP_LABELS

NOT_ANSWERED = N_("Not answered")  # a value of a group the person has not answered (not "No")
MISSING_HEADER = N_("Not answered yet")  # the column naming the missing groups
MISSING_LINE = N_("Not answered yet: {groups}")


def list_separator(language: str) -> str:
    return "、" if language == "zh_CN" else ", "


def missing_labels(missing: Iterable[str], _: Translator, language: str) -> str:
    """The missing groups in the reader's language, in the order asked ("" when none is missing)."""
    return list_separator(language).join(_(GROUP_LABELS[g]) if g in GROUP_LABELS else g for g in missing)
