"""What makes a page a locked kiosk (owner: the kiosk-shell branch).

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

How it works. `lock` sends one static script (components/kiosk_assets/kiosk_shell.js, installed once per
browser tab) and the CSS; each run also draws small hidden markers (`#kiosk-lock` with the generation,
`#kiosk-idle`, the visible `.kiosk-done` box) that the script reads four times a second. The timers live
in the browser: while nobody touches the tablet, nothing reaches the server. A deadline clicks a hidden
Streamlit button (key = the `key` given) whose `on_click` is `on_timeout`: that one rerun resets; the
button that was pressed before is not pressed again (Streamlit sends only this click), so a tap during a
countdown never repeats a submit. When the generation changes (a reset), the script restarts the count,
hides the warning, scrolls to the top and replaces the history entry.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import streamlit as st

from components import runtime
from services.core.i18n import N_, Translator

GEN = "kiosk_gen"  # bumped by reset(): the next person's widgets have new keys
HOME_LANG = "kiosk_home_lang"  # the language the kiosk opened in (its link's, else the default): each person's start
# what a reset keeps: the site the kiosk is locked to, its home language (the language switch's keys are set again)
KEEP = ("kiosk_site", HOME_LANG, GEN, "lang_switch", "_lang_from_url")
KEEP_PARAMS = ("site", "lang")  # query parameters a reset keeps (the kiosk's link)

_ASSETS = Path(__file__).resolve().parent / "kiosk_assets"
_CSS = (_ASSETS / "kiosk_shell.css").read_text(encoding="utf-8")
_JS = (_ASSETS / "kiosk_shell.js").read_text(encoding="utf-8")
_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")  # the keys the script finds by their class .st-key-<key>

WARN_TEXT = N_("Still there? Starting over in {n} s")
STILL_HERE = N_("I am still here")
DONE_TEXT = N_("Starting over in {n} s")
STOP = N_("Stop")
STOPPED = N_("Stopped. The screen stays until nobody has touched it for a while.")
START_OVER = N_("Start over")


def _attr(value: object) -> str:
    return html.escape(str(value), quote=True)


def _html(markup: str) -> None:
    st.html(markup, unsafe_allow_javascript=True)


def lock(_: Translator) -> None:
    """Kiosk styling and behaviour: no sidebar, header, menu or page links; body text 20 px, inputs 22 px;
    every button, choice and input at least 48 px high; no autofill (autocomplete off, a random name on
    every input); the back button and back swipe stay on the page; no long-press menu or text selection
    outside inputs; links leaving the page do nothing."""
    st.session_state.setdefault(HOME_LANG, runtime.language())
    with st.container(key="kiosk_lock"):
        _html(f'<style>{_CSS}</style><div id="kiosk-lock" data-gen="{generation()}"></div><script>{_JS}</script>')


def generation() -> int:
    return int(st.session_state.get(GEN, 0))


def reset(keep: Iterable[str] = ()) -> None:
    """Forget everything of the previous person: every session key but KEEP and `keep`, and every query
    parameter but the kiosk's own (site, lang); back to the kiosk's home language; bump the generation so
    the next person's widgets get new keys (the browser then replaces the history entry and scrolls to the
    top). Call it from a callback (on_timeout, a button's on_click), or call st.rerun() after it."""
    kept = set(KEEP) | set(keep)
    gen = generation()
    for k in list(st.session_state):
        if k not in kept:
            del st.session_state[k]
    st.session_state[GEN] = gen + 1
    for name in list(st.query_params):
        if name not in KEEP_PARAMS:
            del st.query_params[name]
    home = st.session_state.get(HOME_LANG)
    if home:  # the previous person may have switched to English: the next one starts in the kiosk's language
        st.session_state[runtime.LANG_KEY] = home
        st.query_params[runtime.LANG_KEY] = st.session_state["_lang_from_url"] = runtime.URL_LANG[home]


def _deadline_button(_: Translator, key: str, on_timeout: Callable[[], None], marker: str = "") -> None:
    """The hidden button the browser clicks at a deadline (AppTest clicks it by its key), and a hidden
    marker beside it (hidden containers leave no gap on the page)."""
    if not _KEY.match(key):
        raise ValueError(f"kiosk key {key!r}: letters, digits and _ only")
    with st.container(key=f"kiosk_hidden_{key}"):
        st.button(_(START_OVER), key=key, on_click=on_timeout)
        if marker:
            _html(marker)


def idle_guard(_: Translator, *, key: str, on_timeout: Callable[[], None]) -> None:
    """After kiosk_idle_seconds without a touch or key (a full-screen warning with a big "I am still here"
    from kiosk_warn_seconds), call on_timeout. Any tap, key press or typing restarts the count. Needs
    lock() on the page (its script runs the timers)."""
    settings = runtime.settings()
    _deadline_button(_, key, on_timeout, marker=(
        f'<div id="kiosk-idle" hidden data-gen="{generation()}" data-idle="{settings.kiosk_idle_seconds}" '
        f'data-warn="{settings.kiosk_warn_seconds}" data-button="st-key-{key}" '
        f'data-text="{_attr(_(WARN_TEXT))}" data-still="{_attr(_(STILL_HERE))}"></div>'))


def done_countdown(_: Translator, *, key: str, on_timeout: Callable[[], None]) -> None:
    """The final screen: "Starting over in N s" (kiosk_done_seconds from the last tap) with a big Stop
    button; stopping leaves the idle guard in charge; at the end, call on_timeout."""
    seconds = runtime.settings().kiosk_done_seconds
    _deadline_button(_, key, on_timeout)
    text = _(DONE_TEXT)
    before, _sep, after = text.partition("{n}")
    _html(f'<div class="kiosk-done" role="timer" data-key="{key}" data-gen="{generation()}" '
          f'data-seconds="{seconds}" data-button="st-key-{key}" data-text="{_attr(text)}" '
          f'data-stopped-text="{_attr(_(STOPPED))}"><span class="kiosk-done-text">{html.escape(before)}'
          f'<b>{seconds}</b>{html.escape(after)}</span>'
          f'<button type="button" class="kiosk-stop">{html.escape(_(STOP))}</button></div>')


def exit_control(_: Translator, *, site_code: str, on_leave: Callable[[], None] | None = None) -> None:
    """A small "Staff: leave kiosk mode" control at the bottom: the site PIN or an organizer's sign-in
    (components.kiosk_exit). Right: audited, the whole session cleared, then `on_leave` (default: the
    home page)."""
    from components import kiosk_exit

    kiosk_exit.control(_, site_code=site_code, on_leave=on_leave)
