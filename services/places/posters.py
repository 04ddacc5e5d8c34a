"""QR posters for fairs and sites: a printable A4 poster and a table card, as PDF and PNG.

The PDF is drawn with fpdf2: real, searchable text in Noto Sans CJK SC (a subset of the
font is embedded, so it prints and rasterizes the same on every machine) and the QR code
as one vector path, crisp at any printer resolution. The PNG is that PDF page rasterized
by PDFium (pypdfium2), so both files always show the same thing. Several posters are drawn
into one document and split afterwards: the big CJK font is parsed once per batch.

Poster text is written for villagers, in Chinese by default whatever language the
organizer's screen uses; it goes through the catalog like every other message.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium
import qrcode
from babel.dates import format_date, format_interval
from fontTools.ttLib import TTCollection, TTFont
from fpdf import FPDF
from fpdf.enums import PathPaintRule
from qrcode.constants import ERROR_CORRECT_Q

from models import Fair, Site
from services.core.i18n import N_, translator
from services.places.county import County
from services.places.sources import KNOWN_CAMPAIGNS, SITE_KINDS, registration_url

FONT_FAMILY = "Noto Sans CJK SC"
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",  # Debian, Ubuntu: fonts-noto-cjk
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",  # Arch
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc",  # Fedora
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Bold.otf",
    "/usr/share/fonts/noto-cjk/NotoSansSC-Bold.otf",
)
RED = (200, 16, 46)
INK = (20, 20, 20)
GREY = (90, 90, 90)
DETAIL = (60, 60, 60)
PT = 25.4 / 72  # millimetres per point

# Words a line should not be broken inside (Chinese has no spaces): with the county's place names
# and the fair's campaign, they keep "春风行动" or "幸福社区" whole when a name takes two lines.
WORDS = ("招聘会", "专场", "大型", "现场", "安置点", "易地扶贫搬迁", "搬迁", "社区", "便民服务站", "服务站",
         "人力资源市场", "体育馆", "文化广场", "广场", "民营企业", "招聘周", "招聘月", "就业援助月",
         "金秋招聘月", "春风行动", "送岗位下乡", "农民工", "返乡", "技能培训", "人力资源和社会保障局")


TITLE = N_("Scan to register for jobs")
FREE = N_("Registration is free of charge.")
NO_SCAN = N_("Cannot scan? Open this address in the phone's browser:")
FAIR_CODE = N_("Job fair code: {code}")
SITE_CODE = N_("Registration point code: {code}")
ISSUER = N_("{county} Human Resources and Social Security Bureau")
FAIR_STEPS = (
    N_("Scan with WeChat on your phone, fill in the job-seeker form and get your personal QR ticket"),
    N_("Show your QR ticket at the employers' booths and talk with them face to face"),
    N_("If you cannot fill it in, ask the staff here for help"),
)
SITE_STEPS = (
    N_("Scan with WeChat on your phone, fill in the job-seeker form and get your personal QR ticket"),
    N_("Show your QR ticket to the employers at the next job fair"),
    N_("If you cannot fill it in, ask your village committee for help"),
)


class PosterFontMissing(RuntimeError):
    """No Chinese font to draw posters with."""

    message = N_("The Chinese font for posters is not installed on the server "
                 "(Debian: apt-get install fonts-noto-cjk).")


@dataclass(frozen=True)
class PosterSize:
    key: str
    label: str  # message id
    width_mm: float
    height_mm: float
    scale: float  # text and spacing relative to A4
    png_dpi: int


A4 = PosterSize("a4", N_("A4 poster"), 210, 297, 1.0, 200)
CARD = PosterSize("card", N_("Table card (A6)"), 105, 148, 0.5, 300)
SIZES = (A4, CARD)


@dataclass(frozen=True)
class PosterContent:
    """Everything printed on one poster, already in the poster's language."""

    kind: str  # "fair" or "site"
    code: str
    name: str
    url: str
    issuer: str
    campaign: str = ""
    details: str = ""
    steps: tuple[str, ...] = ()
    title: str = ""
    free: str = ""
    no_scan: str = ""
    code_line: str = ""
    words: tuple[str, ...] = WORDS  # not to be broken across lines

    def file_name(self, size: PosterSize, ext: str) -> str:
        return f"poster-{self.code}-{size.key}.{ext}"


