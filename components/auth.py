"""Staff sign-in with streamlit-authenticator, backed by the database.

The authenticator is only ever created for staff paths, never on the public pages
(register, ticket, job board, employer sign-up): tried on a loaded machine, it lost form
submissions there. Credentials come from the database; the library's password check
is replaced by ours (shared failure limit, bcrypt); each sign-in gets a server-side
session, checked on every run, so signing out or disabling an account ends it even if
the cookie is copied and replayed.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import jwt
import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
from streamlit.util import calc_hash

from components import connection, routes, runtime
from components.text import literal
from services.accounts.sessions import (
    SESSION_HOURS,
    Principal,
    end_session,
    ended_by_employer,
    session_for_cookie,
    session_principal,
    start_session,
)
from services.accounts.signin import EmployerNotApproved, SignInRefused, check_sign_in, credentials_for_authenticator
from services.core.client_address import client_address
from services.core.i18n import Translator

if TYPE_CHECKING:  # imported when a staff path first needs it: a public-only process never loads it (14 MB)
    import streamlit_authenticator as stauth

COOKIE_NAME = "portal_staff"
SESSION_KEY = "portal_session_id"
PRINCIPAL_KEY = "portal_principal"
ENDED_KEY = "portal_ended_by_employer"  # (message id, the bureau's note): why a recruiter was signed out
COOKIE_PENDING = "portal_cookie_pending"  # (token, expiry timestamp): written until the browser reports it
SIGNING_OUT = "portal_signing_out"  # the sign-out button was pressed; kept until the sign-out is done
UNKNOWN_PAGE = "unknown-page"  # a rerun on a page whose hash names no route
# Streamlit names a page on a rerun by the hash of its URL path: the table, made once, not per run.
_PATH_BY_HASH = {calc_hash(p): p for p in routes.PUBLIC_PATHS | routes.STAFF_PATHS if p}


def request_path() -> str:
    """The page the browser asked for, as its URL path ("" for "/"); call before st.navigation.

    A new page load names the page (URL path); a rerun on a page names it only by the
    page's hash (Streamlit hashes the url_path), and reports the URL without the page
    path. An unknown hash is not taken for a public page: the safe side for staff pages.
    """
    pages = get_script_run_ctx().pages_manager
    if pages.intended_page_name:
        return pages.intended_page_name.strip("/").split("/")[0]
    if pages.intended_page_script_hash:
        return _PATH_BY_HASH.get(pages.intended_page_script_hash, UNKNOWN_PAGE)
    url = ""
    try:
        from streamlit.runtime.context import _context_info_field

        url = _context_info_field("url") or ""
    except Exception:  # older or newer Streamlit without this field
        url = ""
    if not url:
        try:
            url = st.context.url or ""
        except Exception:  # no browser context
            url = ""
    return urlparse(url).path.strip("/").split("/")[0]


def is_public_request() -> bool:
    """Whether this run is for a public page (the route table says who may see each path)."""
    return request_path() in routes.PUBLIC_PATHS


def client_ip() -> str:
    """The client's address (services/core/client_address.py: X-Forwarded-For only from a trusted proxy).

    "" only outside a browser session (tests, bare runs).
    """
    peer, forwarded = connection.peer_and_forwarded()
    trusted = runtime.settings().trusted_proxy_networks
    address = client_address(peer, forwarded, trusted)
    connection.warn_untrusted_proxy(peer, forwarded, trusted)
    return address


def principal() -> Principal | None:
    """Who is signed in on this run (set by `sign_in`, checked against the database)."""
    return st.session_state.get(PRINCIPAL_KEY)


def _authenticator() -> stauth.Authenticate:
    import streamlit_authenticator as stauth
    from streamlit_authenticator.utilities import LoginError

    engine = runtime.engine()
    authenticator = stauth.Authenticate(
        credentials_for_authenticator(engine), COOKIE_NAME, runtime.cookie_key(),
        cookie_expiry_days=SESSION_HOURS / 24, auto_hash=False, login_sleep_time=0,
    )

    def check_credentials(username: str, password: str) -> bool:
        try:
            return check_sign_in(engine, username=username, password=password, ip=client_ip()) is not None
        except SignInRefused as exc:
            _ = runtime.t()
            raise LoginError(_(exc.message).format(**exc.values)) from None
        except EmployerNotApproved as exc:  # right password, but the company may not recruit (yet)
            _ = runtime.t()
            reason = " " + _("Reason: {note}").format(note=literal(exc.note)) if exc.note else ""
            raise LoginError(_(exc.message) + reason) from None

    authenticator.authentication_controller.authentication_model.check_credentials = check_credentials
    if runtime.settings().base_url.lower().startswith("https://"):
        secure_cookie(authenticator.cookie_controller.cookie_model.cookie_manager)
    return authenticator


def secure_cookie(manager: Any) -> None:
    """The sign-in cookie gets `Secure` (sent over TLS only; SameSite=Strict is the component's default).

    The cookie is written by a front-end component (extra_streamlit_components' CookieManager, used by
    streamlit-authenticator), which cannot make it HttpOnly; its `set` takes `secure`, which the
    authenticator does not pass, so it is added here (README: "Staff sign-in cookie").
    """
    manager.set = functools.partial(manager.set, secure=True)


def _forget() -> None:
    for key in (SESSION_KEY, PRINCIPAL_KEY, COOKIE_PENDING):
        st.session_state.pop(key, None)
    for key in ("name", "username", "authentication_status", "email", "roles"):
        st.session_state[key] = None


def _bind_session(authenticator: stauth.Authenticate) -> Principal | None:
    """After the library says "signed in": find or create our server-side session."""
    engine = runtime.engine()
    username = st.session_state.get("username") or ""
    cookie = authenticator.cookie_controller.cookie_model
    if isinstance(cookie.token, dict) and cookie.token.get("username") == username:
        # restored from the cookie: it must belong to a live session (not signed out, not expired)
        return session_for_cookie(engine, username=username, cookie_exp=float(cookie.token["exp_date"]))
    if cookie.exp_date:  # signed in with the form on this run; the cookie carries this expiry
        token = cookie.cookie_manager.cookies.get(COOKIE_NAME)  # what the library has just asked to write
        if token:
            st.session_state[COOKIE_PENDING] = (token, float(cookie.exp_date))
        return start_session(engine, username=username, cookie_exp=float(cookie.exp_date), ip=client_ip())
    token = st.context.cookies.get(COOKIE_NAME)
    if token:
        try:
            claims = jwt.decode(token, runtime.cookie_key(), algorithms=["HS256"])
        except jwt.PyJWTError:
            return None
        return session_for_cookie(engine, username=username, cookie_exp=float(claims.get("exp_date", 0)))
    return None


def sign_in(*, show_form: bool = True) -> Principal | None:
    """On staff paths: restore a sign-in from the cookie, offer sign-out, or show the sign-in form.

    Call before st.navigation, so the page list can follow the role.
    """
    from streamlit_authenticator.utilities import LoginError

    _ = runtime.t()
    authenticator = _authenticator()
    try:
        authenticator.login(location="unrendered")
    except LoginError:
        _forget()
    current = _verified(authenticator)
    if current is None:
        st.session_state.pop(SIGNING_OUT, None)
    elif st.session_state.get(SIGNING_OUT):
        end_session(runtime.engine(), current.session_id)
        st.session_state.pop(SIGNING_OUT, None)  # from here on, a run cut short still finds the session ended
        authenticator.logout(location="unrendered")
        _forget()
        current = None
    if current is not None:
        _write_cookie_until_seen(authenticator)
    if current is None and show_form:
        # Hidden (not removed) on the run the form signs someone in: the library's cookie
        # component inside must stay mounted to set the cookie in the browser.
        with st.container(key="signin_box"):
            st.title(_("Staff sign-in"))
            _say_why_ended(_)
            try:
                authenticator.login(location="main", key="staff_login", fields={
                    "Form name": " ", "Username": _("User name"), "Password": _("Password"),
                    "Login": _("Sign in"), "Captcha": _("Captcha")})
            except LoginError as exc:
                st.session_state["authentication_status"] = None  # this message, not "wrong password"
                st.error(str(exc))
            if st.session_state.get("authentication_status") is False:
                st.error(_("User name or password is wrong."))
        current = _verified(authenticator)
        if current is not None:
            st.html("<style>.st-key-signin_box { display: none; }</style>")
    if current is not None:
        with st.sidebar:
            st.caption(_("Signed in as {name}").format(name=literal(current.display_name)))
            st.button(_("Sign out"), key="sign_out", icon=":material/logout:", on_click=_ask_sign_out)
    return current


def _ask_sign_out() -> None:
    """The sign-out button's callback: a flag that outlives the run.

    A button is true for one run only. The cookie list (the library's cookie component) reruns the page when
    the browser's cookies change; a rerun that comes while the run with the press is under way cuts it short
    before it reaches the sign-out, and the press was lost: the staff member stayed signed in. A callback runs
    before the script, where no rerun can cut in."""
    st.session_state[SIGNING_OUT] = True


def _write_cookie_until_seen(authenticator: stauth.Authenticate) -> None:
    """Write the sign-in cookie again on each run until the browser's cookie list (the library's
    cookie component) holds it.

    The library writes it once, by a component drawn on the run the form signs someone in; a rerun right
    after removes that component, sometimes before its frame has loaded and written anything. It comes
    after a sign-out in the same tab: the component listing the cookies notices the one removed and
    reruns the page. The staff member was then signed in without a cookie, and the next page load asked
    for the password again."""
    pending = st.session_state.get(COOKIE_PENDING)
    if not pending:
        return
    token, expires = pending
    manager = authenticator.cookie_controller.cookie_model.cookie_manager
    if manager.cookies.get(COOKIE_NAME) == token:
        st.session_state.pop(COOKIE_PENDING, None)
        return
    manager.set(COOKIE_NAME, token, expires_at=datetime.fromtimestamp(expires))


def _verified(authenticator: stauth.Authenticate) -> Principal | None:
    if not st.session_state.get("authentication_status"):
        st.session_state.pop(PRINCIPAL_KEY, None)
        return None
    sid = st.session_state.get(SESSION_KEY)
    current = session_principal(runtime.engine(), sid) if sid else _bind_session(authenticator)
    if current is None:  # revoked, expired, disabled, or a cookie without a live session
        why = _ended_by_employer(authenticator, sid)
        if why is not None:  # said on the sign-in form until someone signs in
            st.session_state[ENDED_KEY] = (why.message, why.note)
        authenticator.logout(location="unrendered")
        _forget()
        return None
    st.session_state.pop(ENDED_KEY, None)
    st.session_state[SESSION_KEY] = current.session_id
    st.session_state[PRINCIPAL_KEY] = current
    return current


def _ended_by_employer(authenticator: stauth.Authenticate, sid: str | None) -> EmployerNotApproved | None:
    """Whether this sign-in ended because the bureau suspended (or rejected) the recruiter's company."""
    if sid:
        return ended_by_employer(runtime.engine(), session_id=sid)
    token = authenticator.cookie_controller.cookie_model.token
    if not isinstance(token, dict) and st.context.cookies.get(COOKIE_NAME):
        try:
            token = jwt.decode(st.context.cookies[COOKIE_NAME], runtime.cookie_key(), algorithms=["HS256"])
        except jwt.PyJWTError:
            return None
    if isinstance(token, dict) and "exp_date" in token:
        return ended_by_employer(runtime.engine(), username=str(token.get("username", "")),
                                 cookie_exp=float(token["exp_date"]))
    return None


def _say_why_ended(_: Translator) -> None:
    ended = st.session_state.get(ENDED_KEY)
    if ended:
        message, note = ended
        text = _("You have been signed out.") + " " + _(message)
        if note:
            text += " " + _("Reason: {note}").format(note=literal(note))
        st.error(text, icon=":material/domain_disabled:")


def require(*roles: str) -> Principal:
    """Call first in a staff page: stop with a message unless the user has one of `roles`."""
    current = principal()
    if current is None or (roles and current.role not in roles):
        _ = runtime.t()
        st.error(_("You do not have access to this page."))
        st.stop()
    return current
