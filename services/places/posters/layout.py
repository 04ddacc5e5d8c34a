"""Breaking poster text into lines: Chinese has no spaces, so known words and clauses stay whole."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache


@lru_cache(maxsize=64)
def _token_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """A token is a known word, a Latin word or number, or one character."""
    known = "|".join(re.escape(w) for w in sorted({w for w in words if len(w) > 1}, key=len, reverse=True))
    return re.compile((known + "|" if known else "") + r"[A-Za-z0-9]+|.", re.S)


_CLAUSE = re.compile(r"[^，。、；：！？·\s]+[，。、；：！？·\s]*|[，。、；：！？·\s]+")  # up to a pause
_LINE_END = " \t"  # dropped where a line ends
_NO_LINE_START = set("，。、；：！？）》」』”’,.;:!?)%")


def wrap(width_of: Callable[[str], float], text: str, width: float, words: tuple[str, ...] = ()) -> list[str]:
    """Lines no wider than `width`, broken after a pause (comma, middle dot, space) where possible,
    never before closing punctuation, and as even as the breaks allow (no word left alone)."""
    lines = _greedy(width_of, text, width, words)
    if len(lines) < 2:
        return lines
    low, high = 0.0, width
    for _step in range(10):  # the narrowest width that needs no more lines
        middle = (low + high) / 2
        fewer = len(_greedy(width_of, text, middle, words)) <= len(lines)
        low, high = (low, middle) if fewer else (middle, high)
    return _greedy(width_of, text, high, words)


def _greedy(width_of: Callable[[str], float], text: str, width: float, words: tuple[str, ...]) -> list[str]:
    """Fill each line before starting the next; a clause too long for a line is split evenly."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for clause in _CLAUSE.findall(paragraph):
            if used + width_of(clause.rstrip(_LINE_END)) <= width:
                line, used = line + clause, used + width_of(clause)
                continue
            if line.strip():
                lines.append(line.rstrip(_LINE_END))
            line = clause.lstrip()
            if width_of(line.rstrip(_LINE_END)) > width:
                *full, line = _split_even(width_of, line, width, words)
                lines += full
            used = width_of(line)
        lines.append(line.rstrip(_LINE_END))
    return lines


def _split_even(width_of: Callable[[str], float], text: str, width: float, words: tuple[str, ...]) -> list[str]:
    """`text` in as few lines as fit `width`, the lines as even as possible, known words kept whole."""
    tokens: list[str] = []
    for token in _token_pattern(words).findall(text):  # a word wider than the line (a URL) is cut anywhere
        tokens += list(token) if width_of(token) > width else [token]
    widths = [width_of(t) for t in tokens]

    def greedy(limit: float) -> list[str]:
        out, line, used = [], "", 0.0
        for token, token_width in zip(tokens, widths, strict=True):
            if line and used + token_width > limit and token not in _NO_LINE_START:
                out.append(line)
                line, used = "", 0.0
            line, used = line + token, used + token_width
        return [*out, line]

    count = len(greedy(width))
    low, high = width / count, width
    for _step in range(12):  # the narrowest width that still needs no more lines
        middle = (low + high) / 2
        low, high = (low, middle) if len(greedy(middle)) <= count else (middle, high)
    return greedy(high)
