"""A list's township and village cells, read as the county's names, with the closest match offered.

A name is taken without doubt when it is the county's name itself, or that name without its ending
("岩脚" or "岩脚村委会" for 岩脚村, "大河" for 大河乡): the registration form's rules then check it
(services/registration/forms.py). A name that is not the county's gets a suggestion: the name that
reads the same in pinyin (岩角村 → 岩脚村), else the closest in characters; a village of another
township says which.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from services.imports.cells import folded
from services.places.county import County
from services.places.pinyin import core_name, village_pinyin

TOWNSHIP_ENDINGS = ("街道办事处", "街道", "乡", "镇")


def township_core(name: str) -> str:
    for ending in TOWNSHIP_ENDINGS:
        if name.endswith(ending) and len(name) > len(ending):
            return name[: -len(ending)]
    return name


@dataclass(frozen=True)
class Places:
    """One county's names, indexed for the cells' look-ups (built once per check)."""

    townships: dict[str, str]  # a township's name, and its name without ending -> its name
    villages: dict[str, dict[str, str]]  # township -> (a village's name or core -> its name)
    township_sounds: dict[str, str]  # the pinyin of a township's core -> its name
    village_sounds: dict[str, dict[str, str]]  # township -> (the pinyin of a village's core -> its name)

    @staticmethod
    def of(county: County) -> Places:
        townships: dict[str, str] = {}
        villages: dict[str, dict[str, str]] = {}
        township_sounds: dict[str, str] = {}
        village_sounds: dict[str, dict[str, str]] = {}
        for t in county.townships:
            townships.setdefault(township_core(t.name), t.name)
            township_sounds.setdefault(village_pinyin(township_core(t.name)), t.name)
            names = villages.setdefault(t.name, {})
            sounds = village_sounds.setdefault(t.name, {})
            for v in t.villages:
                names.setdefault(core_name(v.name), v.name)
                sounds.setdefault(village_pinyin(core_name(v.name)), v.name)
            names.update({v.name: v.name for v in t.villages})
        townships.update({t.name: t.name for t in county.townships})
        return Places(townships, villages, township_sounds, village_sounds)

    def township(self, cell: str) -> str | None:
        """The township a cell names without doubt, or None."""
        text = folded(cell)
        return self.townships.get(text) or self.townships.get(township_core(text))

    def village(self, township: str, cell: str) -> str | None:
        """The village of `township` a cell names without doubt, or None."""
        names = self.villages.get(township, {})
        text = folded(cell)
        return names.get(text) or names.get(core_name(text))

    def suggest_township(self, cell: str) -> str | None:
        """The closest township to a name that is none: the same in pinyin, else by characters."""
        core = township_core(folded(cell))
        if not core:
            return None
        by_sound = self.township_sounds.get(village_pinyin(core))
        if by_sound:
            return by_sound
        close = difflib.get_close_matches(core, list(self.townships), n=1, cutoff=0.5)
        return self.townships[close[0]] if close else None

    def find_village(self, cell: str) -> list[tuple[str, str]]:
        """Every (township, village) whose village a cell names without doubt, in the county's order."""
        found = ((t, self.village(t, cell)) for t in self.villages)
        return [(t, v) for t, v in found if v]

    def suggest_village(self, township: str | None, cell: str) -> tuple[str, str] | None:
        """(township, village) closest to a village name that is none: the same in pinyin, else the
        closest by characters; in the township first."""
        core = core_name(folded(cell))
        if not core:
            return None
        order = [township] if township in self.villages else []
        order += [t for t in self.villages if t != township]
        sound = village_pinyin(core)
        for t in order:
            found = self.village_sounds[t].get(sound)
            if found:
                return t, found
        for t in order:
            close = difflib.get_close_matches(core, list(self.villages[t]), n=1, cutoff=0.5)
            if close:
                return t, self.villages[t][close[0]]
        return None

