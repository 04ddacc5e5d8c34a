"""The job board on the kiosk, readable from a step away.

`show_kiosk_board(_, key=...)`: the phone board's filters and rules (services.recruiting.board: what is on
the board, "pay can reach"; the choices of components.job_board) and its card texts (job_board.card_lines,
money_range), drawn large — title 30 px, wage 34 px, lines 21 px; two cards a row on a landscape screen,
one on a portrait tablet — a few cards a page with big "previous"/"next" buttons instead of an endless
list, and a big "Back". Nothing leads out of the kiosk: no page links, no "details" or "I am interested"
(that needs the person's ticket and phone); each card says to get a ticket here and show it at the booth.

Every widget key starts with `key`; the filters live in the session (not the address: the kiosk's reset
forgets them with everything else).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import streamlit as st

from components import job_board, kiosk_shell, runtime
from components.text import literal
from services.core.clock import local_today
from services.core.i18n import Translator
from services.core.reference import TRADES
from services.places.geography import province_label
from services.recruiting.board import BoardOptions, BoardPage, Card, board_options, open_vacancies

PAGE_SIZE = 6  # three rows of two on a 1280×800 screen
FILTERS = ("where", "trade", "province", "min_wage", "housing", "fair")

_CSS = """<style>
.st-key-{k} p, .st-key-{k} li {{ font-size: 21px; line-height: 1.45; }}
.st-key-{k} [class*="st-key-{k}_title_"] p {{ font-size: 30px; font-weight: 700; line-height: 1.25; margin: 0; }}
.st-key-{k} [class*="st-key-{k}_wage_"] p {{ font-size: 34px; font-weight: 800; color: #c2410c; line-height: 1.2;
  margin: 0; }}
