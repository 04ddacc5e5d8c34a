"""This browser's ticket: a cookie that brings the ticket back after a reload or on the next visit.

After a registration (or a ticket found again) the page remembers the ticket code in the cookie
`portal_ticket` (30 days, SameSite=Lax, path /), set by a tiny script; /register and /ticket read it
from `st.context.cookies` (what the browser sent when the page was opened) and show "Your ticket"
again. "This is not me" (or "Register another person") forgets it: the cookie is cleared by the same
kind of script, and this session stops reading the value it was opened with.

The cookie holds only the ticket code (no name, no number): the code is what the QR picture shows.
"""

from __future__ import annotations

import streamlit as st

from services.registration.tickets import TICKET_ALPHABET, TICKET_LENGTH, normalize_ticket_code

COOKIE = "portal_ticket"
MAX_AGE = 30 * 24 * 3600
_REMEMBERED, _FORGOTTEN = "ticket_cookie_code", "ticket_cookie_forgotten"


def _cookies() -> dict[str, str]:
    """The cookies the browser sent when this session's page was opened (tests replace this)."""
    try:
        return dict(st.context.cookies)
    except Exception:  # no browser session (a bare script run)
        return {}


def _valid(code: str) -> bool:
    return len(code) == TICKET_LENGTH and all(c in TICKET_ALPHABET for c in code)


def saved_code() -> str | None:
    """The ticket code this browser remembers, unless forgotten in this session."""
    if st.session_state.get(_FORGOTTEN):
        return None
    remembered = st.session_state.get(_REMEMBERED)
    if remembered:
        return remembered
    code = normalize_ticket_code(_cookies().get(COOKIE, ""))
    return code if _valid(code) else None


def remember(code: str) -> None:
    """Keep `code` in this browser (the script is drawn by `sync` at the end of the run)."""
    if _valid(code):
        st.session_state[_REMEMBERED] = code
        st.session_state[_FORGOTTEN] = False


def forget() -> None:
    """Forget this browser's ticket (a callback may call it: the script is drawn by `sync`)."""
    st.session_state.pop(_REMEMBERED, None)
    st.session_state[_FORGOTTEN] = True


def sync() -> None:
    """Draw the script that sets or clears the cookie, once per page run (at the bottom of the page).

    The code is from the ticket alphabet (checked), so it is safe inside the script."""
    code = st.session_state.get(_REMEMBERED)
    if code and _valid(code):
        value, age = code, MAX_AGE
    elif st.session_state.get(_FORGOTTEN):
        value, age = "", 0
    else:
        return
    st.html(
        "<script>document.cookie = '" + COOKIE + "=" + value + "; Max-Age=" + str(age) +
        "; path=/; SameSite=Lax' + (location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True, width="content",
    )
