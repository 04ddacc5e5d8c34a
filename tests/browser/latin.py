"""Find Latin words on a page shown in Chinese: the visible text, and what a person or a screen reader
meets in attributes (placeholder, title, aria-label, alt, …) and in the tooltips of `help=` icons.

    from tests.browser.latin import latin_words, assert_no_latin
    assert_no_latin(page, "jobs list")  # fails and prints every offending string with where it was found

A word is a run of letters and digits. Allowed: the few words in ALLOWED (brand names, "QR", units);
lowercase pinyin in a text about pinyin (拼音), e.g. the village search's "输入 yj"; and codes — runs of
capitals and digits holding at least one digit, such as a ticket code "AB12 CD34" (a ticket code
as shown, two groups of four from the ticket alphabet, is allowed even without a digit: "KQMX 4RPV"),
a fair code "SPRING26" or a sample credit code "91441900MA4W3XXXXX". Material icons (`:material/…:`
draw their name as a font ligature) count as text only where a screen reader reads them, that is when
they are not hidden from it (aria-hidden).
"""

from __future__ import annotations

import re

from services.registration.tickets import TICKET_ALPHABET

# "English": the language switch names the other language in that language, so that its reader finds it.
ALLOWED = frozenset({"QR", "English"})
_WORD = re.compile(r"[A-Za-z0-9]+")
_CODE = re.compile(r"(?=.*\d)[0-9A-Z]+")
# A ticket code as shown ("KQMX 4RPV"): two groups of four from the ticket alphabet; a group may have no digit.
_TICKET = re.compile(r"(?<![0-9A-Za-z])[%s]{4} [%s]{4}(?![0-9A-Za-z])" % ((TICKET_ALPHABET,) * 2))

# Attributes a person or a screen reader meets.
ATTRIBUTES = ("placeholder", "title", "aria-label", "aria-description", "aria-roledescription",
              "aria-valuetext", "aria-placeholder", "alt", "value")

_COLLECT = r"""(attributes) => {
  const out = [];
  const hiddenFromAll = (el) => el.closest('[aria-hidden="true"], [hidden], [inert]') !== null;
  const where = (el) => {
    const tag = el.tagName.toLowerCase();
    const owner = el.closest('[data-testid]');
    const key = el.closest('[class*="st-key-"]');
    const keyName = key ? (key.className.match(/st-key-[\w-]+/) || [''])[0] : '';
    return `<${tag}>` + (owner ? ` in ${owner.getAttribute('data-testid')}` : '') + (keyName ? ` ${keyName}` : '');
  };
  const rendered = (el) => el.checkVisibility ? el.checkVisibility({visibilityProperty: true}) : true;
  out.push(['document title', document.title]);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const text = node.textContent.trim();
    if (!el || !text || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName)) continue;
    if (!rendered(el) || hiddenFromAll(el)) continue;
    const icon = el.closest('[data-testid="stIconMaterial"]');
    out.push([(icon ? 'icon name read aloud ' : 'text ') + where(el), text]);
  }
  for (const el of document.body.querySelectorAll('*')) {
    if (hiddenFromAll(el)) continue;
    // an input or button a screen reader can reach even when drawn invisible (e.g. a hidden radio input)
    if (!rendered(el) && !['INPUT', 'BUTTON', 'TEXTAREA', 'SELECT'].includes(el.tagName)) continue;
    for (const name of attributes) {
      if (name === 'value' && !(el.tagName === 'INPUT' && ['button', 'submit', 'reset'].includes(el.type))) continue;
      const value = el.getAttribute(name);
      if (value && value.trim()) out.push([`${name} of ` + where(el), value.trim()]);
    }
    for (const ref of ['aria-labelledby', 'aria-describedby']) {
      const ids = el.getAttribute(ref);
      if (!ids) continue;
      for (const id of ids.split(/\s+/)) {
        const target = document.getElementById(id);
        if (target && target.textContent.trim()) out.push([`${ref} of ` + where(el), target.textContent.trim()]);
      }
    }
  }
  return out;
}"""


def latin_in(text: str) -> list[str]:
    """The words of `text` that are neither allowed nor codes. A text that speaks of pinyin (拼音) may show
    lowercase pinyin as an example of what to type (the village search: "输入 yj")."""
    pinyin = "拼音" in text
    text = _TICKET.sub(" ", text)
    return [w for w in _WORD.findall(text)
            if re.search(r"[A-Za-z]", w) and w not in ALLOWED and not _CODE.fullmatch(w)
            and not (pinyin and w.islower() and w.isalpha())]


def _tooltips(page) -> list[tuple[str, str]]:
    """Hover every `help=` icon (and every element with a tooltip) and read the tooltip it opens."""
    found: list[tuple[str, str]] = []
    targets = page.locator('[data-testid="stTooltipHoverTarget"]:visible, [data-testid="stTooltipIcon"]:visible')
    for i in range(targets.count()):
        target = targets.nth(i)
        try:
            target.scroll_into_view_if_needed(timeout=2000)
            target.hover(timeout=2000)
            tip = page.locator('[data-testid="stTooltipContent"]:visible').last
            tip.wait_for(timeout=2000)
            found.append((f"tooltip #{i} of a help icon", tip.inner_text()))
        except Exception as exc:  # no tooltip opened: note it, the text may still be in the page
            found.append((f"tooltip #{i} of a help icon (did not open: {type(exc).__name__})", ""))
        page.mouse.move(0, 0)
    return found


def latin_words(page, *, tooltips: bool = True) -> list[tuple[str, str]]:
    """Every (where, word) a Chinese reader should not meet on `page` as it is drawn now."""
    strings = [tuple(pair) for pair in page.evaluate(_COLLECT, list(ATTRIBUTES))]
    if tooltips:
        strings += _tooltips(page)
    found, seen = [], set()
    for where, text in strings:
        for word in latin_in(text):
            item = (f"{where}: {text[:120]!r}", word)
            if item not in seen:
                seen.add(item)
                found.append(item)
    return found


def assert_no_latin(page, state: str, *, tooltips: bool = True) -> None:
    found = latin_words(page, tooltips=tooltips)
    if found:
        lines = "\n".join(f"  {word!r:24} {where}" for where, word in found)
        print(f"Latin words on {state}:\n{lines}")
    assert not found, f"{len(found)} Latin word(s) on {state}:\n" + "\n".join(
        f"  {word!r:24} {where}" for where, word in found)
