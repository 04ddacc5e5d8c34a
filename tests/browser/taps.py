"""Measure tap targets in a real browser: every visible thing a finger can press, with its box.

`tap_targets(page)` returns one `Target` per interactive element a person sees: buttons, links,
text inputs, selects, text areas, summaries, ARIA radios/checkboxes/options/tabs/buttons, and the
labels of radios and checkboxes (the hidden native input is not the target; its label is). A text
input or a Streamlit select is measured as the box drawn around it (what the finger hits), not the
bare <input> inside. `offenders(targets)` applies the rule: at least 44 px high (48 for the main
actions: primary buttons, form submits, the language switch, the home page's buttons), at least
44 px wide for a target without words (icon only), and text fields with text of at least 16 px
(smaller makes a phone zoom in when the field is tapped).

Used by tests/browser/test_tap_targets.py; any other browser test may call it on its own pages.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_HEIGHT = 44
MIN_MAIN = 48  # main actions: primary buttons, form submits, the language switch, home buttons
MIN_ICON_WIDTH = 44
MIN_FONT = 16  # px, in text fields

# Runs in the page. Written against roles and Streamlit's stable data-testid/baseweb markers, not labels.
_COLLECT = r"""
() => {
  const SELECTOR = 'button, a[href], input, select, textarea, summary, [role=radio], [role=checkbox],'
    + ' [role=option], [role=tab], [role=button], [role=switch], [role=combobox], label';
  const MAIN = '.st-key-lang_switch, .st-key-home_buttons';
  const hiddenInput = el => el.tagName === 'INPUT'
    && ['radio', 'checkbox', 'hidden', 'file'].includes((el.type || '').toLowerCase());
  const visible = el => {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    for (let p = el; p && p.nodeType === 1; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.display === 'none' || s.visibility === 'hidden' || s.opacity === '0') return false;
      if (p.getAttribute('aria-hidden') === 'true') return false;
    }
    const s = getComputedStyle(el);
    if (s.clip === 'rect(0px, 0px, 0px, 0px)' || s.clipPath === 'inset(50%)') return false;
    return true;
  };
  // the box a finger hits for this element (a styled wrapper around a bare input)
  const box = el => {
    const select = el.closest('[data-testid=stSelectbox], [data-testid=stMultiSelect]');
    if (select && (el.matches('input') || el.getAttribute('aria-haspopup'))) {
      return select.querySelector('[role=group]') || el;  // its input and its chevron open the same list
    }
    if (el.matches('input, textarea')) {
      return el.closest('[data-testid$=RootElement], [data-testid=stNumberInputContainer]') || el;
    }
    return el;
  };
  const words = el => {
    const clone = el.cloneNode(true);
    clone.querySelectorAll('[data-testid=stIconMaterial], svg, img').forEach(n => n.remove());
    return (clone.innerText || clone.textContent || '').replace(/\s+/g, ' ').trim();
  };
  const seen = new Set();
  const out = [];
  for (const el of document.querySelectorAll(SELECTOR)) {
    if (hiddenInput(el)) continue;
    if (el.tagName === 'LABEL') {  // only labels that are the tap target of a radio or checkbox
      if (!el.querySelector('input[type=radio], input[type=checkbox], [role=radio], [role=checkbox]')) continue;
    } else if (el.closest('label') && el.closest('label').querySelector('input[type=radio], input[type=checkbox]')) {
      continue;  // inside a choice's label: the label is measured
    }
    const target = box(el);
    if (seen.has(target) || !visible(target)) continue;
    seen.add(target);
    const r = target.getBoundingClientRect();
    const testid = (el.closest('[data-testid]') || el).getAttribute('data-testid') || '';
    const kind = el.getAttribute('data-testid') || '';
    // main actions: primary buttons and form submits, the language switch, the home page's big buttons
    const main = /^stBaseButton-primary/.test(kind) || !!el.closest(MAIN);
    out.push({
      tag: el.tagName.toLowerCase(), role: el.getAttribute('role') || el.getAttribute('type') || '',
      testid, text: words(el).slice(0, 60) || el.getAttribute('aria-label') || el.getAttribute('placeholder') || '',
      iconOnly: !words(el) && el.tagName !== 'INPUT' && el.tagName !== 'TEXTAREA' && el.tagName !== 'SELECT',
      main, x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width * 10) / 10,
      height: Math.round(r.height * 10) / 10,
      fontSize: el.matches('input, textarea, select') ? parseFloat(getComputedStyle(el).fontSize) : 0,
    });
  }
  return out;
}
"""

_SCROLL = r"""
() => {
  const main = document.querySelector('[data-testid=stMain]');
  const doc = document.scrollingElement || document.documentElement;
  return {
    viewport: window.innerWidth,
    document: doc.scrollWidth,
    main: main ? main.scrollWidth : 0,
    mainClient: main ? main.clientWidth : 0,
  };
}
"""


@dataclass(frozen=True)
class Target:
    tag: str
    role: str
    testid: str
    text: str
    icon_only: bool
    main: bool  # a main action: 48 px
    x: int
    y: int
    width: float
    height: float
    font_size: float = 0  # of a text field's text (0: not a text field)

    @property
    def min_height(self) -> int:
        return MIN_MAIN if self.main else MIN_HEIGHT

    def problems(self) -> list[str]:
        found = []
        if self.height < self.min_height:
            found.append(f"height {self.height:g} < {self.min_height}")
        if self.icon_only and self.width < MIN_ICON_WIDTH:
            found.append(f"icon-only width {self.width:g} < {MIN_ICON_WIDTH}")
        if 0 < self.font_size < MIN_FONT:
            found.append(f"text {self.font_size:g} px < {MIN_FONT} (the phone zooms in)")
        return found

    def describe(self) -> str:
        what = f"<{self.tag}{' role=' + self.role if self.role else ''}> [{self.testid}]"
        kind = " main" if self.main else (" icon-only" if self.icon_only else "")
        return f"{what}{kind} {self.text!r} {self.width:g}x{self.height:g} at ({self.x},{self.y})"


def tap_targets(page) -> list[Target]:
    """Every visible interactive element of the page, measured (the whole page, not only the viewport)."""
    return [Target(tag=t["tag"], role=t["role"], testid=t["testid"], text=t["text"], icon_only=t["iconOnly"],
                   main=t["main"], x=t["x"], y=t["y"], width=t["width"], height=t["height"],
                   font_size=t["fontSize"])
            for t in page.evaluate(_COLLECT)]


def offenders(targets: list[Target]) -> list[tuple[Target, list[str]]]:
    return [(t, p) for t in targets if (p := t.problems())]


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the screen (0: no sideways scrolling)."""
    sizes = page.evaluate(_SCROLL)
    return max(sizes["document"] - sizes["viewport"], sizes["main"] - sizes["mainClient"], 0)
