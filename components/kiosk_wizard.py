"""The kiosk's step-by-step registration (pages/public/kiosk.py): which screen shows, what it keeps, and the
callbacks that move between screens and call the services.

Screens: start → name → ID number → mobile → village → consent → confirm → (claim) → profile questions →
done; "See jobs" from the start screen. One question per screen, checked on "Next" with the phone form's
rules and messages (services.registration.forms.validate_identity_field); "Back" and "Next" keep every
answer, and so does a language switch (the inputs commit without a rerun and keep their state while the
person is on another step: persist_state="page").

What belongs to the person lives in st.session_state under `kw_…` keys; every widget key carries the shell's
generation (`kw_<generation>_<field>`), so after `kiosk_shell.reset` the next person gets new widgets and
nothing the browser or Streamlit kept of the previous one can come back. The screens are drawn by
components.kiosk_steps (start and the identity questions) and components.kiosk_profile (profile and done).
"""

from __future__ import annotations

import uuid

import streamlit as st

from components import kiosk_shell, outage, registration_form, runtime
from components.auth import client_ip
from components.profile_choices import QUESTIONS, Question
from components.profile_groups import answer_value
from services.core.errors import FieldErrors, Message
from services.core.i18n import Translator
from services.places.sources import Source, resolve_source
from services.registration.claims import PendingClaim, register_or_claim, send_to_desk
from services.registration.forms import (
    IDENTITY_STEPS,
    PROFILE_GROUPS,
    RegistrationForm,
    question_fields,
    validate_identity,
    validate_identity_field,
)
from services.registration.profile import get_profile, save_profile_group

P = "kw_"  # every key of the kiosk's person (keep_answers pins the choices under it)
SITE = "kiosk_site"  # the site's code: kept by kiosk_shell.reset
SOURCE = "kiosk_source"  # (code, Source) looked up once per person
STEP, ERRORS, REFUSED = P + "step", P + "errors", P + "refused"
SID, DRAFT, RESULT, CLAIM, FAILED = P + "sid", P + "draft", P + "result", P + "claim", P + "failed"
PROFILE_AT, SLIP = P + "profile_at", P + "slip"
START, BOARD, CONFIRM, CLAIMED, PROFILE, DONE = "start", "board", "confirm", "claim", "profile", "done"
AGREE = "agree"  # the consent choice's value
WAGE = "expected_wage"


def key(field: str) -> str:
    """A personal widget key: it carries the generation, so the next person's widgets are new."""
    return f"{P}{kiosk_shell.generation()}_{field}"


def step() -> str:
    return st.session_state.get(STEP, START)


def go(to: str) -> None:
    st.session_state[STEP] = to
    st.session_state[ERRORS] = {}


# --- the site -------------------------------------------------------------------------------------------


def site_from_link() -> tuple[Source | None, str | None]:
    """The site the kiosk is locked to (?site=CODE, else the code kept in the session), and what is wrong
    with the link when there is none (a message id, or None when no code was given)."""
    s = st.session_state
    code = st.query_params.get("site") or s.get(SITE) or ""
    cached = s.get(SOURCE)
    if cached and cached[0] == code:
        return cached[1], None
    lookup = resolve_source(runtime.engine(), site_code=code)
    if lookup.source.site_id is None:
        return None, lookup.problem
    s[SITE] = lookup.source.code
    s[SOURCE] = (code, lookup.source)
    return lookup.source, None


def paper() -> str:
    from components.print_slip import PAPERS

    chosen = st.query_params.get("paper", "")
    return chosen if chosen in PAPERS else PAPERS[0]


# --- the identity questions -----------------------------------------------------------------------------


def read_form() -> RegistrationForm:
    """The answers so far (the consent is a choice here, not a checkbox)."""
    return registration_form.read_form(key(""), consent=st.session_state.get(key("consent")) == AGREE)


def errors() -> dict[str, Message]:
    return st.session_state.get(ERRORS) or {}


# Every callback first checks that its screen is still the one shown: a tap sent from a screen already
# left (a double tap, a slow tablet) does nothing, so it never skips a question or saves twice.


def on_register() -> None:
    """"Register and get my ticket": one submission id for this person (a double tap saves once)."""
    if step() != START:
        return
    st.session_state.setdefault(SID, uuid.uuid4().hex)
    go(IDENTITY_STEPS[0])


def on_screen(to: str, *, at: str) -> None:
    """Go from screen `at` to screen `to` (the start screen's "See jobs", the board's "Back")."""
    if step() == at:
        go(to)


def on_next(question: str) -> None:
    s = st.session_state
    if step() != question:
        return
    form = read_form()
    try:
        validate_identity_field(question, form, county=runtime.county())
        if question == IDENTITY_STEPS[-1]:
            s[DRAFT] = validate_identity(form, county=runtime.county())
    except FieldErrors as exc:
        s[REFUSED] = s.get(REFUSED, 0) + 1
        first = next((q for q in IDENTITY_STEPS if set(exc.errors) & set(question_fields(q))), question)
        go(first)
        s[ERRORS] = exc.errors
        return
    at = IDENTITY_STEPS.index(question)
    go(CONFIRM if at == len(IDENTITY_STEPS) - 1 else IDENTITY_STEPS[at + 1])


