"""Bold in the Chinese catalog draws as bold: CommonMark does not close `**` that follows a punctuation
mark when a letter comes right after it, so "**怎样找回二维码：**把…" showed its asterisks on /ticket."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

CATALOG = Path(__file__).resolve().parents[2] / "locales" / "zh_CN" / "LC_MESSAGES" / "messages.po"
PUNCTUATION = "：。，）！？、；”…"
# a closing ** after a punctuation mark, with a letter (not a space, punctuation or the end) right after it
UNCLOSED = re.compile(rf"\S[{PUNCTUATION}]\*\*(?=[^\s{re.escape(PUNCTUATION)}*])")


def _bold_texts() -> list[str]:
    with CATALOG.open("rb") as f:
        catalog = read_po(f)
    texts = []
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        texts += [s for s in strings if s and "**" in s]
    return texts


def test_no_bold_ends_on_a_punctuation_mark_before_a_letter() -> None:
    texts = _bold_texts()
    assert texts  # the catalog has bold text to check
    bad = [t for t in texts if any(UNCLOSED.search(part) for part in _closing_runs(t))]
    assert not bad, bad


def _closing_runs(text: str) -> list[str]:
    """The text around each second, fourth, … `**` (the closing ones)."""
    positions = [m.start() for m in re.finditer(r"\*\*", text)]
    return [text[max(0, p - 2):p + 3] for p in positions[1::2]]


def test_the_rule_catches_the_ticket_page_s_old_text() -> None:
    old = "**怎样找回二维码：**把二维码图片保存到手机上"
    assert any(UNCLOSED.search(part) for part in _closing_runs(old))
    assert not any(UNCLOSED.search(part) for part in _closing_runs("**怎样找回二维码**：把二维码图片"))
    assert not any(UNCLOSED.search(part) for part in _closing_runs("**请把下面的说明读给对方听：**"))
