"""Kiosks on the organizers' "Fairs and sites" page (pages/organizer/fairs.py): each registration point's
kiosk link (to open on the site's tablet) and whether its kiosk PIN is set; for the point picked above,
a small form to set or clear the PIN (messages beside the field). The rules live in services.kiosk.pins."""

from __future__ import annotations

import streamlit as st

from components import auth, outage, runtime
from components.field_errors import FormErrors
from components.text import literal
from models import Site
from services.core.errors import FieldErrors
from services.core.i18n import Translator
from services.kiosk.pins import clear_site_pin, kiosk_url, set_site_pin, site_pins

ERRORS = FormErrors("kiosk_pin")
SAVED = "kiosk_pin_saved"


def _key(site: Site) -> str:
    return f"kiosk_pin_new_{site.id}"  # another site picked: an empty field


def _actor() -> str:
    who = auth.principal()
    return who.username if who else ""


@outage.callback
def _set(site: Site) -> None:
    pin = st.session_state.get(_key(site)) or ""
    st.session_state.pop(SAVED, None)
    try:
        set_site_pin(runtime.engine(), site_code=site.code, pin=pin, actor=_actor())
    except FieldErrors as exc:
        st.session_state[ERRORS.key] = exc.errors
        return
    st.session_state[_key(site)] = ""  # a saved PIN is not left on the screen
    ERRORS.clear()
    st.session_state[SAVED] = "set"


@outage.callback
def _clear(site: Site) -> None:
    st.session_state[_key(site)] = ""
    clear_site_pin(runtime.engine(), site_code=site.code, actor=_actor())
    ERRORS.clear()
    st.session_state[SAVED] = "cleared"


def kiosk_section(_: Translator, sites: list[Site], picked: Site | None) -> None:
    if not sites:
        return
    st.subheader(_("Kiosks"))
    st.caption(_("Open a point's kiosk link on its tablet. Staff leave kiosk mode with the point's PIN or an "
                 "organizer's sign-in."))
    pins = site_pins(runtime.engine())
    base, link = runtime.settings().base_url, _("Kiosk link")
    st.dataframe([{
        _("Code"): s.code, _("Registration point"): s.name, link: kiosk_url(base, s.code),
        _("Kiosk PIN"): _("PIN set") if s.id in pins else _("No PIN"),
    } for s in sites], hide_index=True, column_config={link: st.column_config.LinkColumn()}, key="kiosk_table")
    if picked is None:
        st.caption(_("Pick a registration point above to set its kiosk PIN."))
        return
    status = pins.get(picked.id or 0)
    title = _("Kiosk PIN of {name}").format(name=picked.name)
    st.markdown(f"**{literal(title)}**")
    if status is not None and status.set_at is not None:
        when = status.set_at.astimezone(runtime.local_zone()).strftime("%Y-%m-%d %H:%M")
        st.caption(_("Set by {who} on {when}.").format(who=status.set_by, when=when))
    else:
        st.caption(_("Not set: only an organizer's sign-in leaves kiosk mode at this point."))
    saved = st.session_state.pop(SAVED, None)
    if saved:
        st.success(_("Kiosk PIN saved.") if saved == "set" else _("Kiosk PIN cleared."))
    with st.form(f"kiosk_pin_form_{picked.id}", enter_to_submit=False):
        st.text_input(_("New kiosk PIN (4 to 8 digits)"), key=_key(picked), type="password", max_chars=8)
        ERRORS.under(_, "pin")
        left, right = st.columns(2)
        left.form_submit_button(_("Set PIN"), type="primary", on_click=_set, args=(picked,))
        right.form_submit_button(_("Clear PIN"), on_click=_clear, args=(picked,), disabled=status is None)
