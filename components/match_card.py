""""Jobs for you" pieces on the ticket (components/ticket_view.show_matches): one card per job that
fits, with its reasons (and a link to the job, except on the kiosk: `links=False`); and, where the
person's trades find nothing, why in plain words with the closest jobs and the answers that would find
better ones (services/recruiting/match_gaps.py).
"""

from __future__ import annotations

import streamlit as st

from components import routes
from components.text import literal
from services.core.i18n import Translator
from services.core.reference import SCOPES
from services.places.geography import city_label
from services.recruiting.match_gaps import Closest, Explanation
from services.recruiting.matching import VacancyMatch
from services.recruiting.rules import money, wage_figure


def _wage(_: Translator, low: int, high: int) -> str:
    return _("{wage} yuan/month").format(wage=wage_figure(low, high))


def _place(_: Translator, city: str, scope: str, language: str) -> str:
    return f"{city_label(city, language)} · {_(SCOPES.get(scope, scope))}"


def _see_job(_: Translator, vacancy_id: int) -> None:
    st.page_link(routes.file("jobs"), label=_("See this job"), icon="➡️",
                 query_params={"vacancy": str(vacancy_id)})


def show_match_card(_: Translator, match: VacancyMatch, language: str, *, links: bool = True) -> None:
    with st.container(border=True):
        st.markdown(f"**{literal(match.title)}**  \n{literal(match.employer_name)}")
        wage, place = _wage(_, match.wage_min, match.wage_max), _place(_, match.city, match.scope, language)
        st.markdown(f"**{literal(wage)}** · {literal(place)}")
        reasons = [r.text(_) for r in match.reasons]
        if reasons:
            st.markdown("  \n".join(f":green[✓ {literal(r)}]" for r in reasons))
        left = _("About {left} yuan left each month").format(left=money(match.pay_left))
        if match.rent:
            left += " · " + _("Less an estimated rent of {rent} yuan/month ({city})").format(
                rent=money(match.rent), city=literal(city_label(match.city, language)))
        st.caption(literal(left))
        st.caption(" · ".join(literal(r.text(_)) for r in match.rules))
        if links:
            _see_job(_, match.vacancy_id)


def _closest_card(_: Translator, job: Closest, language: str, links: bool) -> None:
    with st.container(border=True):
        st.markdown(f"**{literal(job.title)}**  \n{literal(job.employer_name)}")
        st.markdown(f"{literal(_wage(_, job.wage_min, job.wage_max))} · "
                    f"{literal(_place(_, job.city, job.scope, language))}")
        st.markdown("  \n".join(f":orange[✗ {literal(r.text(_))}]" for r in job.failed))
        if links:
            _see_job(_, job.vacancy_id)


def show_missing(_: Translator, explanation: Explanation, language: str, *, links: bool = True) -> None:
    """Why the person's trades find nothing (each trade: the reasons, then its closest jobs), and
    the answers that would find better jobs."""
    for gap in explanation.trades:
        st.warning("  \n".join(literal(r.text(_)) for r in gap.reasons), icon="🔎")
        if gap.closest:
            st.caption(_("The closest jobs, and what they ask for that you do not meet:"))
            for job in gap.closest:
                _closest_card(_, job, language, links)
    for hint in explanation.hints:
        st.info(literal(hint.text(_)), icon="💡")
