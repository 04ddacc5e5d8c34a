"""Bring the first field with a problem into view after a form was refused.

A refused form shows each message beside its field; on a phone the first one may be above or below
the screen. This draws a tiny script that scrolls the first error message's field into view (the
field above the message, so the person sees what to fix and the message together). `nonce` changes
with every refused press, so the script runs again for each one, and not on other reruns.
"""

from __future__ import annotations

import streamlit as st

_SCRIPT = """<script>(() => {{
  const nonce = "{nonce}";
  if (window.__portalScrolled === nonce) return;
  let tries = 0;
  const go = () => {{
    const alert = document.querySelector('[data-testid=stMain] [data-testid=stAlertContentError]');
    if (!alert) {{ if (++tries < 40) setTimeout(go, 50); return; }}
    window.__portalScrolled = nonce;
    const box = alert.closest('[data-testid=stElementContainer]');
    const field = box && box.previousElementSibling ? box.previousElementSibling : box;
    (field || alert).scrollIntoView({{block: 'center', behavior: 'smooth'}});
  }};
  go();
}})();</script>"""


def scroll_to_first_error(nonce: int) -> None:
    st.html(_SCRIPT.format(nonce=int(nonce)), unsafe_allow_javascript=True, width="content")
