"""Hostile user text and the check that a page shows it as text: never a link, an image, HTML or Markdown.

`HOSTILE` is what an attacker (or a careless import) might type into any free-text field. A page passes when
no element that Streamlit renders as Markdown or HTML carries it unescaped: `unescaped(at)` walks every proto
the script sent (element bodies, labels, options, help texts, expander and tab labels) and reports the
places where the raw text survived. Plain-text places (select box options, text input values, dataframes)
are skipped: Streamlit shows them as typed.
"""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

EVIL = "evil.example"
HOSTILE = (f"[点我](http://{EVIL}/a) ![x](http://{EVIL}/x.png) http://{EVIL}/b www.{EVIL} "
           f"<img src=x onerror=alert(1)> <a href=http://{EVIL}/c>链接</a> **粗体** # 标题 :red[红]")
# The same attacks in fewer characters, for columns too short for HOSTILE (PostgreSQL refuses what is longer;
# SQLite stores it anyway).
SHORT = f"[点我](http://{EVIL}/a) <img src=x> **粗**"


def fit(column, prefix: str, *, room: int = 0) -> str:
    """`prefix` and the longest hostile text that fits `column` (a table column; `room`: characters
    already in the cell, for an update that appends)."""
    limit = getattr(column.type, "length", None)
    for payload in (HOSTILE, SHORT):
        if limit is None or room + len(prefix + payload) <= limit:
            return prefix + payload
    raise ValueError(f"{column} is too short for a hostile text")


# How each piece reads once escaped (components.text.literal): backslashes and a word joiner.
RAW = re.compile(r"(?<!\\)evil\.example|(?<!\\)<img|(?<!\\)<a |\]\(http|(?<!\\)\*\*粗")

# (proto type, field) pairs that Streamlit shows as plain text, never as Markdown.
PLAIN = {("Selectbox", "options"), ("Selectbox", "raw_value"), ("Selectbox", "default"),
         ("MultiSelect", "options"), ("MultiSelect", "raw_values"), ("MultiSelect", "default"),
         ("TextInput", "value"), ("TextInput", "default"), ("TextInput", "placeholder"),
         ("TextArea", "value"), ("TextArea", "default"), ("TextArea", "placeholder"),
         ("Text", "body"), ("Code", "code_text"), ("DownloadButton", "url"), ("PageLink", "page"),
         ("Json", "body"), ("VegaLiteChart", "spec")}  # a chart draws its labels as SVG text


def _protos(node) -> list:
    out = []
    proto = getattr(node, "proto", None)
    if proto is not None:
        out.append(proto)
    for child in (getattr(node, "children", None) or {}).values():
        out += _protos(child)
    return out


def _strings(message, owner: str) -> list[tuple[str, str, str]]:
    """(proto type, field, value) for every string inside `message`, sub-messages included."""
    out: list[tuple[str, str, str]] = []
    for field, value in message.ListFields():
        name = message.DESCRIPTOR.name
        repeated = not isinstance(value, str | bytes) and not hasattr(value, "ListFields")
        values = value if repeated and hasattr(value, "__iter__") else [value]
        for v in values:
            if isinstance(v, str):
                out.append((name, field.name, v))
            elif hasattr(v, "ListFields"):
                out += _strings(v, owner)
    return out


def unescaped(at: AppTest) -> list[str]:
    """Where hostile text reached a Markdown or HTML element as it was typed (empty: all shown literally)."""
    found = []
    for proto in _protos(at._tree):
        for kind, field, value in _strings(proto, proto.DESCRIPTOR.name):
            if (kind, field) in PLAIN or kind in {"Arrow", "DataFrame"}:
                continue
            if kind == "Html" and "onerror" not in value and EVIL not in value:
                continue  # the pages' own CSS and scripts
            if RAW.search(value):
                found.append(f"{kind}.{field}: {value[:160]!r}")
    for table in at.table:  # st.table renders Markdown in every cell (st.dataframe does not)
        frame = table.value
        for value in [*map(str, frame.columns), *(str(v) for v in frame.to_numpy().ravel())]:
            if RAW.search(value):
                found.append(f"table cell: {value[:160]!r}")
    return found


def shown(at: AppTest) -> bool:
    """Sanity for a test: the hostile text is on the page at all (escaped, so in its literal form)."""
    return any("evil\\.example" in v or EVIL in v for p in _protos(at._tree) for _k, _f, v in _strings(p, ""))