# ---------------------------------------------------------------- content


def _date_text(starts: date | None, ends: date | None, language: str) -> str:
    locale = "zh_CN" if language == "zh_CN" else "en"
    if starts and ends and ends != starts:
        return format_interval(starts, ends, "yMMMd", locale=locale)
    if starts or ends:
        return format_date(starts or ends, "long", locale=locale)
    return ""


def _details(name: str, *parts: str) -> str:
    """The detail line: the parts not already said by the name or by a later part."""
    kept = [p for i, p in enumerate(parts) if p and p not in name and not any(p in q for q in parts[i + 1:])]
    return "  ".join(kept)


def _common(language: str, county: County | None, *extra_words: str) -> dict:
    _ = translator(language)
    county_name = county.display_name(language) if county else ""
    places = [county.name, *(t.name for t in county.townships),
              *(v.name for t in county.townships for v in t.villages)] if county else []
    return {"issuer": _(ISSUER, county=county_name) if county_name else "", "title": _(TITLE),
            "free": _(FREE), "no_scan": _(NO_SCAN),
            "words": tuple(dict.fromkeys([*WORDS, *KNOWN_CAMPAIGNS, *places, *(w for w in extra_words if w)]))}


def fair_content(fair: Fair, *, base_url: str, county: County | None = None,
                 language: str = "zh_CN") -> PosterContent:
    _ = translator(language)
    township = county.label(fair.township, language) if county and fair.township else fair.township
    details = _details(fair.name, _date_text(fair.starts_on, fair.ends_on, language), township, fair.venue)
    campaign = fair.campaign if fair.campaign not in fair.name else ""
    return PosterContent(
        kind="fair", code=fair.code, name=fair.name, url=registration_url(base_url, fair_code=fair.code),
        campaign=campaign, details=details, steps=tuple(_(s) for s in FAIR_STEPS),
        code_line=_(FAIR_CODE, code=fair.code), **_common(language, county, fair.campaign))


def site_content(site: Site, *, base_url: str, county: County | None = None,
                 language: str = "zh_CN") -> PosterContent:
    _ = translator(language)
    township = county.label(site.township, language) if county and site.township else site.township
    details = _details(site.name, township, _(SITE_KINDS[site.kind]) if site.kind in SITE_KINDS else "")
    return PosterContent(
        kind="site", code=site.code, name=site.name, url=registration_url(base_url, site_code=site.code),
        details=details, steps=tuple(_(s) for s in SITE_STEPS), code_line=_(SITE_CODE, code=site.code),
        **_common(language, county))


# ---------------------------------------------------------------- font


@lru_cache(maxsize=1)
def font_file() -> tuple[str, int]:
    """The bold Noto Sans CJK SC face: (file, index in a font collection)."""
    paths = [p for p in FONT_CANDIDATES if Path(p).is_file()]
    if not paths and shutil.which("fc-match"):
        found = subprocess.run(["fc-match", "-f", "%{file}", f"{FONT_FAMILY}:bold"], capture_output=True,
                               text=True, timeout=10, check=False).stdout.strip()
        if found and Path(found).is_file():  # fc-match always answers: the checks below decide
            paths.append(found)
    for path in paths:
        if path.lower().endswith((".ttc", ".otc")):
            for index, face in enumerate(TTCollection(path, lazy=True).fonts):
                if face["name"].getDebugName(1) == FONT_FAMILY:
                    return path, index
        elif re.search(r"CJK|\bSC\b", TTFont(path, lazy=True)["name"].getDebugName(1) or ""):
            return path, 0
    raise PosterFontMissing(PosterFontMissing.message)


