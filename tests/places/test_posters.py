"""QR posters: the code scans to the exact registration link (PNG and rasterized PDF), the PDF
carries real CJK text drawn with real glyphs, the sizes are right, a fair's ZIP holds its files."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image

from models import Fair, Site
from services.places import posters
from services.places.posters import (
    A4,
    CARD,
    PosterFontMissing,
    fair_bundle_zip,
    fair_content,
    fonts,
    layout,
    pdf_to_png,
    render_posters,
    site_content,
)
from services.places.sources import create_fair, create_site, sites_for_fair

BASE = "https://jobs.yunling.gov.cn"
FAIR = Fair(id=1, code="SPRING26", name="2026年春风行动·城关镇专场招聘会", venue="城关镇文化广场", township="城关镇",
            campaign="春风行动", starts_on=date(2026, 3, 5), ends_on=date(2026, 3, 7), status="open")
SITE = Site(id=2, code="AZ-XINGFU", name="新街镇幸福社区安置点", kind="relocation", township="新街镇")


@pytest.fixture(scope="module")
def fair_files(county):
    return render_posters(fair_content(FAIR, base_url=BASE, county=county))


@pytest.fixture(scope="module")
def site_files(county):
    return render_posters(site_content(SITE, base_url=BASE, county=county))


def _decode(image: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image)]


def _page(pdf: bytes, *, dpi: int = 150) -> Image.Image:
    """The PDF's single page rasterized by PDFium, as a phone camera would see a print."""
    doc = pdfium.PdfDocument(pdf)
    assert len(doc) == 1
    return doc[0].render(scale=dpi / 72).to_pil()


def _text(pdf: bytes) -> str:
    return pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()


@pytest.mark.parametrize("which", ["fair", "site"])
def test_qr_scans_to_the_exact_registration_url(which, fair_files, site_files) -> None:
    files, url = ((fair_files, f"{BASE}/register?fair=SPRING26") if which == "fair"
                  else (site_files, f"{BASE}/register?site=AZ-XINGFU"))
    assert [f.size for f in files] == [A4, CARD]
    for poster in files:
        assert _decode(Image.open(io.BytesIO(poster.png))) == [url], poster.size.key
        assert _decode(_page(poster.pdf)) == [url], poster.size.key
        assert _decode(_page(poster.pdf, dpi=50)) == [url], poster.size.key  # even a coarse picture
        assert url in _text(poster.pdf).replace("\r\n", "").replace("\n", "")  # small print for typing


def test_pdf_has_the_names_and_instructions_as_real_text(fair_files, site_files) -> None:
    fair_text = _text(fair_files[0].pdf).replace("\r\n", "").replace("\n", "")
    for expected in ("2026年春风行动·城关镇专场招聘会", "云岭县人力资源和社会保障局", "扫码求职登记",
                     "用手机微信扫一扫，填写求职登记，领取个人求职二维码", "凭二维码到招聘单位展位面谈",
                     "不会填写请找现场工作人员帮忙", "登记免费", "招聘会代码：SPRING26", "2026年3月5日至7日"):
        assert expected in fair_text, expected
    site_text = _text(site_files[0].pdf)
    assert "新街镇幸福社区安置点" in site_text and "登记点代码：AZ-XINGFU" in site_text
    assert "村（社区）干部" in site_text  # no staff stands by a village wall
    assert b"/FontFile3" in fair_files[0].pdf or b"/FontFile2" in fair_files[0].pdf  # the font is embedded
    assert b"NotoSansCJK" in fair_files[0].pdf


