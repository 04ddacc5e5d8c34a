""""Tell us more and we find you better jobs": the profile questions right under the ticket.

One box per group (services.registration.profile.PROFILE_GROUPS): taps on its large choices cost no
rerun (`on_change="ignore"`: a tap is kept in the browser and travels with the next rerun); ONE press
saves the group (`save_profile_group`). Not an st.form: a form sends its values only with its own
submit button, so a language switch before "Save" would drop the taps; these travel with any rerun,
so switching language keeps every tap, saved or not. Every group may be skipped. A saved group
folds into a line with a ✓, a short summary of the answer and a "Change" button. Answers are
pre-filled from `get_profile`, which is read once per (ticket, version): each save bumps the version,
so the profile and "Jobs for you" (components.ticket_view) are read again only then.

Widget keys start with `reg_pf_<code>_`: "Register another person" clears them with the rest of the
registration (components.registration_form.start_over), and two tickets never share an answer.
"""

from __future__ import annotations

import streamlit as st

from components import outage, runtime
from components.profile_choices import QUESTIONS, Question
from services.core.errors import FieldErrors
from services.core.i18n import Translator
from services.registration.profile import GROUP_LABELS, PROFILE_GROUPS, SeekerProfile, get_profile, save_profile_group

P = "reg_pf_"
_VERSIONS, _PROFILES, _EDITING, _ERRORS, _SAVED = (P + "versions", P + "profiles", P + "editing", P + "errors",
                                                   P + "saved")
_STAFF = P + "staff"  # ticket code -> (staff id, township scope): answered by staff (the repair queue)


# Large choices for fingers: the profile groups' pills at least 48 px high, with bigger text.
_STYLE = """<style>
[class*="st-key-reg_pf_"] [data-testid="stButtonGroup"] button { min-height: 48px; font-size: 1.05rem;
  padding-left: .9rem; padding-right: .9rem; }
</style>"""


def _key(code: str, field: str) -> str:
    return f"{P}{code}_{field}"


def version(code: str) -> int:
    return st.session_state.get(_VERSIONS, {}).get(code, 0)


def profile_of(code: str) -> SeekerProfile:
    """The saved answers, read once per session and version (not on every rerun)."""
    key = (code, version(code))
    kept = st.session_state.get(_PROFILES)
    if kept is None or kept[0] != key:
        kept = (key, get_profile(runtime.engine(), ticket_code=code))
        st.session_state[_PROFILES] = kept
    return kept[1]


def answer_value(profile: SeekerProfile, field: str) -> object:
    """A saved answer as its widget holds it (training is stored as yes/no, the wage as text)."""
    if field == "trades":
        return list(profile.trades)
    value = getattr(profile, field, None)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if field == "expected_wage":
        return "" if value is None else str(value)
    return value


def _errors(code: str, group: str) -> dict:
    return st.session_state.setdefault(_ERRORS, {}).setdefault((code, group), {})


@outage.callback  # database down: the message above the page; the taps stay
def _on_save(code: str, group: str, wage: int | None = None) -> None:
    s = st.session_state
    if wage is not None:  # "Yes, 4,000": the suggestion, also put in the box
        s[_key(code, "expected_wage")] = str(wage)
    answers: dict[str, object] = {}
    for question in QUESTIONS.get(group, ()):
        value = s.get(_key(code, question.field))
        answers[question.field] = list(value or []) if question.multi else value
    if group == "wage":
        answers["expected_wage"] = wage if wage is not None else (s.get(_key(code, "expected_wage")) or "")
    staff = s.get(_STAFF, {}).get(code)
    try:
        if staff is None:
            saved = save_profile_group(runtime.engine(), ticket_code=code, group=group, answers=answers)
        else:  # staff answer for the person: recorded in the person's history of changes
            from services.repairs.answers import answer_in_queue

            saved = answer_in_queue(runtime.engine(), ticket_code=code, group=group, answers=answers,
                                    staff_id=staff[0], township=staff[1])
    except FieldErrors as exc:
        s.setdefault(_ERRORS, {})[(code, group)] = dict(exc.errors)
        return
    s.setdefault(_ERRORS, {}).pop((code, group), None)
    s.setdefault(_VERSIONS, {})[code] = version(code) + 1
    s[_PROFILES] = ((code, version(code)), saved)  # the answers as saved: no second read
    s.setdefault(_EDITING, set()).discard((code, group))
    s[_SAVED] = (code, group)


