"""The registration form, its confirmation step, and the callbacks that call the services.

The form is submitted once (st.form): validation runs in the submit callback, so
field errors show beside the fields in the same rerun, and every widget keeps what
was typed (persist_state) while the confirmation step hides the form.
"""

from __future__ import annotations

import uuid

import streamlit as st

from components import outage, runtime
from components.auth import client_ip
from services.core.errors import FieldErrors
from services.core.i18n import Translator
from services.core.reference import (
    CONSENT_TEXT,
    EDUCATION_LEVELS,
    GENDERS,
    INTENTIONS,
    LEAVE_CONSTRAINTS,
    OTHER,
    POOR_HOUSEHOLD,
    TRADES,
    YES_NO,
)
from services.places.sources import Source, SourceLookup, resolve_source
from services.registration.claims import PendingClaim, register_or_claim
from services.registration.register import RegistrationForm, validate_registration

P = "reg_"  # widget key prefix
SID, ERRORS, DRAFT, RESULT, FAILED = "reg_sid", "reg_errors", "reg_draft", "reg_result", "reg_failed"
CLAIM, DESK = "reg_claim", "reg_desk"  # the ID number is registered with another mobile (components.identity_claim)
TEXT_FIELDS = ("name", "id_number", "phone", "village_other")


def source_from_link() -> SourceLookup:
    """The fair or site named in the QR link, looked up once per session and link."""
    params = st.query_params
    link = (params.get("fair", ""), params.get("site", ""))
    cached = st.session_state.get("reg_source")
    if not cached or cached[0] != link:
        try:
            lookup = resolve_source(runtime.engine(), fair_code=link[0], site_code=link[1])
        except Exception as exc:  # database down: the form still works; looked up again next run
            if not outage.is_unavailable(exc):
                raise
            outage.mark_down(exc)
            outage.show()
            return SourceLookup(Source.direct())
        st.session_state["reg_source"] = (link, lookup)
        return lookup
    return cached[1]


def submission_id() -> str:
    if SID not in st.session_state:
        st.session_state[SID] = uuid.uuid4().hex
    return st.session_state[SID]


def _read_form() -> RegistrationForm:
    s = st.session_state
    return RegistrationForm(
        name=s.get(P + "name") or "", id_number=s.get(P + "id_number") or "", phone=s.get(P + "phone") or "",
        **_split_place(s.get(P + "place")), village_other=s.get(P + "village_other") or "",
        education=s.get(P + "education"), trades=list(s.get(P + "trades") or []), intention=s.get(P + "intention"),
        expected_wage=s.get(P + "expected_wage"), willing_to_train=s.get(P + "willing_to_train"),
        poor_household=s.get(P + "poor_household"), leave_constraint=s.get(P + "leave_constraint"),
        consent=bool(s.get(P + "consent")),
    )


def _split_place(place: str | None) -> dict[str, str | None]:
    """The place option is "township/village", or OTHER."""
    if not place:
        return {"township": None, "village": None}
    if place == OTHER:
        return {"township": OTHER, "village": OTHER}
    township, _, village = place.partition("/")
    return {"township": township, "village": village}


def _place_options(source: Source) -> list[str]:
    """Every village of the county, the source's township first, then "other"."""
    townships = sorted(runtime.county().townships, key=lambda t: t.name != source.township)
    return [f"{t.name}/{v.name}" for t in townships for v in t.villages] + [OTHER]


def _on_submit() -> None:
    try:
        st.session_state[DRAFT] = validate_registration(_read_form(), county=runtime.county())
        st.session_state[ERRORS] = {}
    except FieldErrors as exc:
        st.session_state[ERRORS] = exc.errors
        st.session_state.pop(DRAFT, None)


def _on_confirm(source: Source) -> None:
    draft = st.session_state.get(DRAFT)
    if draft is None:
        return
    if "reg_source" not in st.session_state:  # drawn while the database was down: the link's fair, not "direct"
        source = source_from_link().source
    try:
        outcome = register_or_claim(runtime.engine(), runtime.vault(), draft, source=source,
                                    submission_id=submission_id(), client_ip=client_ip())
        st.session_state.pop(FAILED, None)
    except Exception as exc:  # keep the draft; the person can press confirm again
        if outage.is_unavailable(exc):  # said above the page until the database is back
            outage.mark_down(exc, action=True)
            return
        st.session_state[FAILED] = True
        raise
    if isinstance(outcome, PendingClaim):  # nothing saved, no ticket: the claim screen, the ID's field marked
        st.session_state[CLAIM] = outcome
        st.session_state[ERRORS] = {"id_number": (PendingClaim.message, {"end": outcome.phone_end})}
    else:
        st.session_state[RESULT] = outcome


def _on_back() -> None:
    st.session_state.pop(DRAFT, None)


def start_over() -> None:
    """After a registration: a fresh form (and submission id) for the next person."""
    for key in list(st.session_state):
        if isinstance(key, str) and key.startswith(P):
            del st.session_state[key]
    for key in (SID, ERRORS, DRAFT, RESULT, FAILED, CLAIM, DESK):
        st.session_state.pop(key, None)


def _error(field: str, _: Translator) -> None:
    """The message beside `field`: a message id, or (message id, values to format it with)."""
    message = st.session_state.get(ERRORS, {}).get(field)
    if message:
        text, values = message if isinstance(message, tuple) else (message, {})
        st.error(_(text).format(**values), icon="⚠️")