# ---------------------------------------------------------------- drawing


@lru_cache(maxsize=64)
def _token_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """A token is a known word, a Latin word or number, or one character."""
    known = "|".join(re.escape(w) for w in sorted({w for w in words if len(w) > 1}, key=len, reverse=True))
    return re.compile((known + "|" if known else "") + r"[A-Za-z0-9]+|.", re.S)


_CLAUSE = re.compile(r"[^，。、；：！？·\s]+[，。、；：！？·\s]*|[，。、；：！？·\s]+")  # up to a pause
_LINE_END = " \t"  # dropped where a line ends
_NO_LINE_START = set("，。、；：！？）》」』”’,.;:!?)%")


def _wrap(width_of: Callable[[str], float], text: str, width: float, words: tuple[str, ...] = ()) -> list[str]:
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


class _Poster:
    def __init__(self, pdf: FPDF, content: PosterContent, size: PosterSize):
        self.pdf, self.c, self.size = pdf, content, size
        self.k = size.scale
        self.margin = 14 * self.k
        self.width = size.width_mm - 2 * self.margin

    def width_of(self, size_pt: float) -> Callable[[str], float]:
        """Text width in mm at `size_pt`, as fpdf2 measures it (advance widths, no kerning), but fast."""
        widths = self.pdf.current_font.cw
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
            lines = _wrap(self.width_of(size), text, width, self.c.words)
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

    def measure(self) -> dict:
        """Every text block, and the QR code's side: as roomy as leaves the QR code big enough."""
        c, k = self.c, self.k
        for title_lines, title_pt, detail_lines, detail_pt, step_pt, cut in self.LEVELS:
            number = 11 * k  # the red disc in front of each step
            parts = {
                "top": [b for b in (
                    self.block(c.campaign, 24, RED, minimum=10, max_lines=1, shrink_to=16, gap=1, cut=True)
                    if c.campaign else None,
                    self.title_block(title_lines, title_pt, cut),
                    self.block(c.details, 16, DETAIL, minimum=8, max_lines=detail_lines, shrink_to=detail_pt,
                               cut=cut) if c.details else None) if b],
                "cta": self.block(c.title, 42, RED, minimum=18, max_lines=1, shrink_to=28),
                "number": number,
                "steps": [self.block(s, 19, INK, minimum=9.5, width=self.width - number - 4 * k, max_lines=2,
                                     shrink_to=step_pt, gap=3) for s in c.steps],
                "free": self.block(c.free, 18, INK, minimum=9, max_lines=1, shrink_to=12),
                "small": [self.block(c.no_scan, 11, GREY, minimum=6.5, max_lines=2, shrink_to=8),
                          self.block(c.url, 11, INK, minimum=6.5, max_lines=2, shrink_to=8, gap=1),
                          self.block(c.code_line, 14, INK, minimum=8)],
            }
            fixed = sum(b.height for b in [*parts["top"], parts["cta"], *parts["steps"], parts["free"],
                                           *parts["small"]]) + 2 * k  # + the rule above the small print
            available = self.size.height_mm - self.BAND * k - self.margin * 0.7 - fixed
            parts["qr"] = min(self.width * 0.66, available - self.GAPS * 4 * k)
            parts["spare"] = (available - parts["qr"]) / self.GAPS
            if parts["qr"] >= self.width * 0.5:
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
        spare, number = parts["spare"], parts["number"]
        y = band + spare
        for b in parts["top"]:
            y = self.draw_block(b, y)
        y = self.draw_block(parts["cta"], y + spare)
        self.draw_qr(y + spare * 0.6, parts["qr"])
        y += spare * 0.6 + parts["qr"] + spare * 1.2

        for i, step in enumerate(parts["steps"], start=1):
            disc_y = y + (step.line_height - number) / 2
            pdf.set_fill_color(*RED)
            pdf.ellipse(self.margin, disc_y, number, number, style="F")
            pdf.set_text_color(255, 255, 255)
            pdf.set_font_size(step.size_pt)
            pdf.set_xy(self.margin, disc_y)
            pdf.cell(w=number, h=number, text=str(i), align="C")
            y = self.draw_block(step, y, x=self.margin + number + 4 * k, width=self.width - number - 4 * k,
                                align="L")

        y = self.draw_block(parts["free"], y + spare * 0.6)
        y += spare * 0.6
        pdf.set_draw_color(*GREY)
        pdf.set_line_width(0.3 * k)
        pdf.line(self.margin, y, size.width_mm - self.margin, y)
        y += 2 * k
        for b in parts["small"]:
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


