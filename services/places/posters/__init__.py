"""QR posters for fairs and sites: a printable A4 poster and a table card, as PDF and PNG.

The PDF is drawn with fpdf2: real, searchable text in Noto Sans CJK SC (a subset of the
font is embedded, so it prints and rasterizes the same on every machine) and the QR code
as one vector path, crisp at any printer resolution. The PNG is that PDF page rasterized
by PDFium (pypdfium2), so both files always show the same thing. Several posters are drawn
into one document and split afterwards: the big CJK font is parsed once per batch.

Poster text is written for villagers, in Chinese by default whatever language the
organizer's screen uses; it goes through the catalog like every other message.

The package: content.py (sizes and texts), fonts.py (the Chinese font), layout.py (line
breaking), drawing.py (one poster on a page), render.py (PDF, PNG and ZIP files).
"""

from services.places.posters.content import (
    A4,
    CARD,
    SIZES,
    PosterContent,
    PosterSize,
    fair_content,
    site_content,
)
from services.places.posters.fonts import PosterFontMissing, font_file
from services.places.posters.render import (
    PosterFiles,
    fair_bundle_jobs,
    fair_bundle_zip,
    pdf_to_png,
    poster_pdf,
    poster_png,
    render_pdfs,
    render_posters,
)

__all__ = [
    "A4", "CARD", "SIZES", "PosterContent", "PosterFiles", "PosterFontMissing", "PosterSize", "fair_bundle_jobs",
    "fair_bundle_zip", "fair_content", "font_file", "pdf_to_png", "poster_pdf", "poster_png", "render_pdfs",
    "render_posters", "site_content",
]