def render_form(_: Translator, source: Source) -> None:
    county, lang = runtime.county(), runtime.language()
    keep = {"persist_state": "page"}

    def place(option: str) -> str:
        if option == OTHER:
            return _("Not in the list (write it below)")
        township, _sep, village = option.partition("/")
        return f"{county.label(village, lang)} ({county.label(township, lang)})"

    with st.form("register", border=False, enter_to_submit=False):
        st.text_input(_("Name (as on your ID card)"), key=P + "name", max_chars=30, **keep)
        _error("name", _)
        st.text_input(_("ID number (18 characters)"), key=P + "id_number", max_chars=24, **keep)
        _error("id_number", _)
        st.caption(_("Your age and gender are read from the ID number."))
        st.text_input(_("Mobile number"), key=P + "phone", max_chars=20, type="phone", autocomplete="tel", **keep)
        _error("phone", _)
        st.selectbox(_("Your village (township)"), _place_options(source), index=None, key=P + "place",
                     format_func=place, placeholder=_("Type or choose your village"), **keep)
        _error("township", _)
        _error("village", _)
        st.text_input(_("If not in the list: village or address"), key=P + "village_other", max_chars=60, **keep)
        st.selectbox(_("Education"), list(EDUCATION_LEVELS), index=None, key=P + "education",
                     format_func=lambda c: _(EDUCATION_LEVELS[c]), placeholder=_("Choose one"), **keep)
        _error("education", _)
        st.multiselect(_("Trades and skills (choose any)"), list(TRADES), key=P + "trades",
                       format_func=lambda c: _(TRADES[c]), placeholder=_("Choose any that apply"), **keep)
        _error("trades", _)
        st.radio(_("Where do you want to work?"), list(INTENTIONS), index=None, key=P + "intention",
                 format_func=lambda c: _(INTENTIONS[c]), **keep)
        _error("intention", _)
        st.number_input(_("Expected monthly wage (yuan); leave empty if open"), min_value=0, max_value=100_000,
                        step=500, value=None, key=P + "expected_wage", placeholder=_("e.g. 4500"), **keep)
        _error("expected_wage", _)
        st.radio(_("Can you leave home to work?"), list(LEAVE_CONSTRAINTS), index=None, key=P + "leave_constraint",
                 format_func=lambda c: _(LEAVE_CONSTRAINTS[c]), **keep)
        _error("leave_constraint", _)
        st.radio(_("Are you willing to take skills training?"), list(YES_NO), index=None, horizontal=True,
                 key=P + "willing_to_train", format_func=lambda c: _(YES_NO[c]), **keep)
        _error("willing_to_train", _)
        st.radio(_("Is your household a registered poor household?"), list(POOR_HOUSEHOLD), index=None,
                 horizontal=True, key=P + "poor_household", format_func=lambda c: _(POOR_HOUSEHOLD[c]), **keep)
        _error("poor_household", _)
        st.info(_(CONSENT_TEXT))
        st.checkbox(_("I have read this and agree"), key=P + "consent", **keep)
        _error("consent", _)
        st.form_submit_button(_("Next: check my details"), type="primary", on_click=_on_submit, width="stretch")
    if st.session_state.get(ERRORS):
        st.error(_("Some answers need fixing. Please look at the messages above."))


def render_confirmation(_: Translator, source: Source) -> None:
    draft = st.session_state[DRAFT]
    county, lang = runtime.county(), runtime.language()
    rid = draft.resident_id
    st.subheader(_("Please check your details"))
    st.markdown(_("From your ID number: born {birth}, **{age}** years old, **{gender}**.").format(
        birth=rid.birth_date.isoformat(), age=draft.age(), gender=_(GENDERS[rid.gender])))
    training = "yes" if draft.willing_to_train else "no"
    rows = {
        _("Name"): draft.name,
        _("ID number"): rid.masked,
        _("Mobile number"): draft.phone,
        _("Township"): county.label(draft.township, lang) if draft.township else "—",
        _("Village"): county.label(draft.village, lang),
        _("Education"): _(EDUCATION_LEVELS[draft.education]),
        _("Trades and skills"): "、".join(_(TRADES[t]) for t in draft.trades) or "—",
        _("Employment intention"): _(INTENTIONS[draft.intention]),
        _("Expected monthly wage"): f"{draft.expected_wage:,}" if draft.expected_wage is not None else _("Open"),
        _("Can you leave home to work?"): _(LEAVE_CONSTRAINTS[draft.leave_constraint]),
        _("Skills training"): _(YES_NO[training]),
        _("Registered poor household"): _(POOR_HOUSEHOLD[draft.poor_household]),
    }
    for label, value in rows.items():
        st.text(_("{label}: {value}").format(label=label, value=value))
    st.caption(_("If your age or gender is wrong, go back and check your ID number."))
    if st.session_state.get(FAILED):
        st.error(_("Saving failed. Nothing you entered is lost. Please press confirm again."))
    left, right = st.columns(2)
    left.button(_("Back to edit"), on_click=_on_back, width="stretch")
    right.button(_("Confirm and get my ticket"), type="primary", on_click=_on_confirm, args=(source,),
                 width="stretch")
