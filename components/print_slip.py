"""The printable ticket slip and its big "Print my ticket" button (the kiosk's last screen, the staff desk).

`show_slip(_, slip, key=..., paper="80mm"|"a6")` draws the slip on screen — the QR code as an inline
`data:` picture (never st.image or a download: their /media/ address answers without a session), the
big short code, the masked name, the date, the site, the three best-fitting jobs, the portal's name as
the ticket picture carries it and "Show this at the employers' booths" — and a button that opens the
browser's print dialog, or prints straight to the default printer where Chromium runs with
`--kiosk-printing`.

Only the slip reaches the paper: the component (a `st.components.v2` component in the page's own DOM,
no iframe, so the kiosk's tap-target and Latin checks see it) puts a copy of the slip in
`<body><div id="portal-print-root">`, hidden on screen; under `@media print` everything else in the
body (the whole Streamlit app) is hidden. The paper: 80 mm receipt rolls get a page exactly as long as
the slip (measured in the browser before printing: `@page { size: 80mm <length>mm }`, since a roll has
no fixed length and "80mm auto" is not valid CSS), so a receipt printer cuts after it; A6 (105 × 148 mm)
is one fixed page, the slip shrunk to fit when three long job titles would spill onto a second one. Text
in black, no background colours. The copy and its page size leave the document when the slip leaves
the screen (the kiosk's reset), so nothing of the person stays behind. One slip a page: while it is on
screen, the browser's own "print" (Ctrl+P on the staff desk) prints the slip too, and nothing else.

Everything the person or an employer typed (names, titles) is escaped (`html.escape`).
"""

from __future__ import annotations

import base64
import html

import streamlit as st

from components import runtime
from services.core.i18n import N_, Translator
from services.core.reference import SCOPES
from services.places.geography import city_label
from services.registration.slips import Slip, SlipJob
from services.registration.tickets import format_ticket_code, ticket_png

PAPERS = ("80mm", "a6")
NO_JOBS = N_("No job fits you yet: ask at the employers' booths.")

_CSS = """
.pslip-host { display: flex; flex-direction: column; align-items: center; gap: 16px; width: 100%; }
.pslip { box-sizing: border-box; width: min(100%, 440px); background: #fff; color: #000; border: 1px solid #9ca3af;
  border-radius: 6px; box-shadow: 0 2px 10px rgba(0,0,0,.18); padding: 18px 20px; font-size: 21px; line-height: 1.35;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; }
.pslip div, .pslip li { color: #000; }
.pslip .pslip-portal { text-align: center; font-size: .85em; font-weight: 700; }
.pslip .pslip-qr { display: block; width: 72%; height: auto; margin: 6px auto 0; image-rendering: pixelated; }
.pslip .pslip-code { text-align: center; font-size: 2.1em; font-weight: 800; letter-spacing: .1em; line-height: 1.15;
  font-family: "DejaVu Sans Mono", "Noto Sans Mono", monospace; white-space: nowrap; }
.pslip .pslip-name { text-align: center; font-size: 1.5em; font-weight: 700; }
.pslip .pslip-meta { text-align: center; font-size: .9em; }
.pslip .pslip-jobs-title { font-weight: 700; border-top: 2px dashed #000; margin-top: .5em; padding-top: .4em; }
.pslip ol.pslip-jobs { margin: .2em 0 0; padding-left: 1.4em; font-size: 1em; }
.pslip ol.pslip-jobs li { margin: 0 0 .35em; font-size: 1em; line-height: 1.3; }
.pslip .pslip-title { font-weight: 700; }
.pslip .pslip-small { font-size: .9em; overflow-wrap: anywhere; }
.pslip .pslip-none { font-size: .9em; }
.pslip .pslip-show { text-align: center; font-weight: 700; border-top: 2px dashed #000; margin-top: .4em;
  padding-top: .4em; }
.pslip-host button.pslip-print { box-sizing: border-box; width: min(100%, 440px); min-height: 72px; padding: 10px 20px;
  font-size: 28px; font-weight: 700; line-height: 1.2; color: #fff; background: var(--st-primary-color, #c2410c);
  border: none; border-radius: 12px; cursor: pointer; display: flex; align-items: center; justify-content: center;
  gap: .4em; font-family: inherit; touch-action: manipulation; }
.pslip-host button.pslip-print:active { filter: brightness(.9); }
#portal-print-root { display: none; }
#portal-print-root.pslip-measuring { display: block; position: absolute; left: -10000px; top: 0;
  visibility: hidden; }
#portal-print-root .pslip { width: 100%; max-width: none; border: none; border-radius: 0; box-shadow: none; padding: 0;
  background: none; font-size: 3.7mm; line-height: 1.3; }
#portal-print-root.paper-80mm { width: 74mm; }
#portal-print-root.paper-a6 { width: 95mm; margin: 0 auto; }
#portal-print-root.paper-a6 .pslip { font-size: 3.6mm; line-height: 1.25; }
/* at most two lines a title or an employer on paper: three long titles still fit one A6 page */
#portal-print-root .pslip-title, #portal-print-root .pslip-employer { display: -webkit-box;
  -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; }
/* The picture's white quiet zone is 4 modules (2 mm each at 58 mm); the paper around it is white too, so
   text may come within 2 modules of the code below it: the negative margin takes back the rest (the picture
   is painted under what comes after it, over what comes before: no negative margin above). */
#portal-print-root .pslip-qr { width: 58mm; margin: 0 auto -4mm; }
@media print {
  html, body { background: #fff !important; height: auto !important; min-height: 0 !important;
    overflow: visible !important; margin: 0 !important; padding: 0 !important; }
  body > *:not(#portal-print-root) { display: none !important; }
  #portal-print-root { display: block !important; position: static !important; visibility: visible !important; }
  #portal-print-root * { color: #000 !important; background: none !important; box-shadow: none !important; }
}
"""