def test_cjk_glyphs_are_drawn_not_tofu(fair_files) -> None:
    """Each distinct character of the name, cut out of the rasterized page, has ink and its own shape."""
    doc = pdfium.PdfDocument(fair_files[0].pdf)
    page, scale = doc[0], 300 / 72
    image = page.render(scale=scale).to_pil().convert("L")
    height = page.get_height()
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    start = text.index("春风行动")
    shapes: dict[str, bytes] = {}
    for i, ch in enumerate("春风行动"):
        left, bottom, right, top = textpage.get_charbox(start + i)
        glyph = image.crop((int(left * scale), int((height - top) * scale),
                            int(right * scale) + 1, int((height - bottom) * scale) + 1))
        ink = sum(glyph.histogram()[:128]) / (glyph.width * glyph.height)
        assert 0.08 < ink < 0.7, (ch, ink)  # a glyph, neither blank nor a filled box
        shapes[ch] = glyph.resize((24, 24)).point(lambda v: 255 if v > 128 else 0).tobytes()
    assert len(set(shapes.values())) == 4  # tofu boxes would all look alike


def test_poster_and_table_card_sizes(fair_files) -> None:
    a4, card = fair_files
    for poster, (w_mm, h_mm) in ((a4, (210, 297)), (card, (105, 148))):
        w_pt, h_pt = pdfium.PdfDocument(poster.pdf)[0].get_size()
        assert (round(w_pt * 25.4 / 72), round(h_pt * 25.4 / 72)) == (w_mm, h_mm)
        png = Image.open(io.BytesIO(poster.png))
        dpi = poster.size.png_dpi
        assert abs(png.width - w_mm / 25.4 * dpi) <= 2 and abs(png.height - h_mm / 25.4 * dpi) <= 2
        assert round(png.info["dpi"][0]) == dpi  # prints at its real size
    assert (A4.png_dpi, CARD.png_dpi) == (200, 300)


def test_very_long_names_still_fit_and_scan(county) -> None:
    fair = Fair(code="LONG-2026", name="云岭县2026年春风行动暨民营企业招聘周大型现场招聘会" * 4, venue="县体育馆" * 40,
                township="城关镇", campaign="民营企业招聘周暨就业援助月联合专项行动", starts_on=date(2026, 3, 5))
    for poster in render_posters(fair_content(fair, base_url=BASE, county=county)):
        assert _decode(_page(poster.pdf)) == [f"{BASE}/register?fair=LONG-2026"]
        page = pdfium.PdfDocument(poster.pdf)[0]
        textpage = page.get_textpage()
        boxes = [textpage.get_charbox(i) for i in range(textpage.count_chars())]
        assert all(b[0] >= 0 and b[2] <= page.get_width() and b[1] >= 0 and b[3] <= page.get_height()
                   for b in boxes if b != (0, 0, 0, 0))  # nothing drawn off the paper
        assert "招聘会代码：LONG-2026" in textpage.get_text_range()


def test_details_do_not_repeat_the_name(county) -> None:
    content = fair_content(FAIR, base_url=BASE, county=county)
    assert content.campaign == ""  # "春风行动" is already in the name
    assert content.details == "2026年3月5日至7日  城关镇文化广场"  # the venue already names the township
    other = Fair(code="X1", name="县城招聘会", venue="县体育馆", township="城关镇", campaign="金秋招聘月",
                 starts_on=date(2026, 9, 1), ends_on=date(2026, 9, 1))
    content = fair_content(other, base_url=BASE, county=county)
    assert (content.campaign, content.details) == ("金秋招聘月", "2026年9月1日  城关镇  县体育馆")
    assert site_content(SITE, base_url=BASE, county=county).details == "易地扶贫搬迁安置点"  # 新街镇 is in the name
    village = Site(code="CD-1", name="东门村便民服务站", kind="village_point", township="城关镇")
    assert site_content(village, base_url=BASE, county=county).details == "城关镇  村级登记点"
    english = fair_content(other, base_url=BASE, county=county, language="en")
    assert english.title == "Scan to register for jobs" and "Chengguan Town" in english.details


