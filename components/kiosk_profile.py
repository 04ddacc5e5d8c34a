"""The kiosk's screens after "confirm": the profile questions one per screen (each skippable, an icon beside
each choice, saved group by group with services.registration.profile.save_profile_group), then the final
screen: the ticket, its printable slip, the jobs that fit, and the countdown back to a clean start.
"""

from __future__ import annotations

import base64

import streamlit as st

from components import kiosk_prompts, kiosk_shell, runtime
from components import kiosk_wizard as kw
from components.kiosk_steps import nav, progress
from components.print_slip import show_slip
from components.read_aloud import read_aloud
from components.text import literal
from components.ticket_view import show_matches
from services.core.i18n import N_, Translator
from services.places.sources import Source
from services.registration.slips import Slip, ticket_slip
from services.registration.tickets import format_ticket_code, mask_name, ticket_png

WAGE_QUESTION = N_("How much do you want to earn a month?")  # as kiosk_prompts.all_prompt_ids reads it


@st.cache_data(max_entries=200, show_spinner=False)
def _qr_png(code: str) -> bytes:
    return ticket_png(code)


def _pills(_: Translator, question) -> None:
    icons, options = question.icons, question.options
    st.pills(_(question.label), list(options), key=kw.key("pf_" + question.field), label_visibility="collapsed",
             selection_mode="multi" if question.multi else "single", on_change="ignore", persist_state="page",
             format_func=lambda c: f":material/{icons[c]}: {_(options[c])}", width="stretch")


def _wage(_: Translator, at: int) -> None:
    st.text_input(_("Expected monthly wage (yuan); leave empty if open"), key=kw.key("pf_" + kw.WAGE),
                  max_chars=12, placeholder=_("e.g. 4500"), autocomplete="off", on_change="ignore",
                  persist_state="page")
    message = kw.errors().get(kw.WAGE)
    kw.show_error(_, kw.WAGE)
    values = message[1] if isinstance(message, tuple) else {}
    if "value" in values:  # "did you mean 4,000?": one tap takes it
        st.button(_("Yes, {suggestion}").format(suggestion=values.get("suggestion", "")), type="primary",
                  on_click=kw.on_profile_next, args=(at,), kwargs={"wage": values["value"]}, width="stretch",
                  key=kw.key("pf_wage_yes"))


def profile(_: Translator) -> None:
    s = st.session_state
    screens = kw.profile_screens()
    at = min(s.get(kw.PROFILE_AT, 0), len(screens) - 1)
    group, question = screens[at]
    if at == 0:
        result = s[kw.RESULT]
        st.success(_("You are registered.") if result.created else
                   _("You were already registered. Your details are updated; your ticket stays the same."))
    st.markdown(f"**{_('Tell us more and we find you better jobs')}**")
    progress(_, _("Question {n} of {total}", n=at + 1, total=len(screens)) + " · "
             + _("Every question can be skipped."))
    if question is None:
        st.subheader(_(WAGE_QUESTION), anchor=False)
        read_aloud(_, [WAGE_QUESTION], key=kw.key("read_pf_wage"))
        _wage(_, at)
    else:
        st.subheader(_(question.label), anchor=False)
        read_aloud(_, kiosk_prompts.profile_prompts()[question.field], key=kw.key("read_pf_" + question.field))
        _pills(_, question)
        kw.show_error(_, question.field)
    for field in [f for f in kw.errors() if f != kw.field_of(question)]:  # the group's other answer, if any
        kw.show_error(_, field)
    nav(_, f"pf_{kw.field_of(question)}", back=kw.on_profile_back if at else None, back_args=(at,),
        forward_label=_("Next"), forward=kw.on_profile_next, forward_args=(at,), skip=kw.on_profile_skip,
        skip_args=(at,))


def _slip(code: str, place_name: str) -> Slip | None:
    """The printable slip, made once per person (it reads the jobs that fit)."""
    s = st.session_state
    kept = s.get(kw.SLIP)
    if kept is None or kept[0] != code:
        kept = s[kw.SLIP] = (code, ticket_slip(runtime.engine(), ticket_code=code, place_name=place_name))
    return kept[1]


def done(_: Translator, source: Source) -> None:
    s = st.session_state
    result, draft = s[kw.RESULT], s[kw.DRAFT]
    code = result.ticket_code
    st.success(_(kiosk_prompts.DONE))
    read_aloud(_, [kiosk_prompts.DONE], key=kw.key("read_done"))
    st.subheader(_("Ticket of {name}").format(name=literal(mask_name(draft.name))), anchor=False)
    # An inline picture: no /media address and no image toolbar ("Fullscreen") to tap by mistake.
    qr = base64.b64encode(_qr_png(code)).decode("ascii")
    st.html(f'<div style="text-align:center"><img src="data:image/png;base64,{qr}" alt="QR" '
            f'style="width:360px;max-width:80vw;image-rendering:pixelated"></div>')
    with st.container(key="kiosk_code"):
        st.markdown(literal(format_ticket_code(code)))
    slip = _slip(code, source.name)
    if slip is not None:
        show_slip(_, slip, key=kw.key("slip"), paper=kw.paper())
    kiosk_shell.done_countdown(_, key=kw.key("done"), on_timeout=kiosk_shell.reset)
    st.button(_("Finish: next person"), on_click=kiosk_shell.reset, width="stretch", key=kw.key("finish"),
              icon=":material/restart_alt:")
    with st.container(key="kiosk_jobs"):
        show_matches(_, code, links=False)
