"""Drawing one poster on a PDF page: name, details, steps, the QR code as one vector path."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import qrcode
from fpdf import FPDF
from fpdf.enums import PathPaintRule
from fpdf.fonts import TTFFont
from qrcode.constants import ERROR_CORRECT_Q

from services.places.posters.content import PosterContent, PosterSize
from services.places.posters.layout import wrap

RED = (200, 16, 46)
INK = (20, 20, 20)
GREY = (90, 90, 90)
DETAIL = (60, 60, 60)
PT = 25.4 / 72  # millimetres per point


@dataclass
class _Block:
    lines: list[str]
    size_pt: float
    color: tuple[int, int, int]
    gap_after: float = 0.0

    @property
    def line_height(self) -> float:
        return self.size_pt * PT * 1.32

    @property
    def height(self) -> float:
        return len(self.lines) * self.line_height + self.gap_after


@dataclass
class _Parts:
    """Every text block of a poster and the sizes around them, as `Poster.measure` chose them (mm)."""

    top: list[_Block]  # campaign, name, details (those the poster has)
    cta: _Block
    number: float  # side of the red disc in front of each step
    steps: list[_Block]
    free: _Block
    small: list[_Block]
    qr: float = 0.0  # the QR code's side
    spare: float = 0.0  # one of the gaps shared out around the QR code


class Poster:
    def __init__(self, pdf: FPDF, content: PosterContent, size: PosterSize):
        self.pdf, self.c, self.size = pdf, content, size
        self.k = size.scale
        self.margin = 14 * self.k
        self.width = size.width_mm - 2 * self.margin

    def width_of(self, size_pt: float) -> Callable[[str], float]:
        """Text width in mm at `size_pt`, as fpdf2 measures it (advance widths, no kerning), but fast."""
        font = self.pdf.current_font
        assert isinstance(font, TTFFont)  # the poster font `render` sets on the document
        widths = font.cw
        factor = size_pt * 0.001 * PT
        return lambda text: sum(widths[ord(ch)] for ch in text) * factor

    def pt(self, a4_pt: float, minimum: float = 0) -> float:
        return max(a4_pt * self.k, minimum)

    def block(self, text: str, a4_pt: float, color: tuple[int, int, int], *, minimum: float = 0,
              width: float | None = None, max_lines: int = 0, shrink_to: float = 0, gap: float = 0,
              cut: bool = False) -> _Block:
        """Wrapped text; with `max_lines`, the size shrinks (down to `shrink_to`) until it fits,
        and with `cut` what still does not fit is cut off with an ellipsis."""
        width = width or self.width
        size = self.pt(a4_pt, minimum)
        floor = self.pt(shrink_to, minimum) if shrink_to else size
        while True:
            lines = wrap(self.width_of(size), text, width, self.c.words)
            if not max_lines or len(lines) <= max_lines or size <= floor:
                break
            size = max(floor, size - 1)
        if cut and max_lines and len(lines) > max_lines:
            lines, last = lines[:max_lines - 1], lines[max_lines - 1]
            while last and self.width_of(size)(last + "…") > width:
                last = last[:-1]
            lines.append(last + "…")
        return _Block(lines, size, color, gap * self.k)

    def draw_block(self, block: _Block, y: float, *, x: float | None = None, width: float | None = None,
                   align: str = "C") -> float:
        pdf = self.pdf
        pdf.set_font_size(block.size_pt)
        pdf.set_text_color(*block.color)
        x = self.margin if x is None else x
        for line in block.lines:
            pdf.set_xy(x, y)
            pdf.cell(w=width or self.width, h=block.line_height, text=line, align=align)
            y += block.line_height
        return y + block.gap_after

    # (title lines, title floor pt, details lines, details floor pt, step floor pt, cut) from roomy to tight
    LEVELS = ((2, 22, 2, 11, 15, False), (3, 16, 2, 9, 13, False), (3, 14, 1, 9, 12, True))
    BAND, GAPS = 17, 6  # header band height (mm on A4); gaps shared out around the QR code

    def measure(self) -> _Parts:
        """Every text block, and the QR code's side: as roomy as leaves the QR code big enough."""
        c, k = self.c, self.k
        for title_lines, title_pt, detail_lines, detail_pt, step_pt, cut in self.LEVELS:
            number = 11 * k  # the red disc in front of each step
            parts = _Parts(
                top=[b for b in (
                    self.block(c.campaign, 24, RED, minimum=10, max_lines=1, shrink_to=16, gap=1, cut=True)
                    if c.campaign else None,
                    self.title_block(title_lines, title_pt, cut),
                    self.block(c.details, 16, DETAIL, minimum=8, max_lines=detail_lines, shrink_to=detail_pt,
                               cut=cut) if c.details else None) if b],
                cta=self.block(c.title, 42, RED, minimum=18, max_lines=1, shrink_to=28),
                number=number,
                steps=[self.block(s, 19, INK, minimum=9.5, width=self.width - number - 4 * k, max_lines=2,
                                  shrink_to=step_pt, gap=3) for s in c.steps],
                free=self.block(c.free, 18, INK, minimum=9, max_lines=1, shrink_to=12),
                small=[self.block(c.no_scan, 11, GREY, minimum=6.5, max_lines=2, shrink_to=8),
                       self.block(c.url, 11, INK, minimum=6.5, max_lines=2, shrink_to=8, gap=1),
                       self.block(c.code_line, 14, INK, minimum=8)],
            )
            fixed = sum(b.height for b in [*parts.top, parts.cta, *parts.steps, parts.free,
                                           *parts.small]) + 2 * k  # + the rule above the small print
            available = self.size.height_mm - self.BAND * k - self.margin * 0.7 - fixed
            parts.qr = min(self.width * 0.66, available - self.GAPS * 4 * k)
            parts.spare = (available - parts.qr) / self.GAPS
            if parts.qr >= self.width * 0.5:
                break
        return parts

    def title_block(self, max_lines: int, floor_pt: float, cut: bool) -> _Block:
        """The name on one line if it fits at 28 pt or more (no word cut in two), else on several."""
        one = self.block(self.c.name, 34, INK, minimum=14, max_lines=1, shrink_to=28, gap=2)
        if len(one.lines) == 1:
            return one
        return self.block(self.c.name, 34, INK, minimum=14, max_lines=max_lines, shrink_to=floor_pt, gap=2, cut=cut)

    def draw(self) -> None:
        pdf, c, k, size = self.pdf, self.c, self.k, self.size
        pdf.add_page(format=(size.width_mm, size.height_mm))
        band = self.BAND * k  # header band: who puts up the poster
        pdf.set_fill_color(*RED)
        pdf.rect(0, 0, size.width_mm, band, style="F")
        if c.issuer:
            issuer = self.block(c.issuer, 16, (255, 255, 255), minimum=8, max_lines=1, shrink_to=10, cut=True)
            self.draw_block(issuer, (band - issuer.line_height) / 2)

        parts = self.measure()
        spare, number = parts.spare, parts.number
        y = band + spare
        for b in parts.top:
            y = self.draw_block(b, y)
        y = self.draw_block(parts.cta, y + spare)
        self.draw_qr(y + spare * 0.6, parts.qr)
        y += spare * 0.6 + parts.qr + spare * 1.2

        for i, step in enumerate(parts.steps, start=1):
            disc_y = y + (step.line_height - number) / 2
            pdf.set_fill_color(*RED)
            pdf.ellipse(self.margin, disc_y, number, number, style="F")
            pdf.set_text_color(255, 255, 255)
            pdf.set_font_size(step.size_pt)
            pdf.set_xy(self.margin, disc_y)
            pdf.cell(w=number, h=number, text=str(i), align="C")
            y = self.draw_block(step, y, x=self.margin + number + 4 * k, width=self.width - number - 4 * k,
                                align="L")

        y = self.draw_block(parts.free, y + spare * 0.6)
        y += spare * 0.6
        pdf.set_draw_color(*GREY)
        pdf.set_line_width(0.3 * k)
        pdf.line(self.margin, y, size.width_mm - self.margin, y)
        y += 2 * k
        for b in parts.small:
            y = self.draw_block(b, y)

    def draw_qr(self, y: float, side: float) -> None:
        """The QR code as one filled vector path (no seams between modules), quiet zone included."""
        qr = qrcode.QRCode(error_correction=ERROR_CORRECT_Q, border=4)
        qr.add_data(self.c.url)
        qr.make(fit=True)
        matrix = qr.get_matrix()
        module = side / len(matrix)
        x0 = (self.size.width_mm - side) / 2
        pdf = self.pdf
        pdf.set_draw_color(*GREY)
        pdf.set_line_width(0.4 * self.k)
        pdf.rect(x0, y, side, side, style="D", round_corners=True, corner_radius=3 * self.k)
        with pdf.new_path() as path:
            path.style.fill_color = "#000000"
            path.style.stroke_color = None
            path.style.paint_rule = PathPaintRule.FILL_NONZERO
            for r, row in enumerate(matrix):
                c = 0
                while c < len(row):
                    if row[c]:
                        start = c
                        while c < len(row) and row[c]:
                            c += 1
                        path.rectangle(x0 + start * module, y + r * module, (c - start) * module, module)
                    else:
                        c += 1
