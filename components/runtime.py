"""Process-wide resources for the pages: settings, engines (the primary's, and the read engine), vault,
county, language."""

from __future__ import annotations

import contextlib
import copy
import sys
import threading
from pathlib import Path
from typing import Literal

import streamlit as st
from sqlalchemy.engine import Engine
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from components import frontend_text, outage
from services.core.crypto import InsecureSecretError, Vault, resolve_cookie_key, resolve_secret
from services.core.db import make_engine, migrate
from services.core.i18n import LANGUAGE_NAMES, LANGUAGES, Translator, normalize_language, translator
from services.core.read_db import make_read_engine
from services.core.settings import Settings, get_settings
from services.places.county import County, load_county

FAVICON = Path(__file__).resolve().parent / "assets" / "favicon.png"
LANG_KEY = "lang"
_URL_SEEN = "_lang_from_url"
_SWITCH = "lang_switch"
URL_LANG = {"zh_CN": "zh", "en": "en"}


class _Database:
    """The process's engine; migrated at its first use, and again at the next use while that failed
    (the database was down at start-up: the page says so and tries again, see components.outage)."""

    def __init__(self, url: str):
        self.engine = make_engine(url)
        self.migrated = False
        self._lock = threading.Lock()

    def ready(self) -> Engine:
        if not self.migrated:
            with self._lock:
                if not self.migrated:
                    migrate(self.engine)
                    self.migrated = True
        return self.engine


@st.cache_resource(show_spinner=False)
def _database(url: str) -> _Database:
    """Created once per process; migrations run once, not on every rerun."""
    return _Database(url)


_KEYS: dict[int, tuple[Settings, Vault, str]] = {}


def _keys() -> tuple[Vault, str]:
    """The vault and cookie key, resolved once per settings object, not on every rerun
    (on the embedded default that would read data/secret.key twice per rerun)."""
    current = settings()
    entry = _KEYS.get(id(current))
    if entry is None or entry[0] is not current:
        entry = (current, Vault.from_secret(resolve_secret(current)), resolve_cookie_key(current))
        _KEYS.clear()
        _KEYS[id(current)] = entry
    return entry[1], entry[2]


def settings() -> Settings:
    return get_settings()


def engine() -> Engine:
    return _database(settings().effective_database_url).ready()


@st.cache_resource(show_spinner=False)
def _read_database(url: str) -> Engine:
    """A replica's engine, created once per process (never migrated: its schema comes from the primary)."""
    return make_read_engine(url)


def read_engine() -> Engine:
    """Where the dashboard, exports, meeting report and audit log read: the replica named by
    READ_DATABASE_URL, else the primary's own engine. Read-only: pages hand writes to `engine()`."""
    current = settings()
    if not current.reads_from_replica:
        return engine()
    return _read_database(current.effective_read_database_url)


def vault() -> Vault:
    return _keys()[0]


def cookie_key() -> str:
    return _keys()[1]


def local_zone():
    from services.core.clock import local_zone as zone

    return zone()


def county() -> County:
    return load_county(settings().county_file)


def language() -> str:
    return normalize_language(st.session_state.get(LANG_KEY) or settings().default_language)


def t() -> Translator:
    return translator(language())


def shell(*, staff: bool = False) -> None:
    """What every page shows around it: settings check, styling, language switch.

    Called by app.py before st.navigation. Because a `pages/` folder sits beside
    app.py, Streamlit starts each process in its old directory mode and, until
    someone opens "/", runs a deep link such as /register?fair=X as the bare page
    script (found through its link pages/_register.py, see components.routes),
    skipping app.py. `page()` notices that and draws the shell itself, without a
    rerun (a rerun would drop the click that started this run).
    """
    PagesManager.uses_pages_directory = False
    try:
        _keys()
    except InsecureSecretError as exc:
        st.error(f"配置错误 / Configuration error: {exc}")
        st.stop()
    style(staff=staff)
    if staff:  # staff work on desktops: menu and language in an open sidebar
        with st.sidebar:
            language_switch()
    else:
        from components import seeker_style

        seeker_style.apply()  # fingers on phones: 44/48 px tap targets on every public page
        language_switch()
    # the icon from the app itself: a ":material/…" or emoji icon is fetched from Google's or a CDN's servers
    # (unreachable in China, and refused by the proxy's CSP)
    st.set_page_config(page_title=t()("Job fair portal"), page_icon=str(FAVICON),
                       layout="wide" if staff else "centered",
                       initial_sidebar_state="auto" if staff else "collapsed")  # auto: closed on phones
    if not staff:  # seeker pages: Streamlit's own words (aria labels, "No results") in this language
        frontend_text.install(language())
    outage.slot()  # "briefly unavailable" goes here, in the chosen language
    # The first request of a process migrates (engine()); with the database down the page says so, and
    # still runs (a form stays usable), so that st.navigation knows the page to come back to.
    outage.check()


_APP = Path(__file__).resolve().parent.parent / "app.py"


def _bare_run() -> bool:
    """True in a bare run of a page script: Streamlit's old `pages/` folder mode (`_mpa_v1`) is running
    it without app.py. Read from this run's own call stack; a page run through app.py has app.py's frame
    below st.navigation's page.run(), and a page script run on its own (AppTest.from_file(page)) has
    neither."""
    frame = sys._getframe(1)
    v1 = False
    while frame is not None:
        code = frame.f_code
        if code.co_filename.endswith("app.py") and Path(code.co_filename).resolve() == _APP:
            return False
        v1 = v1 or code.co_name == "_mpa_v1"
        frame = frame.f_back
    return v1


