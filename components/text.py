"""Showing user-entered text (names, titles, descriptions, notes) as literal text inside Markdown elements.

Streamlit renders Markdown (GitHub-flavoured, plus its own `:color[...]`, `:material/icon:` and `$math$`) in
st.markdown/caption/info/warning/error/success/title/header/subheader, in st.toast and in the labels of
widgets, expanders, tabs, metrics and page links. Text someone typed (a company name, a vacancy's title or
description, a person's name from a village list, a note) must show exactly as typed there: never as a link,
an image, a heading, emphasis or HTML. `literal()` is the one helper for that; a test
(tests/components/test_literal_guard.py) fails when a page passes a known user field to a Markdown element
without it.

Plain-text places need no escaping and must not get it (the backslashes would show): st.dataframe cells,
st.text, st.code, st.text_input values, and the options of st.selectbox / st.multiselect.
"""

from __future__ import annotations

import re

# Any ASCII punctuation character may be backslash-escaped in CommonMark. These are the ones Markdown (with
# GitHub's and Streamlit's extensions) acts on: escaped, the text holds no emphasis, link, image, heading,
# list, table, setext underline, HTML tag or entity, footnote, directive (`:red[…]`, `:material/…:`), emoji
# code or math. The others (, / ; ' " ? %) act only inside those and stay as they are, so wages and dates
# read the same in the page's source.
ACTIVE = "\\`*_{}[]()#+-.!|<>~$:=&^@"
_MARKDOWN_SPECIAL = re.compile("([" + re.escape(ACTIVE) + "])")
WORD_JOINER = "\u2060"  # invisible, no line break: splits what the auto-linker looks for
# GitHub-flavoured Markdown turns bare URLs ("http://…", "www.…") and e-mail addresses into links, even
# when their punctuation is escaped (remark's autolink-literal runs on the parsed text): a word joiner
# inside "://", after "www" and after "@" keeps them text, and the text still reads the same.
_AUTOLINK = re.compile(r"(?i)(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)")


def literal(value: str) -> str:
    """`value` as Markdown that shows exactly as typed: no link, image, emphasis, heading or HTML."""
    text = _AUTOLINK.sub(WORD_JOINER, str(value))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
