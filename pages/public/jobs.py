"""The public job board (no sign-in): open vacancies as big cards with filters kept in the URL,
and `?vacancy=ID`: one job, the "go out or stay near" comparison, and "I am interested"."""

import streamlit as st

from components import job_board, routes, runtime
from services.core.clock import local_today
from services.core.reference import TRADES
from services.places.geography import province_label
from services.recruiting.board import board_options, compare_with_nearby, open_vacancies, vacancy_detail

PAGE_SIZE = 20
WAGES, SCOPE_CHOICES = job_board.WAGES, job_board.SCOPE_CHOICES
FILTERS = ("trade", "where", "province", "min_wage", "housing", "fair")

_ = runtime.page()
language, today = runtime.language(), local_today()
st.html(job_board.CSS)


@st.cache_data(ttl=30, show_spinner=False, max_entries=20)
def _options(db_url: str, day):
    return board_options(runtime.engine(), today=day)


# Everyone at a fair opens the same first page: share the answer for a few seconds.
@st.cache_data(ttl=10, show_spinner=False, max_entries=200)
def _board(db_url: str, day, **filters):
    return open_vacancies(runtime.engine(), today=day, **filters)


@st.cache_data(ttl=10, show_spinner=False, max_entries=500)
def _detail(db_url: str, day, vacancy_id: int):
    detail = vacancy_detail(runtime.engine(), vacancy_id=vacancy_id, today=day)
    return detail, (compare_with_nearby(runtime.engine(), vacancy_id=vacancy_id, today=day) if detail else None)


def _vacancy_param() -> int | None:
    raw = st.query_params.get("vacancy", "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None  # isdigit() alone takes "²"


vacancy_id = _vacancy_param()
if vacancy_id is not None:
    st.button(_("← All jobs"), on_click=job_board.back_to_list)
    detail, comparison = _detail(runtime.settings().effective_database_url, today, vacancy_id)
    if detail is None:
        st.warning(_("This job is no longer open. Please look at the other jobs."))
        st.stop()
    job_board.show_detail(_, detail)
    job_board.show_comparison(_, comparison)
    job_board.interest_form(_, vacancy_id)
    st.button(_("← All jobs"), on_click=job_board.back_to_list, key="back_bottom")
    st.stop()

st.title(_("Jobs"))
options = _options(runtime.settings().effective_database_url, today)
fair_names = {str(fid): name for fid, name in options.fairs}
choices = {
    "trade": [""] + options.trades, "where": list(SCOPE_CHOICES), "province": [""] + options.provinces,
    "min_wage": [""] + WAGES, "fair": [""] + list(fair_names),
}
# Filters live in the URL (shareable, kept while a job is open); widgets start from it.
for name in FILTERS:
    key, raw = f"f_{name}", st.query_params.get(name, "")
    if key not in st.session_state:
        st.session_state[key] = (raw == "1") if name == "housing" else (raw if raw in choices[name] else "")

active = any(st.session_state[f"f_{n}"] for n in FILTERS)
with st.expander(_("Choose jobs: trade, place, wage, housing"), expanded=active, icon="🔍"):
    st.radio(_("Where"), choices["where"], key="f_where", horizontal=True, format_func=lambda v: _(SCOPE_CHOICES[v]))
    # Pills, not drop-downs: one tap, big targets, and none of the select box's own English
    # ("Choose an option", "No results", "N options available"; see docs/ARCHITECTURE.md).
    st.pills(_("Trade"), choices["trade"], key="f_trade", required=True,
             format_func=lambda v: _(TRADES[v]) if v else _("All trades"))
    st.pills(_("Province"), choices["province"], key="f_province", required=True,
             format_func=lambda v: province_label(v, language) if v else _("All provinces"))
    # `rules.wage_reaches`: the top of the wage range reaches the amount (matching's wage points too)
    st.pills(_("Pay can reach"), choices["min_wage"], key="f_min_wage", required=True,
             format_func=lambda v: job_board.wage_choice(_, v))
    st.caption(_("Jobs whose pay can reach this much a month: the highest wage they offer is at least this."))
    st.checkbox(_("Housing provided"), key="f_housing")
    if fair_names:
        st.pills(_("Job fair"), choices["fair"], key="f_fair", required=True,
                 format_func=lambda v: fair_names[v] if v else _("All fairs"))

values = {n: st.session_state.get(f"f_{n}") for n in FILTERS}
for name, value in values.items():
    if value:
        st.query_params[name] = "1" if value is True else str(value)
    else:
        st.query_params.pop(name, None)
if st.session_state.get("jobs_filters") != values:  # new filters: back to the first page
    st.session_state["jobs_filters"], st.session_state["jobs_shown"] = values, PAGE_SIZE

shown = st.session_state.get("jobs_shown", PAGE_SIZE)
page = _board(
    runtime.settings().effective_database_url, today, trade=values["trade"] or None, scope=values["where"] or None,
    province=values["province"] or None, min_wage=int(values["min_wage"]) if values["min_wage"] else None,
    housing=bool(values["housing"]) or None, fair_id=int(values["fair"]) if values["fair"] else None,
    limit=shown,
)
if page.total == 0:
    st.info(_("No jobs match these choices. Try fewer choices.") if any(values.values()) else
            _("There are no open jobs yet. Please come back later, or ask the staff at the job fair."))
else:
    st.caption(_("{total} jobs").format(total=page.total))
    for card in page.cards:
        job_board.show_card(_, card)
    if page.total > len(page.cards):
        st.button(_("Show more jobs"), width="stretch",
                  on_click=lambda: st.session_state.update(jobs_shown=shown + PAGE_SIZE))
st.page_link(routes.file("register"), label=_("Not registered yet? Register"), icon="📝")
st.page_link(routes.file("ticket"), label=_("Find my ticket"), icon="🎫")