.st-key-{k} [class*="st-key-{k}_employer_"] p {{ font-size: 22px; color: #374151; }}
.st-key-{k} [class*="st-key-{k}_how_"] p {{ font-size: 20px; font-weight: 600; color: #1d4ed8; }}
.st-key-{k}_pageno p {{ text-align: center; font-size: 26px; font-weight: 700; margin: 0; }}
.st-key-{k}_cards {{ display: grid !important; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 18px; }}
@media (max-width: 1000px) {{ .st-key-{k}_cards {{ grid-template-columns: minmax(0, 1fr); }} }}
.st-key-{k} button {{ min-height: 56px; padding: 8px 20px; }}
.st-key-{k} button p {{ font-size: 22px; font-weight: 600; }}
.st-key-{k} [class*="st-key-{k}_back"] button, .st-key-{k} [class*="st-key-{k}_prev"] button,
.st-key-{k} [class*="st-key-{k}_next"] button {{ min-height: 72px; }}
.st-key-{k} [class*="st-key-{k}_back"] button p, .st-key-{k} [class*="st-key-{k}_prev"] button p,
.st-key-{k} [class*="st-key-{k}_next"] button p {{ font-size: 26px; font-weight: 700; }}
.st-key-{k} [data-testid="stExpander"] summary {{ min-height: 64px; align-items: center; }}
.st-key-{k} [data-testid="stExpander"] summary p {{ font-size: 24px; font-weight: 700; }}
.st-key-{k} [data-testid="stWidgetLabel"] p {{ font-size: 22px; font-weight: 700; }}
.st-key-{k} [data-testid="stCheckbox"] label {{ min-height: 56px; align-items: center; }}
.st-key-{k} [data-testid="stCheckbox"] label p {{ font-size: 22px; }}
.st-key-{k} [data-testid="stCaptionContainer"] p {{ font-size: 20px; }}
</style>"""

# Back at the top of the list after "next page": the next person must not start halfway down.
_TOP = """<script>(() => {{
  if (window.__portalBoardTop === "{nonce}") return;
  window.__portalBoardTop = "{nonce}";
  setTimeout(() => document.querySelector('.st-key-{k}')?.scrollIntoView({{block: 'start'}}), 50);
}})();</script>"""


@st.cache_data(ttl=30, show_spinner=False, max_entries=20)
def _options(db_url: str, day: date) -> BoardOptions:
    return board_options(runtime.engine(), today=day)


@st.cache_data(ttl=10, show_spinner=False, max_entries=200)  # the phone board's sharing: the same few pages
def _board(db_url: str, day: date, **filters: object) -> BoardPage:
    return open_vacancies(runtime.engine(), today=day, **filters)


def _safe(key: str) -> str:
    return re.sub(r"[^\w-]", "_", key)


def _filters(_: Translator, k: str, options: BoardOptions) -> dict[str, object]:
    """The phone board's filters, as big pills; returns the chosen values."""
    language = runtime.language()
    fair_names = {str(fid): name for fid, name in options.fairs}
    choices: dict[str, list[str]] = {
        "where": list(job_board.SCOPE_CHOICES), "trade": ["", *options.trades],
        "province": ["", *options.provinces], "min_wage": ["", *job_board.WAGES], "fair": ["", *fair_names],
    }
    for name, values in choices.items():  # a choice gone from the board (its last job closed): all again
        if st.session_state.get(f"{k}_{name}") not in values:
            st.session_state[f"{k}_{name}"] = ""
    active = any(st.session_state.get(f"{k}_{n}") for n in FILTERS)
    with st.expander(_("Choose jobs: trade, place, wage, housing"), expanded=active, icon=":material/tune:"):
        st.pills(_("Where"), choices["where"], key=f"{k}_where", required=True,
                 format_func=lambda v: _(job_board.SCOPE_CHOICES[v]))
        st.pills(_("Trade"), choices["trade"], key=f"{k}_trade", required=True,
                 format_func=lambda v: _(TRADES[v]) if v else _("All trades"))
        st.pills(_("Province"), choices["province"], key=f"{k}_province", required=True,
                 format_func=lambda v: province_label(v, language) if v else _("All provinces"))
        st.pills(_("Pay can reach"), choices["min_wage"], key=f"{k}_min_wage", required=True,
                 format_func=lambda v: job_board.wage_choice(_, v))
        st.caption(_("Jobs whose pay can reach this much a month: the highest wage they offer is at least this."))
        st.checkbox(_("Housing provided"), key=f"{k}_housing")
        if fair_names:
            st.pills(_("Job fair"), choices["fair"], key=f"{k}_fair", required=True,
                     format_func=lambda v: fair_names[v] if v else _("All fairs"))
    return {n: st.session_state.get(f"{k}_{n}") for n in FILTERS}


def _card(_: Translator, k: str, card: Card) -> None:
    with st.container(border=True, key=f"{k}_card_{card.id}"):
        with st.container(key=f"{k}_title_{card.id}"):
            st.markdown(f"{literal(card.title)} · {_(TRADES.get(card.trade, card.trade))}")
        with st.container(key=f"{k}_employer_{card.id}"):
            st.markdown(literal(card.employer_name))
        with st.container(key=f"{k}_wage_{card.id}"):
            st.markdown(job_board.money_range(_, card.wage_min, card.wage_max))
        st.markdown("  \n".join(job_board.card_lines(_, card)))
        with st.container(key=f"{k}_how_{card.id}"):
            st.markdown("👉 " + _("Interested? Get your ticket at this kiosk and show it at the employer's booth."))


def _go(k: str, page: int) -> None:
    st.session_state[f"{k}_page"] = page


def show_kiosk_board(_: Translator, *, key: str, on_back: Callable[[], None] | None = None) -> None:
    """The kiosk's job board. "Back" calls `on_back`; without one it starts the kiosk over
    (kiosk_shell.reset: the start screen, the site and the language kept)."""
    k = _safe(key)
    back = on_back or kiosk_shell.reset
    st.html(_CSS.format(k=k))
    today, db_url = local_today(), runtime.settings().effective_database_url
    with st.container(key=k):
        st.button(_("← Back"), key=f"{k}_back", on_click=back, type="primary")
        st.header(_("Jobs"), anchor=False)
        values = _filters(_, k, _options(db_url, today))
        if st.session_state.get(f"{k}_chosen") != values:  # new choices: the first page again
            st.session_state[f"{k}_chosen"], st.session_state[f"{k}_page"] = values, 0
        page_no = int(st.session_state.get(f"{k}_page", 0))
        page = _board(db_url, today, trade=values["trade"] or None, scope=values["where"] or None,
                      province=values["province"] or None,
                      min_wage=int(str(values["min_wage"])) if values["min_wage"] else None,
                      housing=bool(values["housing"]) or None,
                      fair_id=int(str(values["fair"])) if values["fair"] else None,
                      limit=PAGE_SIZE, offset=page_no * PAGE_SIZE)
        if not page.cards and page_no:  # jobs closed while this page was open: back to the first
            _go(k, 0)
            st.rerun()
        if page.total == 0:
            st.info(_("No jobs match these choices. Try fewer choices.") if any(values.values()) else
                    _("There are no open jobs yet. Please come back later, or ask the staff at the job fair."))
        else:
            pages = -(-page.total // PAGE_SIZE)
            st.caption(_("{total} jobs").format(total=page.total) + " · "
                       + _("Page {page} of {pages}").format(page=page_no + 1, pages=pages))
            with st.container(key=f"{k}_cards"):
                for card in page.cards:
                    _card(_, k, card)
            left, middle, right = st.columns([2, 1, 2], vertical_alignment="center")
            left.button(_("← Previous page"), key=f"{k}_prev", on_click=_go, args=(k, page_no - 1),
                        disabled=page_no == 0, width="stretch")
            with middle.container(key=f"{k}_pageno"):
                st.markdown(f"{page_no + 1} / {pages}")
            right.button(_("Next page →"), key=f"{k}_next", on_click=_go, args=(k, page_no + 1),
                         disabled=page_no + 1 >= pages, width="stretch")
        st.button(_("← Back"), key=f"{k}_back_bottom", on_click=back, width="stretch")
    st.html(_TOP.format(k=k, nonce=f"{k}:{page_no}"), unsafe_allow_javascript=True)
