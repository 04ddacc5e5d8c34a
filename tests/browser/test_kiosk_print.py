"""The ticket slip printed by a real Chromium: on a 1280×800 kiosk and an 800×1280 portrait tablet, the
"Print my ticket" button opens the print dialog; the page printed (saved as PDF with the slip's own
@page size, as the print preview does) is one page of 80 mm roll or A6 holding only the slip — its QR code
decodes from the printed picture and is at least 40 mm wide on the roll, the code, the masked name and
the site are in the PDF's text, nothing of the app around it is, and everything is black on white.
The slip on screen is in Chinese. When the slip leaves the screen, its print copy leaves the document."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.conftest import PortalServer, _require_chromium, serve_app, settled
from tests.browser.latin import assert_no_latin

pytestmark = pytest.mark.browser

DEMO = Path(__file__).with_name("kiosk_pieces_demo.py")
SHOTS = Path("/tmp/shots-k-slip")
CODE, SHOWN_CODE = "K7QM4XRP", "K7QM 4XRP"
SITE = "城关镇易地扶贫搬迁安置点"
MM_PER_PT = 25.4 / 72
PAPER_MM = {"80mm": (80, None), "a6": (105, 148)}
DPI = 203  # a receipt printer's dots per inch
SCREENS = {"landscape": (1280, 800), "portrait": (800, 1280)}


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory, artifacts_dir: Path) -> Iterator[PortalServer]:
    _require_chromium()
    data_dir = tmp_path_factory.mktemp("kiosk_print")
    with serve_app(f"sqlite:///{data_dir / 'unused.db'}", data_dir, artifacts_dir, "kiosk_print",
                   script=str(DEMO)) as server:
        yield server


@pytest.fixture
def tablet(browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    width, height = SCREENS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=True, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    page = context.new_page()
    yield page
    context.close()


def open_slip(page: Page, server: PortalServer, query: str) -> None:
    page.goto(server.url(f"/?{query}"), wait_until="domcontentloaded")
    expect(page.locator(".pslip-host .pslip")).to_be_visible()
    settled(page)
    page.wait_for_function("() => /size: /.test(document.getElementById('portal-print-page')?.textContent || '')")


def print_to_pdf(page: Page, path: Path) -> pdfium.PdfDocument:
    """Press "Print my ticket" (window.print recorded instead of a dialog), then print as the dialog would."""
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    button = page.get_by_role("button", name="打印我的求职卡")
    box = button.bounding_box()
    assert box and box["height"] >= 64 and box["width"] >= 300, box  # big, for a finger and a poor eye
    button.tap()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    path.write_bytes(page.pdf(prefer_css_page_size=True))
    page.emulate_media(media="screen")
    return pdfium.PdfDocument(str(path))


@pytest.mark.parametrize("tablet", list(SCREENS), indirect=True)
@pytest.mark.parametrize("paper", list(PAPER_MM))
def test_print_my_ticket_prints_only_the_slip(tablet: Page, demo_server: PortalServer, paper: str,
                                               request: pytest.FixtureRequest) -> None:
    page, screen = tablet, request.node.callspec.params["tablet"]
    SHOTS.mkdir(exist_ok=True)
    open_slip(page, demo_server, f"paper={paper}")
    page.screenshot(path=SHOTS / f"slip-{screen}-{paper}-screen.png")

    pdf = print_to_pdf(page, SHOTS / f"slip-{screen}-{paper}.pdf")
    assert len(pdf) == 1, f"{len(pdf)} pages"
    width_pt, height_pt = pdf[0].get_size()
    want_width, want_height = PAPER_MM[paper]
    assert abs(width_pt * MM_PER_PT - want_width) < 1
    if want_height:
        assert abs(height_pt * MM_PER_PT - want_height) < 1
    else:  # a roll: as long as the slip, no empty metre of paper
        assert 100 < height_pt * MM_PER_PT < 220, height_pt * MM_PER_PT

    text = pdf[0].get_textpage().get_text_range()
    for shown in (SHOWN_CODE, "王*梅", SITE, "2026-11-27", "缝纫工", "东莞市华丰电子有限公司", "5,000–6,500元/月"):
        assert shown in text, (shown, text)
    for chrome in ("English", "中文", "全部岗位", "打印"):  # the language switch, the app's button, the print button
        assert chrome not in text, (chrome, text)

    picture = pdf[0].render(scale=DPI / 72).to_pil().convert("RGB")
    picture.save(SHOTS / f"slip-{screen}-{paper}-printed.png")
    found = zxingcpp.read_barcodes(picture)
    assert [b.text for b in found] == [CODE]
    corners = found[0].position
    qr_mm = (corners.top_right.x - corners.top_left.x) / DPI * 25.4
    print(f"{screen} {paper}: page {width_pt * MM_PER_PT:.0f}×{height_pt * MM_PER_PT:.0f} mm, QR code {qr_mm:.1f} mm")
    assert qr_mm >= 40, qr_mm
    assert colourful_pixels(picture) == 0  # black on white: no colour, no tinted background
    assert white_share(picture) > 0.7


def colourful_pixels(picture: Image.Image) -> int:
    """Pixels with a colour (anti-aliased black text stays grey: no saturation)."""
    return sum(1 for _h, s, v in picture.convert("HSV").get_flattened_data() if s > 40 and v > 40)


def white_share(picture: Image.Image) -> float:
    grey = picture.convert("L")
    return sum(1 for v in grey.get_flattened_data() if v > 245) / (grey.width * grey.height)


@pytest.mark.parametrize("tablet", ["landscape"], indirect=True)
def test_the_print_copy_leaves_with_the_slip(tablet: Page, demo_server: PortalServer) -> None:
    page = tablet
    open_slip(page, demo_server, "paper=80mm")
    assert page.locator("#portal-print-root").count() == 1
    assert page.locator("#portal-print-root .pslip-code").text_content() == SHOWN_CODE
    assert_no_latin(page, "the slip on screen", tooltips=False)  # Chinese: the slip and its button
    page.get_by_role("button", name="← 全部岗位").tap()
    expect(page.locator(".pslip-host")).to_have_count(0)
    settled(page)
    expect(page.locator("#portal-print-root")).to_have_count(0)
    assert page.locator("#portal-print-page").count() == 0
    assert "王*梅" not in page.content() and SHOWN_CODE not in page.content()
