"""The printable slip's markup (components.print_slip): what it carries, escaped, with a QR code that
decodes; and show_slip's component data in an AppTest (the paper, the slip). The printing itself is
tested in a real browser: tests/browser/test_kiosk_print.py."""

from __future__ import annotations

import base64
import io
import json
import re
from datetime import date
from html.parser import HTMLParser

import zxingcpp
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from streamlit.testing.v1 import AppTest

from components.print_slip import NO_JOBS, slip_html
from services.core.i18n import translator
from services.registration.slips import Slip, SlipJob

CODE = "K7QM4XRP"
PORTAL = "云岭县就业招聘服务平台"
JOBS = (SlipJob(title="缝纫工", employer_name="城关镇扶贫车间", wage="3,800", place="昭通市", scope="local"),
        SlipJob(title="电子厂普工", employer_name="东莞市华丰电子有限公司", wage="5,000–6,500", place="东莞市",
                scope="out"))
SLIP = Slip(code=CODE, masked_name="王*梅", day=date(2026, 11, 27), place_name="城关镇易地扶贫搬迁安置点", jobs=JOBS)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(markup: str) -> _Tags:
    parser = _Tags()
    parser.feed(markup)
    return parser


def test_slip_carries_code_name_day_site_jobs_and_portal() -> None:
    markup = slip_html(translator("zh_CN"), SLIP, portal=PORTAL, language="zh_CN")
    text = "".join(parse(markup).text)
    for shown in ("K7QM 4XRP", "王*梅", "2026-11-27 · 城关镇易地扶贫搬迁安置点", PORTAL, "缝纫工", "城关镇扶贫车间",
                  "3,800元/月", "5,000–6,500元/月", "东莞市"):
        assert shown in text, shown
    assert text.index("缝纫工") < text.index("电子厂普工")  # best first
    assert "lang='zh-CN'" in markup


def test_qr_is_an_inline_picture_that_decodes() -> None:
    markup = slip_html(translator("en"), SLIP, portal="Yunling County job fair portal", language="en")
    assert "/media/" not in markup
    [encoded] = re.findall(r"src='data:image/png;base64,([^']+)'", markup)
    picture = Image.open(io.BytesIO(base64.b64decode(encoded)))
    assert [b.text for b in zxingcpp.read_barcodes(picture)] == [CODE]


def test_no_jobs_says_to_ask_at_the_booths() -> None:
    _ = translator("en")
    markup = slip_html(_, Slip(code=CODE, masked_name="李*", day=date(2026, 11, 27), place_name="", jobs=()),
                       portal="portal", language="en")
    text = "".join(parse(markup).text)
    assert _(NO_JOBS) in text and "<ol" not in markup
    assert "2026-11-27" in text and " · " not in text.split("2026-11-27")[1][:3]  # no empty site after the date


texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@given(title=texts, employer=texts, name=texts, site=texts)
def test_whatever_was_typed_stays_text(title: str, employer: str, name: str, site: str) -> None:
    """Names and titles typed by people never become markup: the tags are the slip's own, and each text
    comes back exactly."""
    job = SlipJob(title=title, employer_name=employer, wage="3,800", place="昭通市", scope="local")
    slip = Slip(code=CODE, masked_name=name, day=date(2026, 11, 27), place_name=site.strip(), jobs=(job,))
    fixed = Slip(code=CODE, masked_name="x", day=date(2026, 11, 27), place_name="y",
                 jobs=(SlipJob(title="t", employer_name="e", wage="3,800", place="昭通市", scope="local"),))
    _ = translator("en")
    parsed = parse(slip_html(_, slip, portal="p", language="en"))
    assert parsed.tags == parse(slip_html(_, fixed, portal="p", language="en")).tags
    text = "".join(parsed.text)
    for typed in (title, employer, name, site.strip()):
        assert typed.replace("\r", "\n") in text.replace("\r", "\n")


def _slip_app(paper: str) -> None:
    from datetime import date

    from components import runtime
    from components.print_slip import show_slip
    from services.registration.slips import Slip, SlipJob

    job = SlipJob(title="缝纫工", employer_name="城关镇扶贫车间", wage="3,800", place="昭通市", scope="local")
    show_slip(runtime.t(), Slip(code="K7QM4XRP", masked_name="王*梅", day=date(2026, 11, 27),
                                place_name="城关镇安置点", jobs=(job,)), key="slip", paper=paper)


def test_show_slip_sends_the_slip_and_the_paper(app_env: str) -> None:
    for paper, sent in (("80mm", "80mm"), ("a6", "a6"), ("letter", "80mm")):
        at = AppTest.from_function(_slip_app, args=(paper,), default_timeout=30).run()
        assert not at.exception, [e.value for e in at.exception]
        [element] = at.get("bidi_component")
        assert element.proto.component_name == "portal_print_slip"
        data = json.loads(element.proto.json)
        assert data["paper"] == sent
        text = "".join(parse(data["html"]).text)
        assert "K7QM 4XRP" in text and "王*梅" in text and "城关镇安置点" in text
        assert "云岭县就业招聘服务平台" in text or "job fair portal" in text
        assert not at.get("imgs") and not at.get("download_button")  # no /media/ URL for the ticket