def test_wrapping_keeps_words_whole_and_punctuation_attached(county) -> None:
    def width_of(text: str) -> float:
        return float(len(text))  # one unit per character

    lines = layout.wrap(width_of, "用手机微信扫一扫，填写求职登记，领取个人求职二维码", 17)
    assert lines == ["用手机微信扫一扫，填写求职登记，", "领取个人求职二维码"]
    lines = layout.wrap(width_of, "新街镇幸福社区易地扶贫搬迁安置点", 14)
    assert lines == ["新街镇幸福社区易", "地扶贫搬迁安置点"]  # even halves, no orphan
    words = fair_content(FAIR, base_url=BASE, county=county).words  # place names, campaigns, common words
    wrap = layout.wrap
    assert wrap(width_of, "新街镇幸福社区易地扶贫搬迁安置点", 14, words) == ["新街镇幸福社区", "易地扶贫搬迁安置点"]
    assert wrap(width_of, "2026年云岭县春风行动大型招聘会", 14, words) == ["2026年云岭县", "春风行动大型招聘会"]
    lines = layout.wrap(width_of, "2026年春风行动招聘会2026", 6)
    assert all(line.count("2026") in (0, 1) for line in lines) and "".join(lines) == "2026年春风行动招聘会2026"
    lines = layout.wrap(width_of, "一二三四五六七，八", 7)
    assert not any(line.startswith("，") for line in lines)
    url = "https://jobs.yunling.gov.cn/register?fair=SPRING26"
    assert "".join(layout.wrap(width_of, url, 20)) == url


def test_fair_bundle_zip(engine, county) -> None:
    fair = create_fair(engine, name="2026年春风行动招聘会", code="SPRING26", township="城关镇")
    create_site(engine, name="东门村便民服务站", code="CD-DONGMEN", kind="village_point", township="城关镇")
    create_site(engine, name="安康社区安置点", code="AZ-ANKANG", township="城关镇")
    create_site(engine, name="旧安置点", code="AZ-OLD", township="城关镇", active=False)
    create_site(engine, name="幸福社区安置点", code="AZ-XINGFU", township="新街镇")
    sites = sites_for_fair(engine, fair)
    assert [s.code for s in sites] == ["CD-DONGMEN", "AZ-ANKANG"]  # active, in the fair's township

    data = fair_bundle_zip(fair_content(fair, base_url=BASE, county=county),
                           [site_content(s, base_url=BASE, county=county) for s in sites])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert sorted(zf.namelist()) == sorted([
            "poster-SPRING26-a4.pdf", "poster-SPRING26-card.pdf", "poster-CD-DONGMEN-a4.pdf",
            "poster-AZ-ANKANG-a4.pdf", "index.txt"])
        index = zf.read("index.txt").decode("utf-8-sig")
        assert "东门村便民服务站" in index and f"{BASE}/register?site=AZ-ANKANG" in index
        card = zf.read("poster-SPRING26-card.pdf")
        w_pt, _h = pdfium.PdfDocument(card)[0].get_size()
        assert round(w_pt * 25.4 / 72) == 105
        site_pdf = zf.read("poster-CD-DONGMEN-a4.pdf")
        assert _decode(_page(site_pdf)) == [f"{BASE}/register?site=CD-DONGMEN"]
        assert "东门村便民服务站" in _text(site_pdf)


def test_county_wide_fair_bundles_every_active_site(engine) -> None:
    fair = create_fair(engine, name="全县招聘会", code="COUNTY26")
    create_site(engine, name="甲", code="S-A", township="城关镇")
    create_site(engine, name="乙", code="S-B", township="新街镇")
    assert [s.code for s in sites_for_fair(engine, fair)] == ["S-A", "S-B"]


def test_png_from_pdf_has_requested_resolution(fair_files) -> None:
    png = Image.open(io.BytesIO(pdf_to_png(fair_files[1].pdf, dpi=100)))
    assert abs(png.width - 105 / 25.4 * 100) <= 1 and abs(png.height - 148 / 25.4 * 100) <= 1


def test_missing_font_is_explained(monkeypatch) -> None:
    monkeypatch.setattr(fonts, "FONT_CANDIDATES", ("/nonexistent/NotoSansCJK-Bold.ttc",))
    monkeypatch.setattr(fonts.shutil, "which", lambda _name: None)
    posters.font_file.cache_clear()
    try:
        with pytest.raises(PosterFontMissing):
            posters.poster_pdf(site_content(SITE, base_url=BASE))
    finally:
        posters.font_file.cache_clear()
