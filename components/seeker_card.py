"""A job seeker's card at the booth: big name, the facts a recruiter asks about, the phone when allowed.

A profile left incomplete says so in plain words ("Not answered yet: Trades and skills,
Education"), and an answer never given reads "Not answered", never "No". Never the ID number.
The name and vacancy titles are user-entered: shown through `literal`.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from components.text import literal
from services.core.i18n import Translator
from services.core.reference import EDUCATION_LEVELS, GENDERS, INTENTIONS, STAGES, TRADES
from services.places.county import County
from services.recruiting.booth import SeekerCard
from services.registration.profile_labels import MISSING_LINE, NOT_ANSWERED, list_separator, missing_labels


def camera_photo(label: str, *, key: str) -> UploadedFile | None:
    """The photo taken with the device camera (a JPEG), or None."""
    return st.camera_input(label, key=key)


def _label(table: dict[str, str], code: str | None, _: Translator) -> str:
    if code is None:
        return ""
    return _(table[code]) if code in table else code


def show_seeker_card(_: Translator, card: SeekerCard, *, county: County, language: str) -> None:
    with st.container(border=True):
        st.markdown(f"## {literal(card.name)}")
        gender = _label(GENDERS, card.gender, _)
        age = _("{age} years", age=card.age)
        st.markdown(f"### {age} · {gender}")
        sep = list_separator(language)
        gap = _(NOT_ANSWERED)

        def given(group: str, value: str) -> str:
            return value if card.answered(group) and value else gap

        trades = sep.join(_label(TRADES, t, _) for t in card.trades) or _("No particular skill")
        wage = _("{amount} yuan a month", amount=f"{card.expected_wage:,}") if card.expected_wage else _("Open")
        training = "" if card.willing_to_train is None else _("Yes") if card.willing_to_train else _("No")
        township = literal(county.label(card.township, language)) if card.township else ""
        facts = [
            (_("Education"), given("education", _label(EDUCATION_LEVELS, card.education, _))),
            (_("Trades and skills"), given("trades", trades)),
            (_("Wants to work"), given("place", _label(INTENTIONS, card.intention, _))),
            (_("Expected wage"), given("wage", wage)),
            (_("Township"), township),
            (_("Willing to train"), given("training", training)),
        ]
        if not card.complete:
            st.warning(_(MISSING_LINE, groups=missing_labels(card.missing, _, language)),
                       icon=":material/edit_note:")
        st.markdown("\n".join(f"- **{name}**: {value}" for name, value in facts))
        if card.phone_allowed:
            mobile = _("Mobile")
            st.markdown(f"### :material/call: {mobile}: {card.phone}")
        else:
            st.caption(_("The phone number appears once this person applies to you or you record a stage "
                         "for one of your vacancies."))
        if card.applications:
            heading = _("With your company")
            st.markdown(f"**{heading}**")
            st.markdown("\n".join(f"- {literal(a.vacancy_title)}: **{_label(STAGES, a.stage, _)}**"
                                  for a in card.applications))
