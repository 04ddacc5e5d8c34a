"""The village question: a box to type the village's name or pinyin, and under it the matching
villages as large single choices, with "Not in the list: use what I typed" always offered.

    place = village_picker(_, key_prefix="reg_", county=runtime.county(), language=runtime.language(),
                           prefer_township=source.township)

Draw it OUTSIDE an st.form: the list is searched again when the box's text is committed (Enter, or
leaving the box; or after a pause with `live`). Text that names exactly one village ("岩脚村", "岩脚",
"yanjiao") chooses it at once; the person sees "✓ Chosen: …" and can tap another. No database: the
search is services.places.village_search on the county file.

What is chosen stays in st.session_state in the form the registration service reads:

* `<key_prefix>place`: "township/village", or services.core.reference.OTHER (absent: nothing chosen);
* `<key_prefix>village_other`: the typed text when OTHER, else "".

Both are plain session values (not widgets), so they survive reruns, a language switch and the
confirmation step that hides the picker; the typed text is the widget `<key_prefix>village_query`
(persist_state="page"). To pre-fill (e.g. a returning person's answer) set those two values before
drawing; with OTHER and no text typed yet, the box starts with the village_other text.
"""

from __future__ import annotations

import streamlit as st

from components.text import literal
from services.core.i18n import Translator
from services.core.reference import OTHER
from services.places.county import County
from services.places.village_search import Match, core_name, display_pinyin, search_villages, village_initials

PLACE, OTHER_TEXT, QUERY, PICK = "place", "village_other", "village_query", "village_pick"

# Tap targets for fingers: each village a 48 px pill with a larger font (scoped by the pills' key class).
_CSS = """<style>
.st-key-{pick} button {{ min-height: 48px; font-size: 1.05rem; padding: 0.35rem 0.9rem; }}
</style>"""


def keys(key_prefix: str) -> dict[str, str]:
    """The session keys the picker uses, by role: place, village_other, village_query, village_pick."""
    return {role: key_prefix + role for role in (PLACE, OTHER_TEXT, QUERY, PICK)}


def typed_text(value: str | None) -> str:
    """What was typed, as it would be saved for "not in the list" (spaces collapsed)."""
    return " ".join((value or "").split())


def _picked(k: dict[str, str]) -> None:
    value = st.session_state.get(k[PICK])
    if value is None:
        st.session_state.pop(k[PLACE], None)
    else:
        st.session_state[k[PLACE]] = value
    st.session_state[k[OTHER_TEXT]] = typed_text(st.session_state.get(k[QUERY])) if value == OTHER else ""


def _typed(k: dict[str, str], county: County, prefer_township: str | None) -> None:
    """New text committed: exactly one village by that very name (characters or full pinyin) is chosen
    at once, saving a tap; otherwise "not in the list", if chosen, follows the text."""
    text = typed_text(st.session_state.get(k[QUERY]))
    exact = [h for h in search_villages(county, text, prefer_township=prefer_township, limit=2)
             if h.match <= Match.EXACT_CORE] if text else []
    if len(exact) == 1:
        st.session_state[k[PLACE]] = exact[0].value
        st.session_state[k[OTHER_TEXT]] = ""
    elif st.session_state.get(k[PLACE]) == OTHER:
        st.session_state[k[OTHER_TEXT]] = text


def place_label(county: County, value: str, language: str) -> str:
    """ "岩脚村（大河乡）" in Chinese; "Yanjiao 岩脚村 (Dahe Township)" in English (pinyin where the county
    file gives no English name)."""
    township, _sep, village = value.partition("/")
    if language == "zh_CN":
        return f"{village}（{township}）"

    def english(name: str) -> str:
        label = county.label(name, language)
        return display_pinyin(name) if label == name else label

    return f"{english(village)} {village} ({english(township)})"


def village_picker(_: Translator, *, key_prefix: str = "reg_", county: County, language: str,
                   prefer_township: str | None = None, limit: int = 8, live: bool | str = False) -> str | None:
    """Draw the village question; return the chosen place ("township/village", OTHER or None)."""
    k = keys(key_prefix)
    state = st.session_state
    chosen = state.get(k[PLACE])
    if chosen == OTHER and not state.get(k[QUERY]) and state.get(k[OTHER_TEXT]):
        state[k[QUERY]] = state[k[OTHER_TEXT]]  # pre-filled, or the box was not kept (another page)
    st.html(_CSS.format(pick=k[PICK]))
    example = _example(county, prefer_township)
    query = st.text_input(
        _("Your village: type its name or its pinyin initials (e.g. {initials} for {name})",
          initials=village_initials(example), name=example),
        key=k[QUERY], max_chars=60, autocomplete="off", placeholder=_("Village name or pinyin"),
        on_change=_typed, args=(k, county, prefer_township), live=live, persist_state="page",
    )
    typed = typed_text(query)
    hits = search_villages(county, typed, prefer_township=prefer_township, limit=limit)
    options = [h.value for h in hits]
    if chosen and chosen != OTHER and chosen not in options:
        options.insert(0, chosen)  # the choice stays in sight while another name is typed
    options.append(OTHER)
    if chosen == OTHER:
        state[k[OTHER_TEXT]] = typed
    if state.get(k[PICK]) != chosen:
        state[k[PICK]] = chosen

    def label(value: str) -> str:
        if value != OTHER:
            return place_label(county, value, language)
        if typed:
            return _("Not in the list: use “{typed}”", typed=literal(typed))
        return _("Not in the list: write your village above")

    if typed and not hits:
        st.caption(_("No village in the list matches “{typed}”. Check what you typed, or choose "
                     "“Not in the list” to use it as it is.", typed=literal(typed)))
    elif not typed:
        st.caption(_("After typing, press Enter or tap outside the box: the villages show below."))
    st.pills(_("Tap your village"), options, key=k[PICK], format_func=label, on_change=_picked, args=(k,),
             selection_mode="single", width="stretch")
    if chosen == OTHER and typed:
        st.markdown("✓ " + _("Chosen: “{typed}” (not in the list)", typed=literal(typed)))
    elif chosen and chosen != OTHER:
        st.markdown("✓ " + _("Chosen: {place}", place=label(chosen)))
    return state.get(k[PLACE])


def _example(county: County, prefer_township: str | None) -> str:
    """A village of the preferred township to show how to type: one of two characters if there is
    one (its initials are two letters, not read as an English word)."""
    names = [core_name(h.village) for h in search_villages(county, "", prefer_township=prefer_township, limit=50)]
    return next((n for n in names if len(n) == 2), names[0] if names else "岩脚")
