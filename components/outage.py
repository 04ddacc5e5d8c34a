"""The database is unavailable (PostgreSQL stopped, file unreadable): say so, keep what was typed,
and carry on by itself when it is back.

What the person sees, in the chosen language, right under the language switch: the service is briefly
unavailable, nothing typed is lost, the page continues by itself. A fragment tries the database again
every few seconds (and at once on "Try again now"); when it answers, the whole page runs again and
the message is gone. Nothing here decides what a failure means: `services.core.availability` does.

Three ways a failure reaches this module:
- `guard()` around code that runs in the page script (app.py wraps every page with `run`): the
  message is drawn, the rest of the page is not, and widget values are kept (a stopped run keeps them);
- `callback(fn)` around a button callback: the failure is remembered (`mark_down`) and the page is
  drawn as usual under the message, e.g. the confirmation step with everything that was typed;
- `check()` in the shell (which also migrates at a process's first request), so a page that reads
  nothing before a button is pressed (home, a form) says so too, and stays usable under the message.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

import streamlit as st
from streamlit.errors import StreamlitAPIException
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from components import runtime
from services.core.availability import is_database_unavailable, ping
from services.core.i18n import N_

DOWN = "_db_down"  # session: (time.monotonic() of the last failure, whether a pressed button failed)
BACK = "_db_back"  # session: the database came back after a pressed button failed (True, then when shown)
BACK_SECONDS = 20.0
SLOT = "_db_slot"  # session: where this run draws the message (under the language switch)
TOAST = "_db_toast"  # session: a pressed button just failed; say so where the person is looking
RETRY_SECONDS = 4

MESSAGE = N_("The service is briefly unavailable. Nothing you entered is lost. This page will carry on by "
             "itself in a moment.")
RETRYING = N_("Trying again every few seconds…")
TRY_NOW = N_("Try again now")
BACK_AGAIN = N_("The service is back. Please press your button again.")

_LOG = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class _Slot:
    box: object
    drawn: bool = False


def is_unavailable(exc: BaseException) -> bool:
    return is_database_unavailable(exc)


def mark_down(exc: BaseException, *, action: bool = False) -> None:
    """Remember that the database just failed for this session (`action`: a button's work was not done).

    Logged by type only: the text of a database error can hold the statement's parameters."""
    _LOG.warning("database unavailable: %s", type(exc).__name__)
    _, pressed = st.session_state.get(DOWN) or (0.0, False)
    st.session_state[DOWN] = (time.monotonic(), pressed or action)
    st.session_state.pop(BACK, None)
    if action:
        st.session_state[TOAST] = True


def slot() -> None:
    """Called by the shell right under the language switch: the place for the message in this run;
    draws it when an earlier run or a callback found the database down."""
    st.session_state[SLOT] = _Slot(st.container())
    if st.session_state.get(DOWN):
        show()
    elif _back_shown():  # at the top, and where the person is looking
        st.session_state[SLOT].drawn = True
        with st.session_state[SLOT].box:
            st.info(runtime.t()(BACK_AGAIN), icon=":material/refresh:")


def _back_shown() -> bool:
    """"Press your button again" stays for BACK_SECONDS after the recovery, through the reruns that may
    follow it (a cookie written, a widget's late value), and pops up once; pressing a button ends it."""
    back = st.session_state.get(BACK)
    if not back:
        return False
    if isinstance(back, bool):  # the first run after the recovery
        st.session_state[BACK] = time.monotonic()
        st.toast(runtime.t()(BACK_AGAIN), icon=":material/refresh:", duration="short")
        return True
    if time.monotonic() - back > BACK_SECONDS:
        st.session_state.pop(BACK, None)
        return False
    return True


def show() -> None:
    """Draw the message and the retrying fragment once per run, in the slot when the shell made one.

    After a pressed button failed, the message also pops up over the page for a few seconds: on a
    phone the person is scrolled down to the button, far from the top of the page."""
    if st.session_state.pop(TOAST, False):
        st.toast(runtime.t()(MESSAGE), icon=":material/cloud_off:", duration="short")  # gone before "back"
    place = st.session_state.get(SLOT)
    if isinstance(place, _Slot):
        if place.drawn:
            return
        place.drawn = True
        with place.box, _as_the_shell():  # type: ignore[attr-defined]
            _retry()
    else:
        with _as_the_shell():
            _retry()


@contextmanager
def _as_the_shell() -> Iterator[None]:
    """Draw the message as the shell (app.py) would, also when a page's own code found the database down:
    Streamlit tells widgets apart by the page that draws them, so "Try again now" drawn while a page ran
    would be another button in the next run, where the shell draws it (the first press would be lost)."""
    ctx = get_script_run_ctx()
    if ctx is None:
        yield
        return
    with ctx.run_with_active_hash(ctx.pages_manager.main_script_hash):
        yield


@st.fragment(run_every=RETRY_SECONDS)
def _retry() -> None:
    _ = runtime.t()
    st.warning(_(MESSAGE), icon=":material/cloud_off:")
    pressed = st.button(_(TRY_NOW), key="_db_try_now", icon=":material/refresh:", width="stretch")
    st.caption(_(RETRYING))
    down = st.session_state.get(DOWN)
    if down is None:  # recovered in another run already
        return
    failed_at, action = down
    # Not in the run that just failed (a database that answers a ping but fails the page's work
    # would rerun it in a tight loop): at most one try per RETRY_SECONDS, or when asked.
    if not pressed and time.monotonic() - failed_at < RETRY_SECONDS - 0.5:
        return
    try:
        ping(runtime.engine())
    except Exception as exc:
        if not is_unavailable(exc):
            raise
        st.session_state[DOWN] = (time.monotonic(), action)
        return
    st.session_state.pop(DOWN, None)
    if action:
        st.session_state[BACK] = True
    hand_back_typed_values()
    st.rerun()  # the whole page again, with everything that was typed


# Widgets whose value is something typed or chosen (not a button, an upload, a table editor or a chart selection).
TYPED_VALUES = {"string_value", "int_value", "double_value", "bool_value", "string_array_value", "int_array_value",
                "double_array_value"}


def hand_back_typed_values() -> None:
    """Before the page is drawn again after an outage: tell the browser every typed or chosen value again.

    A run that stopped at the outage drew no widget below that point, so the browser unmounted them; the
    server kept their values, but a widget mounted again shows its default unless its value was set through
    the session state (or it has `persist_state`). Set so, each comes back as typed, in the browser too."""
    from streamlit.runtime.state import get_session_state

    try:
        state = get_session_state()._state  # the SessionState behind the thread-safe wrapper
        keys = [k for k in st.session_state if isinstance(k, str)]
    except (AttributeError, RuntimeError):  # pragma: no cover - a Streamlit without these internals
        return
    for key in keys:
        widget_id = state.get_widget_id_from_key(key)
        metadata = state.get_widget_metadata(widget_id) if widget_id else None
        value = st.session_state.get(key)
        if metadata is None or metadata.value_type not in TYPED_VALUES or value is None or hasattr(value, "keys"):
            continue
        try:
            st.session_state[key] = value
        except StreamlitAPIException:  # e.g. a widget this run drew already: it shows its value anyway
            continue


@contextmanager
def guard(*, action: bool = False) -> Iterator[None]:
    """Run page code; if the database is unavailable, show the message and end this run there
    (`action`: the code does what a pressed button asked, so the person is asked to press it again)."""
    try:
        yield
    except Exception as exc:
        if not is_unavailable(exc):
            raise
        mark_down(exc, action=action)
        show()
        st.stop()


def run(navigation: StreamlitPage) -> None:
    """Run the page chosen by st.navigation under `guard`."""
    with guard():
        navigation.run()


def callback(fn: Callable[P, R]) -> Callable[P, R | None]:
    """A button callback that, when the database is unavailable, leaves the page as it was (every value
    kept) under the message instead of Streamlit's error box; pressing the button again works."""

    @functools.wraps(fn)
    def run_callback(*args: P.args, **kwargs: P.kwargs) -> R | None:
        st.session_state.pop(BACK, None)  # pressed again: "press your button again" is done
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            if not is_unavailable(exc):
                raise
            mark_down(exc, action=True)
            return None

    return run_callback


_last_ok = 0.0


def check() -> None:
    """Ping the database (at most once every few seconds for the whole process: busy fair days stay
    cheap) and show the message when it is down; the page goes on below."""
    global _last_ok
    if st.session_state.get(DOWN) or time.monotonic() - _last_ok < RETRY_SECONDS:
        return
    try:
        ping(runtime.engine())
    except Exception as exc:
        if not is_unavailable(exc):
            raise
        mark_down(exc)
        show()
        return
    _last_ok = time.monotonic()
