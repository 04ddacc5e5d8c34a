"""Every uploaded file is checked on the server by its content and size (CVE-2025-1684: the uploader's `type=`
is a check in the browser only). The import page is the one file uploader; the booth's photo (a data URL from
the scanner component) is decoded by Pillow with its own size limit (tests/components/test_qr_scanner.py,
tests/recruiting/test_booth.py). Here a file whose name and MIME type lie, and one over the size limit, go
through the real reading service: a translated refusal beside the uploader, and the page goes on (the next
file is read)."""

from __future__ import annotations

import io
import zipfile

import pytest
from streamlit.testing.v1 import AppTest

from services.core.settings import get_settings
from services.imports import reading
from tests.auth_support import open_staff_page
from tests.imports.support import chinese

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
GOOD_CSV = "姓名,身份证号,手机号,乡镇,村\n张伟,530627199001011235,13812345678,大河乡,岩脚村\n".encode()


def _document() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def _upload(at: AppTest, name: str, data: bytes, mime: str = XLSX) -> AppTest:
    at.file_uploader[0].set_value((name, data, mime)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _refusal(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


@pytest.mark.parametrize(("name", "data", "mime", "message"), [
    ("东门村.xlsx", PNG, XLSX, reading.PICTURE),  # a picture named and typed as a workbook
    ("东门村.csv", b"%PDF-1.7\n" + b"0" * 100, "text/csv", reading.PICTURE),
    ("东门村.xlsx", _document(), XLSX, reading.OTHER_SPREADSHEET),  # a Word file renamed .xlsx
    ("东门村.xlsx", b"PK\x03\x04" + b"\x00" * 60, XLSX, reading.DAMAGED),
    ("东门村.csv", b"\x00\x01\x02\x03" * 40, "text/csv", reading.NOT_TEXT),
])
def test_a_file_whose_name_lies_is_refused_by_its_content(app_env, name, data, mime, message) -> None:
    at = open_staff_page(app_env, "imports")
    at = _upload(at, name, data, mime)
    assert _refusal(at) == [chinese(message)]
    assert not [b for b in at.button if b.key == "imp_confirm"]  # nothing read, nothing to confirm


def test_a_file_over_the_limit_is_refused_before_it_is_read_and_the_next_file_is_read(app_env, monkeypatch) -> None:
    monkeypatch.setattr(get_settings(), "import_max_bytes", 2048)
    parsed: list[bytes] = []
    original = reading.decode_text
    monkeypatch.setattr(reading, "decode_text", lambda data: parsed.append(data) or original(data))
    at = open_staff_page(app_env, "imports")
    big = GOOD_CSV + "".join(f"李{n:04d},,,,\n" for n in range(400)).encode()
    at = _upload(at, "东门村.csv", big, "text/csv")
    assert _refusal(at) == [chinese(reading.TOO_LARGE).format(size=reading._megabytes(len(big)), limit="0")]
    assert parsed == []  # refused by its size, before any parsing
    at = _upload(at, "东门村2.csv", GOOD_CSV, "text/csv")  # the page goes on: the next file is read
    assert not _refusal(at)
    assert any("东门村2.csv" in c.value for c in at.caption)
