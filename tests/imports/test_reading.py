"""Reading an uploaded list: the type by content, encodings, delimiters, title rows, numbers and dates as
typed, refusals in plain words, and the speed on 20,000 rows. No database."""

from __future__ import annotations

import hashlib
import io
import tomllib
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from services.core.errors import FieldErrors
from services.imports import reading, xlsx_cells
from services.imports.reading import lost_digits, read_table, sniff_delimiter
from services.imports.xlsx_cells import excel_date_text, number_text
from tests.imports.support import chinese

ROOT = Path(__file__).resolve().parents[2]

HEADERS = ["姓名", "身份证号", "手机号", "乡镇", "村", "出生日期"]


def _file_error(data: bytes, name: str = "list.xlsx", **kwargs: object) -> str:
    with pytest.raises(FieldErrors) as caught:
        read_table(data, name, **kwargs)
    assert set(caught.value.errors) == {"file"}
    message = caught.value.errors["file"]
    return message if isinstance(message, str) else message[0]


def _village_workbook() -> bytes:
    """Like a village's own list: an instruction sheet first, a merged title row, numbers for IDs and phones."""
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "填写说明（必看）"
    notes.append(["填写说明", "每人一行", "身份证号18位"])
    sheet = book.create_sheet("劳动力名单")
    sheet.append(["某某村劳动力花名册"])
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(HEADERS)
    sheet.append(["张伟", 530627199001011235, 13812345678, "城关镇", "东村", datetime(1990, 1, 1)])
    sheet.append(["李芳", 530627199203041528.0, "139 8765 4321", "城关镇", "东村", date(1992, 3, 4)])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["王五", "53062719800101123x", 13900001111.0, None, "西村", 3500.5])
    sheet.append([])
    sheet.append([None, "  "])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_workbook_title_row_numbers_and_dates_as_typed():
    data = _village_workbook()
    table = read_table(data, "花名册.xlsx")
    assert table.kind == "xlsx"
    assert table.file_name == "花名册.xlsx"
    assert table.sha256 == hashlib.sha256(data).hexdigest()
    assert table.headers == tuple(HEADERS)
    assert table.row_numbers == [4, 5, 7]  # the file's rows: title, gap, header above; a blank row between
    # an 18-digit ID as a number (openpyxl and Excel both keep it as a float): 15 significant digits are
    # left; shown as Excel does, never as made-up digits
    assert table.rows[0] == ("张伟", "5.30627199001011E+17", "13812345678", "城关镇", "东村", "1990-01-01")
    assert table.rows[1][1] == "5.30627199203041E+17"
    assert lost_digits(table.rows[1][1])
    assert table.rows[1][2:] == ("139 8765 4321", "城关镇", "东村", "1992-03-04")
    assert table.rows[2] == ("王五", "53062719800101123x", "13900001111", "", "西村", "3500.5")


def test_fast_reader_and_openpyxl_agree(monkeypatch):
    data = _village_workbook()
    fast = read_table(data, "a.xlsx")

    def refuse_workbook(*args, **kwargs):
        raise xlsx_cells.XlsxFormatError("test")

    monkeypatch.setattr(reading, "Workbook", refuse_workbook)
    slow = read_table(data, "a.xlsx")
    assert (slow.headers, slow.rows, slow.row_numbers) == (fast.headers, fast.rows, fast.row_numbers)


def _xlsxwriter_book(rows: list[list[object]], *, constant_memory: bool = False) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": not constant_memory, "constant_memory": constant_memory})
    sheet = book.add_worksheet()
    dates = book.add_format({"num_format": "yyyy\"年\"m\"月\"d\"日\""})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime):
                sheet.write_datetime(r, c, value, dates)
            elif value is not None:
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


@pytest.mark.parametrize("constant_memory", [False, True], ids=["shared-strings", "inline-strings"])
def test_xlsxwriter_books_shared_and_inline_strings(constant_memory):
    rows = [HEADERS, ["A&B <x>", 530627199001011235, 13812345678, "镇", "村", datetime(2001, 2, 3)],
            ["", "", "", "", "", ""], ["赵六", "530627200102030012", "", "镇", "村", None]]
    table = read_table(_xlsxwriter_book(rows, constant_memory=constant_memory), "x.xlsx")
    assert table.rows == [("A&B <x>", "5.30627199001011E+17", "13812345678", "镇", "村", "2001-02-03"),
                          ("赵六", "530627200102030012", "", "镇", "村", "")]
    assert table.row_numbers == [2, 4]