def _new_pdf(title: str) -> FPDF:
    path, index = font_file()
    pdf = FPDF(unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.add_font("poster", "", path, collection_font_number=index)
    pdf.set_font("poster", size=12)
    pdf.set_title(title)
    pdf.set_creator("jobfair-portal")
    pdf.set_lang("zh-CN")
    return pdf


def render_pdfs(jobs: Sequence[tuple[PosterContent, PosterSize]]) -> list[bytes]:
    """One PDF per (content, size), drawn in one document so the font is loaded once."""
    if not jobs:
        return []
    pdf = _new_pdf(jobs[0][0].name)
    for content, size in jobs:
        _Poster(pdf, content, size).draw()
    whole = bytes(pdf.output())
    if len(jobs) == 1:
        return [whole]
    src = pdfium.PdfDocument(whole)
    out: list[bytes] = []
    try:
        for i in range(len(jobs)):
            single = pdfium.PdfDocument.new()
            single.import_pages(src, [i])
            buf = io.BytesIO()
            single.save(buf)
            single.close()
            out.append(buf.getvalue())
    finally:
        src.close()
    return out


def pdf_to_png(pdf_bytes: bytes, *, dpi: int, page: int = 0) -> bytes:
    doc = pdfium.PdfDocument(pdf_bytes)
    try:
        image = doc[page].render(scale=dpi / 72, may_draw_forms=False).to_pil().convert("RGB")
    finally:
        doc.close()
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(dpi, dpi), optimize=False, compress_level=6)
    return buf.getvalue()


@dataclass(frozen=True)
class PosterFiles:
    size: PosterSize
    pdf: bytes
    png: bytes


def render_posters(content: PosterContent, sizes: Sequence[PosterSize] = SIZES) -> list[PosterFiles]:
    """The poster in each size, as PDF and PNG."""
    pdfs = render_pdfs([(content, s) for s in sizes])
    return [PosterFiles(s, pdf, pdf_to_png(pdf, dpi=s.png_dpi)) for s, pdf in zip(sizes, pdfs, strict=True)]


def poster_pdf(content: PosterContent, size: PosterSize = A4) -> bytes:
    return render_pdfs([(content, size)])[0]


def poster_png(content: PosterContent, size: PosterSize = A4, *, dpi: int | None = None) -> bytes:
    return pdf_to_png(poster_pdf(content, size), dpi=dpi or size.png_dpi)


def fair_bundle_jobs(fair: PosterContent, sites: Sequence[PosterContent]) -> list[tuple[PosterContent, PosterSize]]:
    """A fair's posters: its own A4 poster and table card, and an A4 poster for each site."""
    return [(fair, A4), (fair, CARD), *((s, A4) for s in sites)]


def fair_bundle_zip(fair: PosterContent, sites: Sequence[PosterContent]) -> bytes:
    """All of a fair's posters as PDF files in one zip, with a list of what is in it."""
    jobs = fair_bundle_jobs(fair, sites)
    pdfs = render_pdfs(jobs)
    index = []
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for (content, size), pdf in zip(jobs, pdfs, strict=True):
            name = content.file_name(size, "pdf")
            zf.writestr(name, pdf)
            index.append(f"{name}\t{content.name}\t{content.url}")
        zf.writestr("index.txt", "\ufeff" + "\r\n".join(index) + "\r\n")
    return buf.getvalue()