def page() -> Translator:
    """Call first in every page. If Streamlit ran this page bare (its old `pages/` folder mode,
    see `shell`), run app.py instead, which draws the shell, signs staff in and navigates
    to this same page; then stop this bare run.

    Whether this run is bare is read from this run's own call stack, not from the process-wide
    `PagesManager.uses_pages_directory`: on a fresh server several first requests run bare at
    the same moment, and the first to reach `shell` turns that flag off for all of them (the
    others would then draw their page without the shell, in the default language, ignoring
    `?lang=en`, under Streamlit's list of every file in pages/).
    """
    if _bare_run():
        PagesManager.uses_pages_directory = False
        with _as_app():
            exec(compile(_APP.read_text(encoding="utf-8"), str(_APP), "exec"), {"__name__": "__main__"})  # noqa: S102
        st.stop()
    return t()


def _as_app() -> contextlib.AbstractContextManager[None]:
    """Run app.py under its own script hash, as every later run does, not under the bare page's.

    Streamlit derives each widget's id from the hash of the script drawing it. Drawn under the bare page's
    hash, app.py's widgets (the staff sign-in form, the language switch) changed ids on the next run, so the
    browser replaced them: on a process's first staff page (a cold or just restarted process) the sign-in
    cookie's component answers a few seconds late, and that run emptied what had been typed and dropped the
    press of "Sign in"."""
    ctx = get_script_run_ctx()
    run_with = getattr(ctx, "run_with_active_hash", None)
    main_hash = getattr(getattr(ctx, "pages_manager", None), "main_script_hash", None)
    if run_with is None or not main_hash:  # another Streamlit: as before
        return contextlib.nullcontext()
    return run_with(main_hash)


_PAGES: dict[tuple[str, str, str, str | None, str, bool, str], st.Page] = {}


def nav_page(file: str, *, title: str, icon: str | None, url_path: str, default: bool, cached: bool = True,
             visibility: Literal["visible", "hidden"] = "visible") -> st.Page:
    """An `st.Page` for st.navigation. Building one resolves its file through every symbolic link of its
    path (about 0.3 ms each, every page on every run); so each is built once per process and title, and
    every run gets a copy (st.navigation marks the copy it returns as runnable: copies keep concurrent
    sessions apart). `cached=False` for addresses taken from the URL (not a bounded set)."""
    if not cached:
        return st.Page(file, title=title, icon=icon, url_path=url_path, default=default, visibility=visibility)
    key = (str(get_script_run_ctx().pages_manager.main_script_parent), file, title, icon, url_path, default, visibility)
    template = _PAGES.get(key)
    if template is None:
        template = _PAGES[key] = st.Page(file, title=title, icon=icon, url_path=url_path, default=default,
                                         visibility=visibility)
    return copy.copy(template)


def _switch_changed() -> None:
    lang = st.session_state[_SWITCH]
    st.session_state[LANG_KEY] = lang
    st.query_params[LANG_KEY] = URL_LANG[lang]
    st.session_state[_URL_SEEN] = URL_LANG[lang]


def language_switch() -> str:
    """A visible 中文 / English switch, kept in the URL as `?lang=en` / `?lang=zh`."""
    url_lang = st.query_params.get(LANG_KEY)
    if url_lang is not None and st.session_state.get(_URL_SEEN) != url_lang:
        st.session_state[_URL_SEEN] = url_lang  # a link or a typed URL chose the language
        st.session_state[LANG_KEY] = normalize_language(url_lang)
    current = language()
    st.session_state[LANG_KEY] = current
    st.session_state[_SWITCH] = current  # the session's language is the source of truth, not the widget
    _ = t()
    st.segmented_control(
        _("Language"), LANGUAGES, key=_SWITCH, required=True, format_func=LANGUAGE_NAMES.get,
        on_change=_switch_changed, label_visibility="collapsed",
    )
    return current


# Phones first: less empty space above the content, titles that fit a 390 px screen.
_CSS = """<style>
.block-container, [data-testid="stMainBlockContainer"] { padding-top: 1.2rem; padding-bottom: 3rem; }
h1 { font-size: 2rem !important; }
@media (max-width: 640px) { h1 { font-size: 1.7rem !important; } h2, h3 { font-size: 1.3rem !important; } }
/* fingers, not mouse pointers: 44 px tap targets for choices, inputs and buttons */
[data-testid="stRadio"] label, [data-testid="stCheckbox"] label { min-height: 44px; align-items: center; }
[data-testid="stTextInput"] input, [data-testid="stNumberInput"] input { min-height: 44px; }
[data-testid="stBaseButton-primary"], [data-testid="stBaseButton-secondary"] { min-height: 48px; }
[data-testid="stImage"], [data-testid="stImage"] img { margin-left: auto; margin-right: auto; }
.st-key-frontend_text { display: none; }
</style>"""
# Seeker pages: no English decoration Streamlit draws by itself (docs/ARCHITECTURE.md, "Chinese everywhere"):
# the "Press Enter to submit form" hint under a field and the "link to heading" anchors beside titles.
_PUBLIC_CSS = """<style>
[data-testid="InputInstructions"], [data-testid="stHeaderActionElements"] { display: none !important; }
[data-testid="stButtonGroup"] button { min-height: 44px; }  /* pills used instead of drop-downs: finger-sized */
</style>"""


def style(*, staff: bool = False) -> None:
    st.html(_CSS if staff else _CSS + _PUBLIC_CSS)
