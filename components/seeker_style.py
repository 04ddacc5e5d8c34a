"""The seekers' style: tap targets for fingers on cheap phones, on every public page (never on staff pages).

Every button, link, choice (radio, checkbox, pill), select and input at least 44 px high, the main
actions (primary buttons, form submits) and the 中文/English switch at least 48 px; inputs at
17 px text, so a phone does not zoom into the field. Measured in the browser by
tests/browser/test_tap_targets.py. One small block, built once at import and sent once per run by
`components.runtime.shell` (bytes on the wire matter on a slow phone network), plus the home
page's big buttons (`home_buttons`).
"""

from __future__ import annotations

import streamlit as st

# Streamlit's markers: data-testid on elements, [data-rac] [role=group] around a select's box,
# .st-key-<key> on keyed elements. Icon-only buttons (+/-, show password, "?" help) get a 44 px square.
_RULES = """
.stApp input,.stApp textarea{font-size:17px}
.stApp [data-testid$=RootElement],.stApp [data-testid=stNumberInputContainer],
.stApp [data-rac] [role=group]{min-height:44px}
.stApp [data-testid=stRadio] label,.stApp [data-testid=stCheckbox] label{min-height:44px;align-items:center}
.stApp button,.stApp [data-testid=stPageLink] a{min-height:44px;align-items:center}
.stApp [data-testid=stExpander] summary{min-height:48px;align-items:center}
.stApp button[data-testid^=stBaseButton-primary],.stApp button[data-testid^=stBaseButton-secondary]{min-height:48px}
.stApp .st-key-lang_switch button{min-height:48px;min-width:64px}
.stApp [data-testid=stNumberInput] button,.stApp [data-testid=stTextInputRootElement] button,
.stApp [data-testid=stTooltipHoverTarget] button{min-width:44px;justify-content:center}
@media (max-width:380px){.stApp h1{font-size:1.5rem!important}}
"""

# The home page's three actions: full-width, 60 px, icon + short label; the first one filled.
_HOME = """
.st-key-home_buttons a{min-height:60px;padding:.5rem 1rem;border:2px solid #c8102e;border-radius:.75rem;gap:.75rem}
.st-key-home_buttons a *{font-size:1.25rem;font-weight:600;color:#c8102e}
.st-key-home_buttons [data-testid=stElementContainer]:first-child a{background:#c8102e}
.st-key-home_buttons [data-testid=stElementContainer]:first-child a *{color:#fff}
"""


def _minify(css: str) -> str:
    return "".join(line.strip() for line in css.strip().splitlines())


CSS = f"<style>{_minify(_RULES)}</style>"
HOME_CSS = f"<style>{_minify(_HOME)}</style>"


def apply() -> None:
    """The seekers' tap-target style; once per run of a public page."""
    st.html(CSS)


def home_buttons() -> None:
    """The home page's big buttons: call before `st.container(key="home_buttons")`."""
    st.html(HOME_CSS)
