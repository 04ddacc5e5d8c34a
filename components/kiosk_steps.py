"""The kiosk's screens before the ticket: start, jobs, one identity question per screen, confirm, and the
claim screen (components.kiosk_wizard keeps the state and runs the callbacks).

Large for a shared tablet read from a step away: the question as a heading, one input or choice, the message
right under it, and big Back / Next buttons; a "Read aloud" button on every step.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import streamlit as st

from components import kiosk_prompts, kiosk_shell, runtime
from components import kiosk_wizard as kw
from components.kiosk_board import show_kiosk_board
from components.read_aloud import read_aloud
from components.registration_form import confirmation_details
from components.text import literal
from components.village_picker import village_picker
from services.core.i18n import N_, Translator
from services.core.reference import CONSENT_TEXT
from services.places.sources import Source
from services.registration.claims import PendingClaim
from services.registration.forms import IDENTITY_STEPS

COURSES = "courses"  # the training screen (components.kiosk_courses)
NOT_SET_UP = N_("This kiosk is not set up: open /kiosk?site=CODE on this tablet. Organizers find the link "
                "under “Fairs and sites”.")

# Big type and targets, for the wizard's own container only (the shell's lock() styles the rest).
_CSS = """<style>
.st-key-kiosk_wizard p, .st-key-kiosk_wizard li, .st-key-kiosk_wizard [data-testid=stText] { font-size: 1.35rem; }
.st-key-kiosk_wizard h2, .st-key-kiosk_wizard h3 { font-size: 2rem !important; line-height: 1.3; }
.st-key-kiosk_wizard [data-testid=stTextInputRootElement] { min-height: 64px; }
.st-key-kiosk_wizard input { font-size: 1.8rem !important; min-height: 60px; }
.stApp .st-key-kiosk_wizard button { min-height: 64px !important; }
.st-key-kiosk_wizard button p { font-size: 1.4rem; }
.stApp .st-key-kiosk_wizard [data-testid=stButtonGroup] button { min-height: 60px !important; padding: .4rem 1.1rem; }
.st-key-kiosk_wizard [data-testid=stButtonGroup] button p,
.st-key-kiosk_wizard [data-testid=stButtonGroup] button span { font-size: 1.35rem; }
.stApp .st-key-kiosk_start button { min-height: 112px !important; }
.st-key-kiosk_start button p { font-size: 2rem; font-weight: 700; }
.st-key-kiosk_start [data-testid=stIconMaterial] { font-size: 2.4rem; }
.st-key-kiosk_progress p { font-size: 1.2rem; color: #555; font-weight: 600; }
.st-key-kiosk_consent_text p, .st-key-kiosk_consent_text li { font-size: 1.45rem; line-height: 1.6; }
.st-key-kiosk_details [data-testid=stText] { font-size: 1.7rem; }
.st-key-kiosk_details p { font-size: 1.5rem; }
.st-key-kiosk_code p { font-size: 3rem; font-weight: 700; letter-spacing: .25rem; text-align: center; }
</style>"""


def style() -> None:
    st.html(_CSS)


def not_set_up(_: Translator, problem: str | None) -> None:
    """For staff: the link is missing or names no active site. Nothing else is drawn."""
    st.title(_("Registration kiosk"), anchor=False)
    if problem:
        st.error(_(problem), icon="⚠️")
    st.info(_(NOT_SET_UP))


def progress(_: Translator, text: str) -> None:
    with st.container(key="kiosk_progress"):
        st.markdown(text)


def nav(_: Translator, name: str, *, back: Callable[..., None] | None, back_args: tuple = (), forward_label: str,
        forward: Callable[..., None], forward_args: tuple = (), forward_kwargs: dict[str, Any] | None = None,
        skip: Callable[..., None] | None = None, skip_args: tuple = ()) -> None:
    """Back (left), Skip (middle, if any), Next (right, primary): big, one row."""
    columns = st.columns(3 if skip else 2)
    if back is not None:
        with columns[0]:
            st.button(_("Back"), key=kw.key(f"{name}_back"), on_click=back, args=back_args, width="stretch",
                      icon=":material/arrow_back:")
    if skip is not None:
        with columns[1]:
            st.button(_("Skip"), key=kw.key(f"{name}_skip"), on_click=skip, args=skip_args, width="stretch",
                      icon=":material/redo:")
    with columns[-1]:
        st.button(forward_label, key=kw.key(f"{name}_next"), type="primary", on_click=forward, args=forward_args,
                  kwargs=forward_kwargs, width="stretch", icon=":material/arrow_forward:", icon_position="right")


def start(_: Translator, source: Source) -> None:
    st.title(_("Job seeker registration"), anchor=False)
    st.subheader(literal(source.name), anchor=False)
    st.markdown(_(kiosk_prompts.START))
    read_aloud(_, [kiosk_prompts.START], key=kw.key("read_start"))
    with st.container(key="kiosk_start"):
        st.button(_("Register and get my ticket"), type="primary", icon=":material/how_to_reg:",
                  on_click=kw.on_register, width="stretch", key=kw.key("start_register"))
        st.button(_("See jobs"), icon=":material/work:", on_click=kw.on_screen, args=(kw.BOARD,),
                  kwargs={"at": kw.START}, width="stretch",
                  key=kw.key("start_jobs"))
        st.button(_("Training courses"), icon=":material/school:", on_click=kw.on_screen, args=(COURSES,),
                  kwargs={"at": kw.START}, width="stretch",
                  key=kw.key("start_courses"))
    kiosk_shell.exit_control(_, site_code=source.code)


def _board_back() -> None:
    kw.on_screen(kw.START, at=kw.BOARD)


def board(_: Translator) -> None:
    # The board draws its own big "Back" buttons (top and bottom; keys <key>_back, <key>_back_bottom).
    show_kiosk_board(_, key=kw.key("board"), on_back=_board_back)


def _text(_: Translator, label: str, field: str, max_chars: int, placeholder: str | None = None) -> None:
    st.text_input(label, key=kw.key(field), max_chars=max_chars, autocomplete="off", placeholder=placeholder,
                  label_visibility="collapsed", on_change="ignore", persist_state="page")


def identity(_: Translator, question: str, source: Source) -> None:
    at = IDENTITY_STEPS.index(question)
    progress(_, _("Step {n} of {total}", n=at + 1, total=len(IDENTITY_STEPS)))
    prompt = kiosk_prompts.IDENTITY_QUESTIONS[question]
    st.subheader(_(prompt), anchor=False)
    read_aloud(_, [prompt, CONSENT_TEXT] if question == "consent" else [prompt], key=kw.key(f"read_{question}"))
    if question == "name":
        _text(_, _("Name (as on your ID card)"), "name", 30)
    elif question == "id_number":
        _text(_, _("ID number (18 characters)"), "id_number", 24,
              _("Your age and gender are read from the ID number."))
    elif question == "phone":
        _text(_, _("Mobile number"), "phone", 20, _("11 digits, starting with 1"))
    elif question == "village":
        village_picker(_, key_prefix=kw.key(""), county=runtime.county(), language=runtime.language(),
                       prefer_township=source.township)
        kw.show_error(_, "township")
    elif question == "consent":
        with st.container(key="kiosk_consent_text", border=True):
            st.markdown(_(CONSENT_TEXT))
        st.pills(_(prompt), [kw.AGREE], key=kw.key("consent"), label_visibility="collapsed", on_change="ignore",
                 format_func=lambda _v: ":material/check_circle: " + _("I have read this and agree"),
                 persist_state="page", width="stretch")
    kw.show_error(_, question)
    back = IDENTITY_STEPS[at - 1] if at else kw.START
    nav(_, question, back=kw.on_back, back_args=(question, back), forward_label=_("Next"), forward=kw.on_next,
        forward_args=(question,))


def confirm(_: Translator, source: Source) -> None:
    st.subheader(_("Please check your details"), anchor=False)
    read_aloud(_, [kiosk_prompts.IDENTITY_QUESTIONS["confirm"]], key=kw.key("read_confirm"))
    intro, lines = confirmation_details(_, st.session_state[kw.DRAFT])
    with st.container(key="kiosk_details", border=True):
        st.markdown(intro)
        for line in lines:
            st.text(line)
    st.caption(_("If your age or gender is wrong, go back and check your ID number."))
    if st.session_state.get(kw.FAILED):
        st.error(_("Saving failed. Nothing you entered is lost. Please press confirm again."))
    nav(_, "confirm", back=kw.on_back, back_args=(kw.CONFIRM, IDENTITY_STEPS[-1]),
        forward_label=_("Confirm and get my ticket"), forward=kw.on_confirm, forward_args=(source,))


def claim(_: Translator) -> None:
    """The ID number is registered with another mobile: only the last two digits of that mobile are said,
    and the way on is the staff desk with the ID card (or back, to correct a typing mistake)."""
    found: PendingClaim = st.session_state[kw.CLAIM]
    st.subheader(_("This ID number is already registered"), anchor=False)
    st.warning(_(found.message).format(end=html.escape(found.phone_end)) + "\n\n" + _(kiosk_prompts.CLAIM),
               icon=":material/badge:")
    read_aloud(_, [kiosk_prompts.CLAIM], key=kw.key("read_claim"))
    nav(_, "claim", back=kw.on_claim_back, forward_label=_("I will go to the staff desk"),
        forward=kw.on_claim_desk)
