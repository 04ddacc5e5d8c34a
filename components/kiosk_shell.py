"""INTERFACE STUB (owner: the kiosk-shell branch) — what makes a page a locked kiosk.

pages/public/kiosk.py calls, in this order, on every run:
    kiosk_shell.lock(_)                        # full screen: no sidebar, header, menu or links out; big text;
                                               # 48 px targets; the browser's back button does nothing;
                                               # inputs never autofill
    gen = kiosk_shell.generation()             # suffix every personal widget key with it
    ... the step ...
    kiosk_shell.idle_guard(_, key=..., on_timeout=kiosk_shell.reset)       # any touch/key restarts it
    kiosk_shell.done_countdown(_, key=..., on_timeout=kiosk_shell.reset)   # only on the final screen
    kiosk_shell.exit_control(_, site_code=...) # staff: leave kiosk mode with the site PIN or an organizer sign-in
Timings come from settings (kiosk_idle_seconds, kiosk_warn_seconds, kiosk_done_seconds).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import streamlit as st

from services.core.i18n import Translator

GEN = "kiosk_gen"  # bumped by reset(): the next person's widgets have new keys
KEEP = ("kiosk_site", "lang", GEN)  # what a reset keeps: the site the kiosk is locked to, the language


def lock(_: Translator) -> None:
    """Kiosk styling and behaviour (a stub until the kiosk-shell branch lands)."""


def generation() -> int:
    return int(st.session_state.get(GEN, 0))


def reset(keep: Iterable[str] = ()) -> None:
    """Forget everything of the previous person (every session key but KEEP and `keep`)."""
    kept = set(KEEP) | set(keep)
    gen = generation()
    for k in list(st.session_state):
        if k not in kept:
            del st.session_state[k]
    st.session_state[GEN] = gen + 1


def idle_guard(_: Translator, *, key: str, on_timeout: Callable[[], None]) -> None:
    """After kiosk_idle_seconds without a touch or key (warning from kiosk_warn_seconds), call on_timeout."""


def done_countdown(_: Translator, *, key: str, on_timeout: Callable[[], None]) -> None:
    """The final screen: "Starting over in N s" with a button that stops it; then call on_timeout."""


def exit_control(_: Translator, *, site_code: str) -> None:
    """A small "Staff: leave kiosk mode" control (site PIN or organizer sign-in)."""
