"""Showing user-entered text (names, fair titles) as literal text inside Markdown elements."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def literal(value: str) -> str:
    """Escape Markdown (links, emphasis, HTML-looking text) so it shows exactly as typed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value)