# One copy of the slip at body level for the paper, its page size measured in the browser, and the
# button. MARGIN_MM: a receipt printer's own margin is small; A6 printers need a little more.
_JS = """
export default function (component) {
  const { parentElement, data } = component;
  const doc = parentElement.ownerDocument || document;
  const paper = data.paper === 'a6' ? 'a6' : '80mm';
  const margin = paper === 'a6' ? 4 : 2;
  const owner = Math.random().toString(36).slice(2);
  let host = parentElement.querySelector('.pslip-host');
  if (!host) {
    host = doc.createElement('div');
    host.className = 'pslip-host';
    parentElement.appendChild(host);
  }
  host.innerHTML = data.html;
  doc.getElementById('portal-print-root')?.remove();
  const root = doc.createElement('div');
  root.id = 'portal-print-root';
  root.className = 'paper-' + paper;
  root.dataset.owner = owner;
  root.setAttribute('aria-hidden', 'true');
  root.appendChild(host.querySelector('.pslip').cloneNode(true));
  doc.body.appendChild(root);
  doc.getElementById('portal-print-page')?.remove();
  const page = doc.createElement('style');
  page.id = 'portal-print-page';
  page.dataset.owner = owner;
  doc.head.appendChild(page);
  const fit = () => {
    root.style.zoom = '';
    root.classList.add('pslip-measuring');
    const tall = root.getBoundingClientRect().height * 25.4 / 96;
    root.classList.remove('pslip-measuring');
    if (paper === 'a6') {
      const room = 148 - 2 * margin - 2;
      if (tall > room) root.style.zoom = String(Math.floor(room / tall * 100) / 100);
      page.textContent = `@page { size: 105mm 148mm; margin: ${margin}mm; }`;
    } else {
      page.textContent = `@page { size: 80mm ${Math.ceil(tall + 2 * margin + 4)}mm; margin: ${margin}mm 3mm; }`;
    }
  };
  fit();
  if (doc.fonts && doc.fonts.ready) doc.fonts.ready.then(fit);
  const qr = root.querySelector('img');
  if (qr && !qr.complete) qr.addEventListener('load', fit, { once: true });
  window.addEventListener('beforeprint', fit);
  host.querySelector('button.pslip-print').addEventListener('click', () => { fit(); window.print(); });
  return () => {
    window.removeEventListener('beforeprint', fit);
    if (root.dataset.owner === owner) root.remove();
    if (page.dataset.owner === owner) page.remove();
  };
}
"""

_COMPONENT = st.components.v2.component("portal_print_slip", css=_CSS, js=_JS, isolate_styles=False)


@st.cache_data(max_entries=1000, show_spinner=False)
def qr_data_url(code: str) -> str:
    """The ticket's QR code as an inline picture (10 px a module: sharp at 50 mm on a 203 dpi printer)."""
    return "data:image/png;base64," + base64.b64encode(ticket_png(code, box_size=10)).decode("ascii")


def _job(_: Translator, job: SlipJob, language: str) -> str:
    place = city_label(job.place, language)
    if job.scope in SCOPES:
        place += " · " + _(SCOPES[job.scope])
    wage = _("{wage} yuan/month").format(wage=job.wage)
    return (f"<li><div class='pslip-title'>{html.escape(job.title)}</div>"
            f"<div class='pslip-small pslip-employer'>{html.escape(job.employer_name)}</div>"
            f"<div class='pslip-small'><b>{html.escape(wage)}</b> · {html.escape(place)}</div></li>")


def slip_html(_: Translator, slip: Slip, *, portal: str, language: str) -> str:
    """The slip's markup and its print button (every stored or typed text escaped)."""
    meta = " · ".join(part for part in (slip.day.isoformat(), slip.place_name) if part)
    if slip.jobs:
        jobs = "<ol class='pslip-jobs'>" + "".join(_job(_, job, language) for job in slip.jobs) + "</ol>"
    else:
        jobs = f"<div class='pslip-none'>{html.escape(_(NO_JOBS))}</div>"
    lang = "zh-CN" if language == "zh_CN" else "en"
    show, alt, title = _("Show this at the employers' booths"), _("QR code of your ticket"), _("Jobs for you")
    press = _("Print my ticket")
    return (
        f"<div class='pslip' lang='{lang}'>"
        f"<div class='pslip-portal'>{html.escape(portal)}</div>"
        f"<img class='pslip-qr' src='{qr_data_url(slip.code)}' alt='{html.escape(alt)}'>"
        f"<div class='pslip-code'>{html.escape(format_ticket_code(slip.code))}</div>"
        f"<div class='pslip-name'>{html.escape(slip.masked_name)}</div>"
        f"<div class='pslip-meta'>{html.escape(meta)}</div>"
        f"<div class='pslip-jobs-title'>{html.escape(title)}</div>{jobs}"
        f"<div class='pslip-show'>{html.escape(show)}</div>"
        f"</div>"
        f"<button type='button' class='pslip-print'><span aria-hidden='true'>🖨️</span>"
        f"<span>{html.escape(press)}</span></button>"
    )


def show_slip(_: Translator, slip: Slip, *, key: str, paper: str = "80mm") -> None:
    """The slip on screen and its print button; `paper` "80mm" (receipt printer) or "a6" (anything else: 80mm)."""
    language = runtime.language()
    portal = _("{county} job fair portal").format(county=runtime.county().display_name(language))
    _COMPONENT(key=key, data={"html": slip_html(_, slip, portal=portal, language=language),
                              "paper": paper if paper in PAPERS else "80mm"})