def on_back(at: str, to: str) -> None:
    if step() != at:
        return
    st.session_state.pop(DRAFT, None)
    go(to)


def on_confirm(source: Source) -> None:
    """Register (channel kiosk, the site) once per person: a second tap, or one arriving later, finds the
    result (or the claim) already there and does nothing; the submission id makes the service idempotent
    besides."""
    s = st.session_state
    if s.get(RESULT) is not None or s.get(CLAIM) is not None or s.get(DRAFT) is None or step() != CONFIRM:
        return
    try:
        outcome = register_or_claim(runtime.engine(), runtime.vault(), s[DRAFT], source=source, channel="kiosk",
                                    submission_id=s.setdefault(SID, uuid.uuid4().hex), client_ip=client_ip())
        s.pop(FAILED, None)
    except Exception as exc:  # keep everything; the person can press confirm again
        if outage.is_unavailable(exc):
            outage.mark_down(exc, action=True)
            return
        s[FAILED] = True
        raise
    if isinstance(outcome, PendingClaim):  # nothing saved: the staff desk checks the ID card
        s[CLAIM] = outcome
        go(CLAIMED)
        return
    s[RESULT] = outcome
    if not outcome.created:  # a returning person: the answers given before are shown, not overwritten by a tap
        prefill(outcome.ticket_code)
    s[PROFILE_AT] = 0
    go(PROFILE)


def on_claim_back() -> None:
    """Back to the ID number, its message beside it (a typing mistake is the likeliest cause)."""
    s = st.session_state
    if step() != CLAIMED:
        return
    claim: PendingClaim | None = s.pop(CLAIM, None)
    s.pop(DRAFT, None)
    go("id_number")
    if claim is not None:
        s[ERRORS] = {"id_number": (PendingClaim.message, {"end": claim.phone_end})}


@outage.callback
def on_claim_desk() -> None:
    if step() != CLAIMED:
        return
    claim: PendingClaim | None = st.session_state.get(CLAIM)
    if claim is not None:
        send_to_desk(runtime.engine(), claim_id=claim.claim_id)
    kiosk_shell.reset()


# --- the profile questions, one per screen --------------------------------------------------------------


def profile_screens() -> list[tuple[str, Question | None]]:
    """(group, question) in the order asked; the wage is a text input (question None)."""
    out: list[tuple[str, Question | None]] = []
    for group in PROFILE_GROUPS:
        if group == "wage":
            out.append((group, None))
        out += [(group, q) for q in QUESTIONS.get(group, ())]
    return out


def field_of(question: Question | None) -> str:
    return WAGE if question is None else question.field


def prefill(code: str) -> None:
    profile = get_profile(runtime.engine(), ticket_code=code)
    for group, question in profile_screens():
        if group in profile.answered:
            st.session_state[key("pf_" + field_of(question))] = answer_value(profile, field_of(question))


def _advance() -> None:
    s = st.session_state
    at = s.get(PROFILE_AT, 0) + 1
    s[ERRORS] = {}
    if at >= len(profile_screens()):
        go(DONE)
    else:
        s[PROFILE_AT] = at


@outage.callback  # database down: the message above the page, the taps kept
def on_profile_next(at: int, wage: int | None = None) -> None:
    """Save screen `at`'s group with every answer of that group given so far; a message beside the field
    keeps the person on the screen."""
    s = st.session_state
    result = s.get(RESULT)
    if result is None or step() != PROFILE or s.get(PROFILE_AT, 0) != at:
        return
    group, _question = profile_screens()[s.get(PROFILE_AT, 0)]
    if wage is not None:  # "Yes, 4,000": the suggestion, also put in the box
        s[key("pf_" + WAGE)] = str(wage)
    answers: dict[str, object] = {}
    for g, q in profile_screens():
        if g == group:
            value = s.get(key("pf_" + field_of(q)))
            answers[field_of(q)] = list(value or []) if q is not None and q.multi else value
    if group == "wage":
        answers[WAGE] = wage if wage is not None else (answers.get(WAGE) or "")
    try:
        save_profile_group(runtime.engine(), ticket_code=result.ticket_code, group=group, answers=answers)
    except FieldErrors as exc:
        s[ERRORS] = dict(exc.errors)
        return
    _advance()


def on_profile_skip(at: int) -> None:
    if step() == PROFILE and st.session_state.get(PROFILE_AT, 0) == at:
        _advance()


def on_profile_back(at: int) -> None:
    s = st.session_state
    if step() == PROFILE and s.get(PROFILE_AT, 0) == at:
        s[PROFILE_AT] = max(0, at - 1)
        s[ERRORS] = {}


def show_error(_: Translator, field: str) -> None:
    """The message beside `field`, in the chosen language."""
    message = errors().get(field)
    if message:
        text, values = message if isinstance(message, tuple) else (message, {})
        st.error(_(text).format(**values), icon="⚠️")


def idle(_: Translator) -> None:
    """Every screen but the start screen: back to a clean start after kiosk_idle_seconds untouched."""
    kiosk_shell.idle_guard(_, key=key("idle"), on_timeout=kiosk_shell.reset)
