"""A job seeker's card at the booth: the name, an age and gender line, the facts a recruiter asks about, the
phone when allowed. Compact (a few short lines), so that the stage buttons under it fit a phone's screen.

A profile left incomplete says so in plain words ("Not answered yet: Trades and skills,
Education"), and an answer never given reads "Not answered", never "No". Never the ID number.
The name and vacancy titles are user-entered: shown through `literal`.
"""

from __future__ import annotations

import streamlit as st

from components.text import literal
from services.core.i18n import Translator
from services.core.reference import EDUCATION_LEVELS, GENDERS, INTENTIONS, STAGES, TRADES
from services.places.county import County
from services.recruiting.booth import SeekerCard
from services.registration.profile_labels import MISSING_LINE, NOT_ANSWERED, list_separator, missing_labels


def label_colon(language: str) -> str:
    """The colon after a label: "：" in Chinese, ": " in English."""
    return "：" if language == "zh_CN" else ": "


def _label(table: dict[str, str], code: str | None, _: Translator) -> str:
    if code is None:
        return ""
    return _(table[code]) if code in table else code


def show_seeker_card(_: Translator, card: SeekerCard, *, county: County, language: str,
                     key: str = "seeker_card") -> None:
    with st.container(border=True, key=key):
        gender = _label(GENDERS, card.gender, _)
        age = _("{age} years", age=card.age)
        township = literal(county.label(card.township, language)) if card.township else ""
        st.markdown(f"### {literal(card.name)}")
        st.markdown(" · ".join(f"**{part}**" for part in (age, gender, township) if part))
        sep, colon = list_separator(language), label_colon(language)
        gap = _(NOT_ANSWERED)

        def given(group: str, value: str) -> str:
            return value if card.answered(group) and value else gap

        trades = sep.join(_label(TRADES, t, _) for t in card.trades) or _("No particular skill")
        wage = _("{amount} yuan a month", amount=f"{card.expected_wage:,}") if card.expected_wage else _("Open")
        training = "" if card.willing_to_train is None else _("Yes") if card.willing_to_train else _("No")
        facts = [
            (_("Trades and skills"), given("trades", trades)),
            (_("Expected wage"), given("wage", wage)),
            (_("Wants to work"), given("place", _label(INTENTIONS, card.intention, _))),
            (_("Education"), given("education", _label(EDUCATION_LEVELS, card.education, _))),
            (_("Willing to train"), given("training", training)),
        ]
        # two facts a line ("  \n" is a line break in markdown)
        st.markdown("  \n".join(" · ".join(f"{name}{colon}**{value}**" for name, value in facts[i:i + 2])
                                for i in range(0, len(facts), 2)))
        if not card.complete:
            st.caption(":material/edit_note: " + _(MISSING_LINE, groups=missing_labels(card.missing, _, language)))
        if card.phone_allowed:
            mobile = _("Mobile")
            st.markdown(f"#### :material/call: {mobile}{colon}{card.phone}")
        else:
            st.caption(_("The phone number appears once this person applies to you or you record a stage "
                         "for one of your vacancies."))
        if card.applications:
            heading = _("With your company")
            st.markdown(f"{heading}{colon}" + sep.join(f"{literal(a.vacancy_title)} **{_label(STAGES, a.stage, _)}**"
                                                   for a in card.applications))