CSV_TEXT = ("村劳动力名单\n姓名,身份证号,手机号,乡镇,村\n张伟,530627199001011235,13812345678,城关镇,东村\n,,,,\n"
            "李芳, 530627199203041528 ,13987654321,城关镇,西村\n")


@pytest.mark.parametrize(("encoding", "kind"), [("gbk", "gb18030"), ("gb18030", "gb18030"),
                                                ("utf-8-sig", "utf-8-sig"), ("utf-8", "utf-8"),
                                                ("utf-16", "utf-16")])
def test_csv_encodings_detected(encoding, kind):
    table = read_table(CSV_TEXT.encode(encoding), "list.csv")
    assert table.kind == kind
    assert table.headers == ("姓名", "身份证号", "手机号", "乡镇", "村")
    assert table.row_numbers == [3, 5]
    assert table.rows[1] == ("李芳", " 530627199203041528 ", "13987654321", "城关镇", "西村")  # spaces kept


@pytest.mark.parametrize("delimiter", ["\t", ";", "，"])
def test_csv_delimiters_sniffed(delimiter):
    text = CSV_TEXT.replace(",", delimiter)
    table = read_table(text.encode("utf-8"), "list.txt")
    assert table.headers == ("姓名", "身份证号", "手机号", "乡镇", "村")
    assert table.rows[0] == ("张伟", "530627199001011235", "13812345678", "城关镇", "东村")


def test_csv_extension_does_not_decide():
    assert read_table(_village_workbook(), "list.csv").kind == "xlsx"
    assert read_table(CSV_TEXT.encode(), "list.xlsx").kind == "utf-8"


def test_csv_quoted_cells_and_short_rows():
    text = '姓名,技能,手机号,乡镇\n"张伟","电焊,砌墙",13812345678\n'
    table = read_table(text.encode(), "a.csv")
    assert table.rows == [("张伟", "电焊,砌墙", "13812345678", "")]


_cell = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"], exclude_characters=",;，\""),
                max_size=8)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["\t", ",", ";", "，"]),
       st.lists(st.lists(_cell, min_size=4, max_size=4), min_size=1, max_size=6),
       st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_any_csv_reads_back(delimiter, rows, encoding):
    headers = ["姓名", "身份证号", "手机号", "村"]
    body = [r for r in rows if "".join(r).strip()]
    text = "\n".join(delimiter.join(r) for r in [headers, *rows])
    if not body:
        return
    table = read_table(text.encode(encoding), "a.csv")
    assert sniff_delimiter(text) == delimiter
    assert table.headers == tuple(headers)
    assert table.rows == [tuple(r) for r in body]


def test_refusals_in_plain_words():
    assert _file_error(b"") == reading.EMPTY
    assert _file_error(b"  \n ") == reading.EMPTY
    assert _file_error(b"x" * 2048, max_bytes=1024) == reading.TOO_LARGE
    assert _file_error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xls") == reading.OLD_EXCEL
    assert _file_error(b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "photo.xlsx") == reading.PICTURE
    assert _file_error(b"\xff\xd8\xff\xe0" + b"\0" * 100, "photo.jpg") == reading.PICTURE
    assert _file_error(b"%PDF-1.7 ...", "list.pdf") == reading.PICTURE
    assert _file_error(b"PK\x03\x04 not really a zip") == reading.DAMAGED
    assert _file_error(bytes(range(256)) * 4, "list.csv") == reading.NOT_TEXT
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photos/1.jpg", b"...")
    assert _file_error(buffer.getvalue()) == reading.NOT_WORKBOOK
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", b"<w/>")
    assert _file_error(buffer.getvalue(), "list.docx") == reading.OTHER_SPREADSHEET
    assert _file_error(_xlsxwriter_book([HEADERS])) == reading.NO_ROWS
    assert _file_error(_xlsxwriter_book([["只有一格"], ["两格", "x"]])) == reading.NO_HEADER
    assert _file_error("姓名,电话\n张三,1\n".encode()) == reading.NO_HEADER


def test_refusal_messages_are_translated_and_formatted():
    with pytest.raises(FieldErrors) as caught:
        read_table(b"x" * 3 * 1024 * 1024, "big.csv", max_bytes=2 * 1024 * 1024)
    message_id, values = caught.value.errors["file"]
    assert values == {"size": "3", "limit": "2"}
    for message in (reading.EMPTY, reading.TOO_LARGE, reading.OLD_EXCEL, reading.PICTURE, reading.NOT_WORKBOOK,
                    reading.OTHER_SPREADSHEET, reading.DAMAGED, reading.NOT_TEXT, reading.NO_HEADER, reading.NO_ROWS):
        assert chinese(message), message


