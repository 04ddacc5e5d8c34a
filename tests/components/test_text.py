"""components.text.literal: what someone typed shows as typed inside Markdown (issue 14)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from components.text import ACTIVE, WORD_JOINER, literal

UNESCAPE = re.compile(r"\\([" + re.escape(ACTIVE) + "])")


def _shown(markdown: str) -> str:
    """What a reader sees: CommonMark drops the backslash of an escaped punctuation character; the word
    joiner is invisible."""
    return UNESCAPE.sub(r"\1", markdown).replace(WORD_JOINER, "")


def test_links_images_html_and_emphasis_are_escaped() -> None:
    out = literal("[点我](http://evil.example) ![x](http://e.example/x.png) <img src=x onerror=alert(1)> **粗** # 标")
    for active in (r"\]\(", r"<img", r"\*\*", r"# "):  # none of them left without its backslash
        assert not re.search(r"(?<!\\)" + active, out), active
    assert out.startswith("\\[点我\\]\\(http\\:")


def test_bare_urls_www_and_mail_addresses_are_not_auto_linked() -> None:
    """GitHub-flavoured Markdown links these even with their punctuation escaped: a word joiner splits them."""
    for text, broken in (("http://evil.example", "http\\:" + WORD_JOINER + "//"),
                         ("HTTPS://evil.example", "HTTPS\\:" + WORD_JOINER + "//"),
                         ("www.evil.example", "www" + WORD_JOINER + "\\."),
                         ("WWW.evil.example", "WWW" + WORD_JOINER + "\\."),
                         ("a@evil.example", "a\\@" + WORD_JOINER + "evil")):
        assert broken in literal(text), literal(text)


def test_chinese_text_wages_and_dates_are_unchanged() -> None:
    assert literal("东莞市华丰电子有限公司（包吃住）") == "东莞市华丰电子有限公司（包吃住）"
    assert literal("3,500–4,800元/月") == "3,500–4,800元/月"


def test_streamlit_directives_and_math_are_escaped() -> None:
    assert literal(":red[x] :material/home: $x$") == "\\:red\\[x\\] \\:material/home\\: \\$x\\$"


def test_setext_headings_tables_and_entities_are_escaped() -> None:
    assert literal("标题\n===") == "标题\n\\=\\=\\="
    assert literal("a | b") == "a \\| b"
    assert literal("&lt;b&gt;") == "\\&lt;b\\&gt;"


@given(st.text(max_size=200))
def test_the_reader_sees_exactly_what_was_typed(text: str) -> None:
    out = literal(text)
    assert _shown(out) == text.replace(WORD_JOINER, "") or WORD_JOINER in text
    # no unescaped ASCII punctuation is left for Markdown to act on
    assert not re.search(r"(?<!\\)[" + re.escape(ACTIVE.replace("\\", "")) + "]", out.replace("\\\\", ""))
