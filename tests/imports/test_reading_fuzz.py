"""Fuzzing the import parser (services/imports/reading.py, xlsx_cells.py): any bytes, as a CSV in any
encoding or as a damaged .xlsx, give a table or the project's own refusal (a PortalError) — never another
exception, never a hang (pytest-timeout) — and a table written as CSV or .xlsx reads back as written."""

from __future__ import annotations

import csv
import io
import zipfile
from functools import lru_cache

import xlsxwriter
from hypothesis import example, given
from hypothesis import strategies as st

from services.core.errors import PortalError
from services.imports.headers import match_headers, normalize_header
from services.imports.reading import read_table
from services.imports.types import RawTable
from tests.fuzzing import fuzz, mark

pytestmark = mark

LIMIT = 64 * 1024  # the size limit passed in: a fuzzed zip cannot unpack to much
HEADERS = ["姓名", "身份证号", "手机号", "乡镇", "村"]
MAGIC = [b"", b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xef\xbb\xbf", b"\xff\xfe",
         b"\xfe\xff", b"\x89PNG", b"%PDF", b"RIFF\x00\x00\x00\x00WEBP"]
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "big5", "latin-1", "shift_jis"]


def _read(data: bytes, name: str = "list.csv") -> RawTable | None:
    """The table, or None when refused with the project's error (anything else fails the test)."""
    try:
        table = read_table(data, name, max_bytes=LIMIT)
    except PortalError as refused:
        assert refused.message
        return None
    assert table.rows and len(table.rows) == len(table.row_numbers)
    assert all(len(row) == len(table.headers) for row in table.rows)
    assert table.row_numbers == sorted(set(table.row_numbers))
    return table


@fuzz()
@given(st.sampled_from(MAGIC), st.binary(max_size=3000), st.sampled_from(["a.xlsx", "a.csv", "a.png", "", "名单"]))
@example(b"PK\x03\x04", b"", "a.xlsx")
@example(b"", b"\x00" * 10, "a.csv")
@example(b"", b'"' * 5000, "a.csv")
def test_any_bytes_are_a_table_or_refused(magic: bytes, data: bytes, name: str) -> None:
    _read(magic + data, name)


cell_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)


@fuzz()
@given(st.lists(st.lists(cell_text, max_size=7), max_size=12), st.sampled_from(ENCODINGS),
       st.sampled_from([",", "\t", ";", "，", "|"]), st.booleans())
def test_any_text_in_any_encoding_is_a_table_or_refused(rows: list[list[str]], encoding: str, delimiter: str,
                                                          with_header: bool) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    if with_header:
        writer.writerow(HEADERS)
    writer.writerows(rows)
    _read(buffer.getvalue().encode(encoding, errors="replace"))


# Cells a village list holds: Chinese, digits, letters, spaces and punctuation (not the delimiters a sniff could
# prefer, and no "_x…_" (OOXML's own escape) so that what is written is exactly what is read).
list_cells = st.text(alphabet="张王李秀英村镇大河乡0123456789Xx -—.,（）()/：:、abcABC", max_size=10)
body_rows = st.lists(st.tuples(*[list_cells] * len(HEADERS)).filter(lambda r: r[0].strip()), min_size=1, max_size=8)


@fuzz(0.5)
@given(body_rows, st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_a_csv_list_reads_back_as_written(rows: list[tuple[str, ...]], encoding: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    table = _read(buffer.getvalue().encode(encoding))
    assert table is not None
    assert list(table.headers) == HEADERS and table.rows == rows
    assert table.row_numbers == list(range(2, 2 + len(rows)))


def _xlsx(rows: list[tuple[str, ...]]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("名单")
    sheet.write_row(0, 0, HEADERS)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value:
                sheet.write_string(r, c, value)
    book.close()
    return out.getvalue()


@fuzz(0.2)
@given(body_rows)
def test_a_workbook_reads_back_as_written(rows: list[tuple[str, ...]]) -> None:
    table = _read(_xlsx(rows), "list.xlsx")
    assert table is not None and table.kind == "xlsx"
    assert list(table.headers) == HEADERS and table.rows == rows


@lru_cache(maxsize=1)
def _parts() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(_xlsx([("张伟", "530627199001011235", "13812345678", "大河乡", "岩脚村")]))) as z:
        return {name: z.read(name) for name in z.namelist()}


@st.composite
def damaged_workbooks(draw: st.DrawFn) -> bytes:
    """A real workbook with one of its parts cut, spliced with junk, replaced or left out."""
    parts = dict(_parts())
    name = draw(st.sampled_from(sorted(parts)))
    original = parts[name]
    how = draw(st.sampled_from(["cut", "splice", "replace", "drop", "xml"]))
    if how == "cut":
        parts[name] = original[:draw(st.integers(0, len(original)))]
    elif how == "splice":
        at = draw(st.integers(0, len(original)))
        parts[name] = original[:at] + draw(st.binary(max_size=40)) + original[at + draw(st.integers(0, 40)):]
    elif how == "replace":
        parts[name] = draw(st.binary(max_size=400))
    elif how == "drop":
        del parts[name]
    else:  # well-formed looking XML of the reader's own tags, in any order, with any values
        tags = draw(st.lists(st.sampled_from(['<row r="{}">', "</row>", '<c r="A{}" t="s">', '<c r="{}" s="{}">',
                                              "</c>", "<v>{}</v>", "<is><t>{}</t></is>", '<sheet name="{}" r:id="{}"/>',
                                              "<si><t>{}</t></si>", '<xf numFmtId="{}"/>']), max_size=20))
        filler = st.one_of(st.integers(-5, 10**6).map(str), st.text(max_size=6))
        parts[name] = "".join(t.format(draw(filler), draw(filler)) for t in tags).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for part, data in parts.items():
            z.writestr(part, data)
    data = out.getvalue()
    if draw(st.integers(0, 4)) == 0:  # the zip itself damaged too
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=20)) + data[at + draw(st.integers(0, 20)):]
    return data


@fuzz(0.3)
@given(damaged_workbooks())
def test_a_damaged_workbook_is_a_table_or_refused(data: bytes) -> None:
    _read(data, "list.xlsx")


@fuzz()
@given(st.lists(st.text(max_size=15), max_size=20))
def test_header_matching_takes_any_headers(headers: list[str]) -> None:
    mapping = match_headers(headers)
    assert set(mapping.columns) <= set(range(len(headers)))
    assert len(set(mapping.columns.values())) == len(mapping.columns)  # each field from one column at most
    for header in headers:
        once = normalize_header(header)
        assert normalize_header(once) == once