def test_size_limit_from_settings(monkeypatch):
    from services.core.settings import get_settings

    # the same limit as Streamlit's uploader and the proxy (server.maxUploadSize in .streamlit/config.toml)
    with (ROOT / ".streamlit" / "config.toml").open("rb") as fh:
        upload_mb = tomllib.load(fh)["server"]["maxUploadSize"]
    assert get_settings().import_max_bytes == upload_mb * 1024 * 1024
    monkeypatch.setattr(get_settings(), "import_max_bytes", 1024)
    assert _file_error(CSV_TEXT.encode() * 40, "a.csv") == reading.TOO_LARGE


@pytest.mark.parametrize(("raw", "text"), [("530627199001011235", "530627199001011235"), ("4000", "4000"),
                                           ("13812345678", "13812345678"), ("1.3812345678E10", "13812345678"),
                                           ("5.3062719900101126E+17", "5.30627199001011E+17"),
                                           ("3500.5", "3500.5"), ("0.30000000000000004", "0.3"), ("-2", "-2")])
def test_number_text(raw, text):
    assert number_text(raw) == text


@given(st.integers(min_value=-(10**15) + 1, max_value=10**15 - 1))
def test_integers_below_15_digits_stay_exact(n):
    assert number_text(repr(float(n))) == str(n)


def test_excel_dates():
    base = datetime(1899, 12, 30)
    assert excel_date_text(32874, base) == "1990-01-01"
    assert excel_date_text(32874.5, base) == "1990-01-01 12:00"
    assert excel_date_text(0.25, base) == "06:00:00"
    assert excel_date_text(32873.99999999, base) == "1990-01-01"
    assert xlsx_cells.is_date_format('yyyy"年"m"月"d"日"')
    assert not xlsx_cells.is_date_format('0.00"元"')
    assert not xlsx_cells.is_date_format("General")


def test_twenty_thousand_rows_read_whole():
    """A county's village list of 20,000 rows: every row read, numbers stored as numbers come back as typed.
    How fast is bench/imports.py's question (figures against openpyxl measured in the same run)."""
    row = ["张伟", "530627199001011235", "13812345678", "城关镇", "东村", "0012", "户主", "3", "初中", "电焊",
           "外出务工（去外省）", "4500", "能，可以外出工作", "是", "35", "男"]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, [f"列{i}" for i in range(16)])
    for r in range(1, 20_001):
        sheet.write_row(r, 0, [f"{row[0]}{r}", *row[1:]])
        sheet.write_number(r, 2, 13800000000 + r)
    book.close()
    table = read_table(buffer.getvalue(), "big.xlsx")
    assert len(table.rows) == 20_000
    assert table.rows[0][0] == "张伟1" and table.rows[-1][0] == "张伟20000"
    assert table.rows[-1][2] == "13800020000"
    assert table.rows[-1][1] == "530627199001011235" and table.rows[-1][15] == "男"


def _rewrite_sheet(data: bytes, change) -> bytes:
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                content = change(content.decode()).encode()
            target.writestr(info, content)
    return buffer.getvalue()


@pytest.mark.parametrize("change", [
    lambda xml: xml.replace(' s="1" t="n"', ' t="n" s="1"').replace(' s="2" t="n"', ' t="n" s="2"'),  # t before s
    lambda xml: xml.replace("<c ", "<x:c ").replace("</c>", "</x:c>").replace("<row ", "<x:row ")
    .replace("</row>", "</x:row>").replace("<v>", "<x:v>").replace("</v>", "</x:v>"),  # namespace prefixes
    lambda xml: xml.replace('r="A', 'x="A').replace('r="B', 'x="B'),  # cells without their reference
], ids=["attribute-order", "prefixed", "no-cell-refs"])
def test_workbooks_written_other_ways_read_the_same(change):
    data = _village_workbook()
    expected = read_table(data, "a.xlsx")
    table = read_table(_rewrite_sheet(data, change), "a.xlsx")
    assert (table.headers, table.rows, table.row_numbers) == (expected.headers, expected.rows, expected.row_numbers)


def test_a_title_row_with_three_cells_is_not_the_header():
    text = ("东村劳动力名单,2026年11月,制表人：李四\n\n姓名,身份证号,手机号,乡镇,村\n"
            "张伟,530627199001011235,13812345678,城关镇,东村\n")
    table = read_table(text.encode("gbk"), "a.csv")
    assert table.headers == ("姓名", "身份证号", "手机号", "乡镇", "村")
    assert table.row_numbers == [4]
    unknown = "甲,乙,丙\n1,2,3\n"  # no known column anywhere: the first row with 3 cells
    assert read_table(unknown.encode(), "b.csv").headers == ("甲", "乙", "丙")
