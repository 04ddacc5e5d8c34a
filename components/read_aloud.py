"""A big "Read aloud" button for the kiosk: it speaks the Simplified Chinese text of message ids.

`read_aloud(_, parts, key=...)`: `parts` are message ids (components.kiosk_prompts), read in order in
Mandarin whatever the page language (the zh_CN catalog; `_` only translates the button's own words).
Everything happens in the browser (components/read_aloud.js, a `st.components.v2` component mounted
inline, no iframe): a tap never reruns the script on the server.

- The browser's speech synthesis with a Chinese voice: zh-CN first, then another Mandarin voice (never
  Cantonese), chosen after the voices have loaded (getVoices() is empty at first: it waits for
  `voiceschanged`, at most 2 s); utterance language zh-CN; the text cut into utterances of at most 40
  characters at Chinese punctuation (components.spoken.utterances); cancel() before speaking again.
- No Chinese voice, no speech synthesis, a voice that errors or never starts: the recorded prompts of the
  same parts in order (static/prompts/, served at /app/static/prompts/), never silence and never an
  English voice.
- While it speaks the button says so, with a stop sign, and a second tap stops it; leaving the step
  (the component unmounted) stops it too. One button speaks at a time.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import streamlit as st
import streamlit.components.v2 as components_v2

from components import spoken
from services.core.i18n import Translator

log = logging.getLogger(__name__)

# Sent with every run that draws the button: without its comments and indentation (~5 KB instead of ~8).
_JS = "\n".join(line.strip() for line in Path(__file__).with_suffix(".js").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.strip().startswith("//"))
_HTML = """<div class="ra-root"><button type="button" class="ra-button" data-mode="" aria-pressed="false">
<span class="ra-icon"></span><span class="ra-label"></span></button><audio preload="none"></audio></div>"""
_CSS = """
.ra-root { display: block; }
.ra-root .ra-button {
  display: inline-flex; align-items: center; justify-content: center; gap: 0.6rem;
  min-height: 64px; min-width: 12rem; padding: 0.5rem 1.6rem; margin: 0;
  font: inherit; font-size: 1.35rem; font-weight: 600; line-height: 1.2; cursor: pointer;
  color: var(--st-primary-color, #c8102e); background: var(--st-background-color, #fff);
  border: 3px solid var(--st-primary-color, #c8102e); border-radius: 999px;
  touch-action: manipulation; -webkit-tap-highlight-color: transparent;
}
.ra-root .ra-button:focus-visible { outline: 3px solid var(--st-text-color, #000); outline-offset: 3px; }
.ra-root .ra-icon { display: inline-flex; width: 2rem; height: 2rem; }
.ra-root .ra-icon svg { width: 100%; height: 100%; fill: currentColor; }
.ra-root .ra-button.speaking { color: #fff; background: var(--st-primary-color, #c8102e); }
@media (prefers-reduced-motion: no-preference) {
  .ra-root .ra-button.speaking { animation: ra-pulse 1.2s ease-in-out infinite; }
}
@keyframes ra-pulse { 50% { box-shadow: 0 0 0 8px rgba(200, 16, 46, 0.2); } }
.ra-root audio { display: none; }
"""


def _component():
    """The component, registered with the running server (the same definition again is a no-op)."""
    return components_v2.component("portal_read_aloud", html=_HTML, css=_CSS, js=_JS, isolate_styles=False)


def read_aloud(_: Translator, parts: Sequence[str], *, key: str) -> None:
    """Draw the button that reads `parts` (message ids) aloud in Mandarin."""
    items = spoken.script(parts, str(st.get_option("server.baseUrlPath") or ""))
    missing = [p for p, item in zip(parts, items, strict=True) if not item["audio"]]
    if missing:  # the voice still reads them; a device without one would skip them
        log.warning("no recorded prompt for %s: run scripts/make_prompts.py", missing)
    data = {"items": items, "label": _("Read aloud"), "stop": _("Reading… tap to stop")}
    _component()(key=key, data=data, width="stretch", height="content")
