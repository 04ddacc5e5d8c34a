"""Rendering posters: every poster of a batch drawn into one PDF (the big CJK font is parsed once),
split into one PDF each, and rasterized to PNG by PDFium (pypdfium2), so both files show the same thing."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium
from fpdf import FPDF

from services.places.posters.content import A4, CARD, SIZES, PosterContent, PosterSize
from services.places.posters.drawing import Poster
from services.places.posters.fonts import font_file


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
        Poster(pdf, content, size).draw()
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
