"""Registration step 1 (who you are: name, ID number, mobile, village, consent), its confirmation, and
the callbacks that call the services. The profile questions come after the ticket
(components.profile_groups).

Step 1 is not an st.form: its inputs commit without a rerun (`on_change="ignore"`), so typing costs the
server nothing, and whatever was typed travels with the next rerun — the "Next" press, or a language
switch, which therefore keeps every answer. Validation runs in the "Next" callback: every message shows
beside its field in the same rerun, all at once, the page scrolls to the first one, and every widget
keeps what was typed (persist_state) while the confirmation step hides the form.
"""

from __future__ import annotations

import uuid

import streamlit as st

from components import outage, runtime
from components.auth import client_ip
from components.scroll_to_error import scroll_to_first_error
from components.village_picker import place_label, village_picker
from services.core.errors import FieldErrors
from services.core.i18n import Translator
from services.core.reference import CONSENT_TEXT, GENDERS, OTHER
from services.places.sources import Source, SourceLookup, resolve_source
from services.registration.claims import PendingClaim, register_or_claim
from services.registration.register import RegistrationDraft, RegistrationForm, validate_identity

P = "reg_"  # widget key prefix
SID, ERRORS, DRAFT, RESULT, FAILED = "reg_sid", "reg_errors", "reg_draft", "reg_result", "reg_failed"
CLAIM, DESK = "reg_claim", "reg_desk"  # the ID number is registered with another mobile (components.identity_claim)
REFUSED = "reg_refused"  # how many times "Next" was refused: each refusal scrolls to its first message once
TEXT_FIELDS = ("name", "id_number", "phone", "village_other")
FIELD_ORDER = ("name", "id_number", "phone", "township", "village", "consent")


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


def read_form(prefix: str = P, *, consent: bool | None = None) -> RegistrationForm:
    """The identity answers as the widgets keyed `<prefix><field>` hold them (the phone form, the desk, the
    kiosk); `consent` when the page reads its consent another way (default: the `consent` checkbox)."""
    s = st.session_state
    return RegistrationForm(
        name=s.get(prefix + "name") or "", id_number=s.get(prefix + "id_number") or "",
        phone=s.get(prefix + "phone") or "", **split_place(s.get(prefix + "place")),
        village_other=s.get(prefix + "village_other") or "",
        consent=bool(s.get(prefix + "consent")) if consent is None else consent,
    )


def split_place(place: str | None) -> dict[str, str | None]:
    """The place option is "township/village", or OTHER."""
    if not place:
        return {"township": None, "village": None}
    if place == OTHER:
        return {"township": OTHER, "village": OTHER}
    township, _, village = place.partition("/")
    return {"township": township, "village": village}


def _on_next() -> None:
    try:
        st.session_state[DRAFT] = validate_identity(read_form(), county=runtime.county())
        st.session_state[ERRORS] = {}
    except FieldErrors as exc:
        st.session_state[ERRORS] = exc.errors
        st.session_state[REFUSED] = st.session_state.get(REFUSED, 0) + 1
        st.session_state.pop(DRAFT, None)


def _on_confirm(source: Source) -> None:
    if st.session_state.get(RESULT) is not None:  # a second tap on confirm: the first one's answer stands
        return
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
    """After a registration: a fresh form (and submission id) for the next person; this browser forgets
    the last person's ticket."""
    from components import ticket_cookie

    for key in list(st.session_state):
        if isinstance(key, str) and key.startswith(P):
            del st.session_state[key]
    for key in (SID, ERRORS, DRAFT, RESULT, FAILED, CLAIM, DESK, REFUSED):
        st.session_state.pop(key, None)
    ticket_cookie.forget()


def _error(field: str, _: Translator) -> None:
    """The message beside `field`: a message id, or (message id, values to format it with)."""
    message = st.session_state.get(ERRORS, {}).get(field)
    if message:
        text, values = message if isinstance(message, tuple) else (message, {})
        st.error(_(text).format(**values), icon="⚠️")


def _village(_: Translator, source: Source) -> None:
    """The village question: search by characters or pinyin, "not in the list" always offered
    (components.village_picker). It writes `reg_place` ("township/village" or OTHER) and
    `reg_village_other` (the typed place), which `read_form` reads."""
    village_picker(_, key_prefix=P, county=runtime.county(), language=runtime.language(),
                   prefer_township=source.township)
    _error("township", _)
    _error("village", _)


def render_form(_: Translator, source: Source) -> None:
    keep = {"persist_state": "page", "on_change": "ignore"}
    st.text_input(_("Name (as on your ID card)"), key=P + "name", max_chars=30, autocomplete="name", **keep)
    _error("name", _)
    st.text_input(_("ID number (18 characters)"), key=P + "id_number", max_chars=24, autocomplete="off",
                  placeholder=_("Your age and gender are read from the ID number."), **keep)
    _error("id_number", _)
    # The default type: type="phone" draws an American "+1 234 567 8900" placeholder.
    st.text_input(_("Mobile number"), key=P + "phone", max_chars=20, autocomplete="tel",
                  placeholder=_("11 digits, starting with 1"), **keep)
    _error("phone", _)
    _village(_, source)
    st.caption(_("Your ID number is kept encrypted; employers see your phone number only after you apply."))
    with st.expander(_("Read the full consent text"), icon="📄"):
        st.markdown(_(CONSENT_TEXT))
    st.checkbox(_("I have read this and agree"), key=P + "consent", **keep)
    _error("consent", _)
    st.button(_("Next: check my details"), type="primary", on_click=_on_next, width="stretch",
              key=P + "next")
    errors = st.session_state.get(ERRORS)
    if errors:
        st.error(_("Some answers need fixing. Please look at the messages beside the fields."))
        scroll_to_first_error(st.session_state.get(REFUSED, 0))


def confirmation_details(_: Translator, draft: RegistrationDraft) -> tuple[str, list[str]]:
    """What the confirmation shows (also on the kiosk): age and gender read from the ID number (Markdown),
    then one line per answer (plain text: the ID number masked)."""
    county, lang = runtime.county(), runtime.language()
    rid = draft.resident_id
    intro = _("From your ID number: born {birth}, **{age}** years old, **{gender}**.").format(
        birth=rid.birth_date.isoformat(), age=draft.age(), gender=_(GENDERS[rid.gender]))
    village = place_label(county, f"{draft.township}/{draft.village}", lang) if draft.township else draft.village
    rows = {
        _("Name"): draft.name,
        _("ID number"): rid.masked,
        _("Mobile number"): draft.phone,
        _("Village"): village,
    }
    return intro, [_("{label}: {value}").format(label=label, value=value) for label, value in rows.items()]


def render_confirmation(_: Translator, source: Source) -> None:
    st.subheader(_("Please check your details"), anchor=False)
    intro, lines = confirmation_details(_, st.session_state[DRAFT])
    st.markdown(intro)
    for line in lines:
        st.text(line)
    st.caption(_("If your age or gender is wrong, go back and check your ID number."))
    if st.session_state.get(FAILED):
        st.error(_("Saving failed. Nothing you entered is lost. Please press confirm again."))
    st.button(_("Confirm and get my ticket"), type="primary", on_click=_on_confirm, args=(source,),
              width="stretch", key=P + "confirm")
    st.button(_("Back to edit"), on_click=_on_back, width="stretch", key=P + "back")
