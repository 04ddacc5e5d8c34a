"""The booth's live ticket scanner: a Streamlit custom component (st.components.v2, inline, no iframe).

After a tap on "Start camera" (the browser asks for the camera only then) the rear camera's picture is
shown and decoded in the browser, about 9 frames a second (BarcodeDetector where the browser has it, the
bundled jsQR elsewhere: assets/jsQR.js, Apache-2.0); as soon as a ticket's QR code is read, its code alone
is sent to the server and the page opens the card. The camera stays on between scans (while a card is open
the picture shrinks to a strip and the next ticket still opens by itself); it stops when the page is left.

Fallbacks, in the page's language like every label here: "Take a photo" sends one frame of the live camera
(the server's zxing-cpp reads more than live decoding does), "Photo or picture" takes a picture with the
phone's camera app or picks a file (read by the component itself, so no English file-uploader words), both
decoded on the server (services.recruiting.booth.decode_ticket_image); and typing the code (the page's form).
A QR code that is not a ticket is said so in the browser and nothing is sent; the same code is not sent
twice within a few seconds, nor the code of the card already open.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import streamlit as st

from services.core.i18n import Translator
from services.recruiting.booth import code_from_qr_text

ASSETS = Path(__file__).resolve().parent / "assets"
MAX_PHOTO_BYTES = 8_000_000  # a data URL larger than this is not decoded
PHOTO_PREFIXES = ("data:image/jpeg;base64,", "data:image/png;base64,", "data:image/webp;base64,")

_CSS = """
.qs { font-family: inherit; color: var(--st-text-color, #262730); }
.qs-view { position: relative; width: 100%; max-width: 560px; aspect-ratio: 4 / 3; max-height: 52vh;
  margin: 0 auto; background: #1f2328; border-radius: 12px; overflow: hidden; display: none; }
.qs video { width: 100%; height: 100%; object-fit: cover; display: block; }
.qs-aim { position: absolute; inset: 14% 22%; border: 3px solid rgba(255,255,255,.85); border-radius: 14px;
  box-shadow: 0 0 0 200vmax rgba(0,0,0,.25); pointer-events: none; }
.qs-hint { position: absolute; left: 0; right: 0; bottom: 8px; text-align: center; color: #fff;
  font-size: 17px; text-shadow: 0 1px 3px #000; pointer-events: none; }
.qs-status { margin: .45rem 0; font-size: 17px; min-height: 1.4em; }
.qs-status[data-kind=error] { color: #b3261e; font-weight: 600; }
.qs-status[data-kind=warn] { color: #8a5300; font-weight: 600; }
.qs-status[data-kind=ok] { color: #137333; font-weight: 600; }
.qs-buttons { display: flex; flex-wrap: wrap; gap: .5rem; }
.qs-btn { min-height: 48px; padding: 0 1rem; border-radius: 10px; font-size: 17px; font-family: inherit;
  border: 1px solid rgba(49,51,63,.25); background: #fff; color: inherit; cursor: pointer;
  display: inline-flex; align-items: center; justify-content: center; flex: 1 1 auto; }
.qs-primary { background: var(--st-primary-color, #c8102e); border-color: transparent; color: #fff; font-weight: 600; }
.qs-start { min-height: 56px; font-size: 19px; flex-basis: 100%; }
.qs-file input { display: none; }
.qs-next, .qs-snap, .qs-stop { display: none; }
.qs[data-state=live] .qs-view, .qs[data-state=starting] .qs-view { display: block; }
.qs[data-state=live] .qs-start, .qs[data-state=starting] .qs-start { display: none; }
.qs[data-state=live] .qs-snap, .qs[data-state=live] .qs-stop { display: inline-flex; }
/* a card is open: the picture shrinks to a strip beside a big "Scan next" */
.qs[data-compact="1"] { display: grid; grid-template-columns: 120px 1fr; gap: .25rem .6rem; align-items: center; }
.qs[data-compact="1"] .qs-view { width: 120px; height: 90px; max-height: none; margin: 0; grid-row: span 2;
  border-radius: 8px; }
.qs[data-compact="1"] .qs-hint, .qs[data-compact="1"] .qs-aim { display: none; }
.qs[data-compact="1"] .qs-status { margin: 0; font-size: 15px; min-height: 0; }
.qs[data-compact="1"] .qs-next { display: inline-flex; min-height: 52px; font-size: 19px; }
.qs[data-compact="1"] .qs-snap, .qs[data-compact="1"] .qs-file, .qs[data-compact="1"] .qs-stop { display: none; }
.qs[data-compact="1"][data-state=idle] .qs-view, .qs[data-compact="1"][data-state=failed] .qs-view { display: none; }
.qs[data-compact="1"][data-state=idle], .qs[data-compact="1"][data-state=failed] { grid-template-columns: 1fr; }
.qs[data-compact="1"][data-state=idle] .qs-start, .qs[data-compact="1"][data-state=failed] .qs-start { display: none; }
"""


@cache
def _js() -> str:
    """jsQR (its UMD build given a `module` to fill, so it runs inside an ES module) and the scanner."""
    vendored = (ASSETS / "jsQR.js").read_text(encoding="utf-8")
    scanner = (ASSETS / "qr_scanner.js").read_text(encoding="utf-8")
    return ("const jsQR = (() => { const module = { exports: {} }; const exports = module.exports;\n"
            f"{vendored}\nreturn module.exports; }})();\n{scanner}")


@cache
def _component() -> Any:
    return st.components.v2.component("portal_qr_scanner", css=_CSS, js=_js(), isolate_styles=True)


@dataclass(frozen=True)
class ScanEvent:
    """What the scanner sent in this run: a ticket code read live, a photo to decode, or "Scan next"."""

    code: str | None = None
    photo: bytes | None = None
    next: bool = False


def labels(_: Translator) -> dict[str, str]:
    return {
        "start": _("Start camera"), "stop": _("Stop camera"), "next": _("Scan next"),
        "snap": _("Take a photo"), "photo": _("Photo or picture"),
        "idle": _("Tap “Start camera”, then point it at the QR code on the ticket."),
        "aim": _("Point the camera at the QR code"), "starting": _("Starting the camera…"),
        "found": _("Ticket {code} read, opening the card…", code="{code}"),
        "reading": _("Reading the photo…"),
        "not_ticket": _("This QR code is not a job seeker's ticket."),
        "not_picture": _("This file is not a picture. Take a photo of the ticket or type the code."),
        "refused": _("The camera was not allowed. Allow it in the browser's settings, or take a photo, "
                     "or type the code below."),
        "no_camera": _("No camera can be used here. Take a photo or choose a picture, or type the code below."),
        "no_live": _("This browser cannot read QR codes live: tap “Take a photo”."),
    }


def photo_bytes(data_url: object) -> bytes | None:
    """The picture in a data URL the component sent, or None when it is not one (or too large)."""
    if not isinstance(data_url, str) or not data_url.startswith(PHOTO_PREFIXES):
        return None
    payload = data_url.split(",", 1)[1]
    if len(payload) > MAX_PHOTO_BYTES * 4 // 3 + 4:
        return None
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        return None


def event_from(sent: object) -> ScanEvent | None:
    """What the browser sent (the component's values: {"code": …} / {"photo": data URL} / {"next": true})."""
    def value(name: str) -> object:
        if isinstance(sent, dict):
            return sent.get(name)
        return getattr(sent, name, None)

    raw_code = value("code")
    if isinstance(raw_code, str) and raw_code:
        return ScanEvent(code=code_from_qr_text(raw_code) or "")
    photo = value("photo")
    if photo:
        return ScanEvent(photo=photo_bytes(photo) or b"")
    if value("next"):
        return ScanEvent(next=True)
    return None


def _mount(*, key: str, data: dict[str, Any], on_change: Callable[[], None]) -> Any:
    """The component on the page. Tests replace this: they put what the browser would send into
    st.session_state[key] and call `on_change`, as Streamlit does before the script runs."""
    return _component()(key=key, data=data, on_code_change=on_change, on_photo_change=on_change,
                        on_next_change=on_change)


def qr_scanner(_: Translator, *, key: str, on_scan: Callable[[ScanEvent], None], current: str | None = None,
               compact: bool = False) -> None:
    """Draw the scanner. What it sends is handed to `on_scan` in a callback, before the page script runs,
    so the run that follows a scan already draws the card (and the scanner compact beside it).
    `current`: the ticket code of the card open now (not sent again); `compact`: a card is open."""
    handled = f"{key}_handled"  # how many of its events the page has handled: the browser clears "Reading…"

    def changed() -> None:
        event = event_from(st.session_state.get(key))
        if event is not None:
            on_scan(event)
        st.session_state[handled] = st.session_state.get(handled, 0) + 1

    _mount(key=key, data={"labels": labels(_), "current": current, "compact": compact,
                          "handled": st.session_state.get(handled, 0)}, on_change=changed)
