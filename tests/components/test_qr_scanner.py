"""The live scanner's Python side (what the browser sends, read safely) and its browser side's reading of a
QR code's text, which must agree with services.recruiting.booth.code_from_qr_text (checked with Node)."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components import qr_scanner
from services.core.i18n import translator
from services.recruiting.booth import code_from_qr_text
from services.registration.tickets import TICKET_ALPHABET

CODE = "7K3M9QXA"


def test_photo_bytes_reads_only_a_picture_data_url() -> None:
    jpeg = b"\xff\xd8\xff\xe0 a picture"
    url = "data:image/jpeg;base64," + base64.b64encode(jpeg).decode()
    assert qr_scanner.photo_bytes(url) == jpeg
    assert qr_scanner.photo_bytes("data:image/png;base64," + base64.b64encode(jpeg).decode()) == jpeg
    assert qr_scanner.photo_bytes("data:text/html;base64,PGI+") is None
    assert qr_scanner.photo_bytes("data:image/jpeg;base64,not base64!") is None
    assert qr_scanner.photo_bytes(None) is None and qr_scanner.photo_bytes(42) is None
    big = "data:image/jpeg;base64," + "A" * (qr_scanner.MAX_PHOTO_BYTES * 4 // 3 + 8)
    assert qr_scanner.photo_bytes(big) is None


def test_event_from_what_the_browser_sent() -> None:
    assert qr_scanner.event_from({"code": "7k3m-9qxa"}) == qr_scanner.ScanEvent(code=CODE)
    assert qr_scanner.event_from({"code": "https://x.example/t?code=7K3M9QXA"}) == qr_scanner.ScanEvent(code=CODE)
    assert qr_scanner.event_from({"code": "hello"}) == qr_scanner.ScanEvent(code="")  # not a ticket
    photo = qr_scanner.event_from({"photo": "data:image/jpeg;base64," + base64.b64encode(b"jpg").decode()})
    assert photo == qr_scanner.ScanEvent(photo=b"jpg")
    assert qr_scanner.event_from({"photo": "javascript:alert(1)"}) == qr_scanner.ScanEvent(photo=b"")
    assert qr_scanner.event_from({"next": True}) == qr_scanner.ScanEvent(next=True)
    assert qr_scanner.event_from({}) is None and qr_scanner.event_from(None) is None


def test_every_label_is_in_the_page_language() -> None:
    english = qr_scanner.labels(translator("en"))
    chinese = qr_scanner.labels(translator("zh_CN"))
    assert english["start"] == "Start camera" and chinese["start"] == "开启摄像头"
    for name, text in chinese.items():
        assert text != english[name], name  # translated
        latin = "".join(ch for ch in text.replace("{code}", "").replace("QR", "") if ch.isascii() and ch.isalpha())
        assert not latin, (name, text)
    assert "{code}" in chinese["found"] and "{code}" in english["found"]  # filled in by the browser


# --- the browser's reading of a QR code's text (assets/qr_scanner.js) agrees with the server's -------------

_NODE = shutil.which("node")
_texts = st.one_of(
    st.text(max_size=24),
    st.builds(lambda pad, c, pad2: pad + c + pad2, st.sampled_from(["", " ", "\x1c", "\ufeff", "\u3000", "\x85"]),
              st.sampled_from([CODE, "x/" + CODE, CODE + "?a"]), st.sampled_from(["", "\n", "\x1f", "\ufeff"])),
    st.text(alphabet=TICKET_ALPHABET + "oilu- /?=&#%+:\\", min_size=6, max_size=14),
    st.builds(lambda a, b: a + b, st.sampled_from(["http://h/", "//h/x/", "a:b/", "x?code=", "?a=1&code=", "p/%41"]),
              st.text(alphabet=TICKET_ALPHABET + "%+ ./?&=#é", min_size=6, max_size=12)),
    st.builds(lambda c, tail: f"https://portal.example/ticket?code={c}{tail}",
              st.text(alphabet=TICKET_ALPHABET + "oil", min_size=7, max_size=9), st.sampled_from(["", "&x=1"])),
    st.builds(lambda c: f"https://portal.example/t/{c}/", st.text(alphabet=TICKET_ALPHABET, min_size=8, max_size=8)),
)


def _js_codes(texts: list[str]) -> list[str | None]:
    source = (qr_scanner.ASSETS / "qr_scanner.js").read_text(encoding="utf-8")
    script = source + f"\nprocess.stdout.write(JSON.stringify({json.dumps(texts)}.map(codeFromQrText)));"
    done = subprocess.run([_NODE, "--input-type=module"], input=script, capture_output=True, text=True, timeout=60,
                          check=True)
    return json.loads(done.stdout)


@pytest.mark.skipif(_NODE is None, reason="node is not installed")
@settings(max_examples=60, deadline=None)
@given(st.lists(_texts, min_size=1, max_size=40))
def test_the_browser_reads_a_qr_text_as_the_server_does(texts: list[str]) -> None:
    texts = [t for t in texts if "\x00" not in t]
    assert _js_codes(texts) == [code_from_qr_text(t) for t in texts]
