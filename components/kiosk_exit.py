"""Leaving kiosk mode (components.kiosk_shell.exit_control): a small "Staff: leave kiosk mode" button at
the bottom opens a panel with the site's PIN, or an organizer's user name and password (the sign-in check
with its shared failure limit; only organizers). Right: the exit is audited, the whole session cleared,
and the page leaves (the home page). Wrong: the message beside the field with the tries left (the PIN
field is emptied, nothing else on the page changes); locked: the minutes to wait."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components import auth, outage, routes, runtime
from components.field_errors import FormErrors
from models import Role
from services.accounts.signin import EmployerNotApproved, SignInRefused, check_sign_in
from services.core.errors import PortalError
from services.core.i18n import N_, Translator
from services.kiosk.pins import check_site_pin, record_kiosk_exit

OPEN, WAY, PIN, USER, PASSWORD, LEFT = ("kiosk_exit_open", "kiosk_exit_way", "kiosk_exit_pin", "kiosk_exit_user",
                                       "kiosk_exit_password", "kiosk_exit_left")
BY_PIN, BY_SIGN_IN = "pin", "organizer"
ERRORS = FormErrors("kiosk_exit")
WAYS = {BY_PIN: N_("Site PIN"), BY_SIGN_IN: N_("Organizer sign-in")}
NOT_ORGANIZER = N_("Only an organizer can leave kiosk mode this way.")
WRONG_SIGN_IN = N_("User name or password is wrong.")
TYPE_PIN = N_("Type the site's PIN.")


def _refuse(field: str, exc: PortalError | str) -> None:
    if isinstance(exc, str):
        st.session_state[ERRORS.key] = {field: exc}
    else:
        st.session_state[ERRORS.key] = {field: (exc.message, exc.values)}


@outage.callback
def _try_leave(site_code: str) -> None:
    s, engine, ip = st.session_state, runtime.engine(), auth.client_ip()
    s[ERRORS.key] = {}
    if s.get(WAY, BY_PIN) == BY_PIN:
        pin = s.get(PIN) or ""
        s[PIN] = ""  # a wrong PIN is not kept; everything else on the page is
        if not pin.strip():
            _refuse(PIN, TYPE_PIN)
            return
        try:
            check_site_pin(engine, site_code=site_code, pin=pin, client_ip=ip)
        except PortalError as exc:
            _refuse(PIN, exc)
            return
        record_kiosk_exit(engine, site_code=site_code, method=BY_PIN, client_ip=ip)
    else:
        password = s.get(PASSWORD) or ""
        s[PASSWORD] = ""  # never kept on the screen
        try:
            user = check_sign_in(engine, username=s.get(USER) or "", password=password, ip=ip)
        except SignInRefused as exc:
            _refuse(PASSWORD, exc)
            return
        except EmployerNotApproved:
            _refuse(PASSWORD, NOT_ORGANIZER)
            return
        if user is None:
            _refuse(PASSWORD, WRONG_SIGN_IN)
            return
        if user.role != Role.ORGANIZER:
            _refuse(PASSWORD, NOT_ORGANIZER)
            return
        record_kiosk_exit(engine, site_code=site_code, method=BY_SIGN_IN, actor=user.username, client_ip=ip)
    s[LEFT] = True


def _toggle() -> None:
    st.session_state[OPEN] = not st.session_state.get(OPEN, False)
    st.session_state[ERRORS.key] = {}
    for key in (PIN, USER, PASSWORD):
        st.session_state.pop(key, None)


def _leave_home() -> None:
    st.switch_page(routes.file("home"))


def control(_: Translator, *, site_code: str, on_leave: Callable[[], None] | None = None) -> None:
    if st.session_state.pop(LEFT, False):
        language = st.session_state.get(runtime.LANG_KEY)
        st.session_state.clear()  # nothing of the kiosk stays in this browser's session
        if language:
            st.session_state[runtime.LANG_KEY] = language
        for name in list(st.query_params):
            del st.query_params[name]
        (on_leave or _leave_home)()
        return
    st.divider()
    if not st.session_state.get(OPEN):
        st.button(_("Staff: leave kiosk mode"), key=OPEN + "_button", type="tertiary", on_click=_toggle)
        return
    with st.container(key="kiosk_exit_panel", border=True):
        st.subheader(_("Leave kiosk mode"))
        st.radio(_("Leave with"), list(WAYS), key=WAY, horizontal=True, format_func=lambda w: _(WAYS[w]))
        if st.session_state.get(WAY, BY_PIN) == BY_PIN:
            st.text_input(_("Site PIN"), key=PIN, type="password", max_chars=8)
            ERRORS.under(_, PIN)
        else:
            st.text_input(_("User name"), key=USER, max_chars=40)
            st.text_input(_("Password"), key=PASSWORD, type="password", max_chars=128)
            ERRORS.under(_, PASSWORD)
        left, right = st.columns(2)
        left.button(_("Leave kiosk mode"), key="kiosk_exit_go", type="primary", on_click=_try_leave,
                    args=(site_code,), width="stretch")
        right.button(_("Cancel"), key="kiosk_exit_cancel", on_click=_toggle, width="stretch")
