"""Drawing the meeting report with fpdf2: the Chinese font, headings, figure tables and bar charts.

The font is Noto Sans CJK SC Regular from Debian's fonts-noto-cjk (the package the posters use,
already installed by scripts/test.sh and .ci/run), embedded as a subset, so the PDF prints the same
on every machine without an Asian font pack; the bold poster face is the fallback. One face only:
parsing the big collection costs about 2 s per face. Bar charts: labelled horizontal bars (the value
at the end of each), whole-number ticks, the longest lists cut to the top ones plus one "others" bar.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTCollection
from fpdf import FPDF

from services.core.i18n import N_
from services.places.posters.fonts import PosterFontMissing
from services.places.posters.fonts import font_file as bold_font_file

FONT_FAMILY = "Noto Sans CJK SC"
REGULAR_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # Debian, Ubuntu: fonts-noto-cjk
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",  # Arch
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",  # Fedora
)
FONT = "report"
MARGIN = 18.0  # mm
INK, GREY, BLUE, LIGHT = (33, 33, 33), (110, 110, 110), (31, 111, 178), (225, 225, 225)
TOP_BARS = 12  # bars drawn by name; the rest are one "others" bar


class ReportFontMissing(RuntimeError):
    message = N_("The Chinese font for the report is not installed on the server "
                 "(Debian: apt-get install fonts-noto-cjk).")


@lru_cache(maxsize=1)
def font_file() -> tuple[str, int]:
    """The regular Noto Sans CJK SC face (file, index in the collection); else the posters' bold face."""
    for path in REGULAR_CANDIDATES:
        if Path(path).is_file():
            for index, face in enumerate(TTCollection(path, lazy=True).fonts):
                if face["name"].getDebugName(1) == FONT_FAMILY:
                    return path, index
    try:
        return bold_font_file()
    except PosterFontMissing:
        raise ReportFontMissing(ReportFontMissing.message) from None


def new_pdf(title: str, language: str) -> FPDF:
    path, index = font_file()
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.add_font(FONT, "", path, collection_font_number=index)
    pdf.set_font(FONT, size=11)
    pdf.set_title(title)
    pdf.set_creator("jobfair-portal")
    pdf.set_lang("zh-CN" if language.startswith("zh") else "en")
    pdf.set_text_color(*INK)
    return pdf


def width(pdf: FPDF) -> float:
    return pdf.w - 2 * MARGIN


def heading(pdf: FPDF, text: str, *, size: float = 14, space: float = 4) -> None:
    """A section heading; starts a new page when less than a third of the page is left."""
    if pdf.get_y() > pdf.h * 0.68:
        pdf.add_page()
    pdf.ln(space)
    pdf.set_font(FONT, size=size)
    pdf.set_text_color(*BLUE)
    pdf.multi_cell(width(pdf), size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*BLUE)
    pdf.line(MARGIN, pdf.get_y() + 0.8, pdf.w - MARGIN, pdf.get_y() + 0.8)
    pdf.ln(3)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, size=11)


def note(pdf: FPDF, text: str, *, size: float = 9) -> None:
    pdf.set_font(FONT, size=size)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(width(pdf), size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, size=11)


def table(pdf: FPDF, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> None:
    """A plain table: the first column left, the others (figures) right-aligned; the header in grey."""
    total = width(pdf)
    cols = [w * total / sum(widths) for w in widths]
    line = 7.0

    def draw(cells: Sequence[str], *, head: bool) -> None:
        pdf.set_font(FONT, size=9.5 if head else 11)
        pdf.set_text_color(*(GREY if head else INK))
        for i, (text, w) in enumerate(zip(cells, cols, strict=True)):
            pdf.cell(w, line, text, border="B", align="L" if i == 0 else "R")
        pdf.ln(line)

    pdf.set_draw_color(*LIGHT)
    draw(header, head=True)
    for row in rows:
        if pdf.get_y() + line > pdf.h - MARGIN:
            pdf.add_page()
            draw(header, head=True)
        draw(row, head=False)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, size=11)


def top_with_others(items: Sequence[tuple[str, int]], others_label: str, top: int = TOP_BARS) -> list[tuple[str, int]]:
    """The `top` largest (most first, then by name), and the rest summed as one `others_label` bar."""
    ranked = sorted((i for i in items if i[1] > 0), key=lambda i: (-i[1], i[0]))
    if len(ranked) <= top + 1:
        return ranked
    return [*ranked[:top], (others_label, sum(n for _l, n in ranked[top:]))]


def nice_step(largest: int, ticks: int = 5) -> int:
    """A whole-number tick step (1, 2 or 5 times a power of ten) giving at most about `ticks` ticks."""
    if largest <= ticks:
        return 1
    raw = largest / ticks
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return int(m * power)
    return int(10 * power)  # not reached


def bar_chart(pdf: FPDF, items: Sequence[tuple[str, int]], *, empty: str) -> None:
    """Horizontal bars, each with its label on the left and its value at its end; whole-number ticks below."""
    if not items:
        note(pdf, empty, size=10)
        return
    bar_h, gap, label_w = 6.0, 2.2, 46.0
    value_room = 20.0
    left = MARGIN + label_w
    area = width(pdf) - label_w - value_room
    largest = max(n for _l, n in items)
    step = nice_step(largest)
    top_tick = step * math.ceil(largest / step)
    needed = len(items) * (bar_h + gap) + 10
    if pdf.get_y() + needed > pdf.h - MARGIN:
        pdf.add_page()
    y0 = pdf.get_y() + 1
    scale = area / top_tick if top_tick else 0
    pdf.set_draw_color(*LIGHT)
    chart_h = len(items) * (bar_h + gap)
    pdf.set_font(FONT, size=8)
    pdf.set_text_color(*GREY)
    for tick in range(0, top_tick + 1, step):  # gridlines and their whole-number labels
        x = left + tick * scale
        pdf.line(x, y0, x, y0 + chart_h)
        pdf.text(x - pdf.get_string_width(f"{tick:,}") / 2, y0 + chart_h + 4, f"{tick:,}")
    pdf.set_text_color(*INK)
    for i, (label, n) in enumerate(items):
        y = y0 + i * (bar_h + gap)
        pdf.set_font(FONT, size=9.5)
        shown = label
        while shown and pdf.get_string_width(shown) > label_w - 3:
            shown = shown[:-1]
        if shown != label:
            shown = shown[:-1] + "…"
        pdf.text(MARGIN, y + bar_h * 0.72, shown)
        pdf.set_fill_color(*BLUE)
        if n:
            pdf.rect(left, y, max(n * scale, 0.4), bar_h, style="F")
        pdf.set_font(FONT, size=9.5)
        pdf.text(left + n * scale + 1.5, y + bar_h * 0.72, f"{n:,}")
    pdf.set_y(y0 + chart_h + 8)
    pdf.set_font(FONT, size=11)