def _on_change(code: str, group: str) -> None:
    st.session_state.setdefault(_EDITING, set()).add((code, group))
    st.session_state.pop(_SAVED, None)


def _error(_: Translator, code: str, group: str, field: str) -> tuple[str, dict] | None:
    message = _errors(code, group).get(field)
    if not message:
        return None
    text, values = message if isinstance(message, tuple) else (message, {})
    st.error(_(text).format(**values), icon="⚠️")
    return text, values


def _pills(_: Translator, code: str, group: str, question: Question, profile: SeekerProfile) -> None:
    key = _key(code, question.field)
    if key not in st.session_state:
        st.session_state[key] = answer_value(profile, question.field)
    st.pills(_(question.label), list(question.options), key=key, on_change="ignore",
             selection_mode="multi" if question.multi else "single",
             format_func=lambda c: f":material/{question.icons[c]}: {_(question.options[c])}")
    _error(_, code, group, question.field)


def _wage(_: Translator, code: str, profile: SeekerProfile) -> None:
    key = _key(code, "expected_wage")
    if key not in st.session_state:
        st.session_state[key] = answer_value(profile, "expected_wage")
    st.text_input(_("Expected monthly wage (yuan); leave empty if open"), key=key, max_chars=12,
                  placeholder=_("e.g. 4500"), autocomplete="off", on_change="ignore")
    shown = _error(_, code, "wage", "expected_wage")
    suggestion = shown[1] if shown else {}
    if "value" in suggestion:  # "did you mean 4,000?": one tap takes it
        st.button(_("Yes, {suggestion}").format(suggestion=suggestion.get("suggestion", "")), on_click=_on_save,
                  args=(code, "wage"), kwargs={"wage": suggestion["value"]}, width="stretch",
                  key=_key(code, "wage_yes"))


def _summary(_: Translator, group: str, profile: SeekerProfile) -> str:
    """The saved answer in a few words."""
    if group == "wage":
        wage = profile.expected_wage
        return _("Open") if wage is None else _("{amount} yuan a month").format(amount=f"{wage:,}")
    parts = []
    for question in QUESTIONS[group]:
        value = answer_value(profile, question.field)
        values = value if isinstance(value, list) else [value]
        parts += [_(question.options[v]) for v in values if v in question.options]
    if group == "trades" and not parts:
        return _("No particular skill")
    return "、".join(parts) if runtime.language() == "zh_CN" else ", ".join(parts)


def _group(_: Translator, code: str, group: str, profile: SeekerProfile) -> None:
    label = _(GROUP_LABELS[group])  # no icon in Markdown: it reads its English name aloud ("handyman icon")
    editing = (code, group) in st.session_state.get(_EDITING, set())
    if group in profile.answered and not editing:
        with st.container(border=True, key=_key(code, f"{group}_done")):
            st.markdown(f":green[**✓ {label}**]  \n{_summary(_, group, profile)}")
            if st.session_state.get(_SAVED) == (code, group):
                st.caption(_("Saved. Thank you!"))
            st.button(_("Change my answer"), key=_key(code, f"{group}_change"), on_click=_on_change,
                      args=(code, group), icon="✏️")
        return
    with st.container(border=True, key=_key(code, f"{group}_box")):
        st.markdown(f"**{label}**")
        if group == "wage":
            _wage(_, code, profile)
        for question in QUESTIONS.get(group, ()):
            _pills(_, code, group, question, profile)
        st.button(_("Save"), type="primary", on_click=_on_save, args=(code, group), width="stretch",
                  key=_key(code, f"{group}_save"), icon="✔️")


def render(_: Translator, code: str, *, staff: tuple[int, str | None] | None = None) -> int:
    """The questions for ticket `code`; returns the profile version ("Jobs for you" is kept per version).
    `staff`: (staff id, township scope) when staff answer for the person (the repair queue): each change is
    recorded in the person's history (services.repairs.answers)."""
    if staff is not None:
        st.session_state.setdefault(_STAFF, {})[code] = staff
    profile = profile_of(code)
    st.html(_STYLE)
    st.subheader(_("Tell us more and we find you better jobs"), anchor=False)
    st.caption(_("Every question can be skipped. Tap your answer, then press Save."))
    for group in PROFILE_GROUPS:
        _group(_, code, group, profile)
    return version(code)
