"""Reading an uploaded list as text: the file's type by its content (never by its name), a workbook's
first sheet with data or a CSV in whichever encoding and delimiter it uses, the header row found below
any title rows. A file that cannot be a list is refused in plain words (`FieldErrors({"file": …})`)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence

from services.core.errors import FieldErrors
from services.core.i18n import N_
from services.core.settings import get_settings
from services.imports.headers import match_headers
from services.imports.types import RawTable
from services.imports.xlsx_cells import PartTooLarge, Workbook, XlsxFormatError, number_text

HEADER_MIN_CELLS = 3  # the header row: the first row with at least this many filled cells (titles sit above)
HEADER_LOOK = 30  # … among the first rows, preferring one that names known columns
INSTRUCTION_SHEETS = ("说明", "instruction", "readme", "read me")  # a sheet whose name holds one of these
UNPACK_FACTOR = 12  # a workbook's sheet may unpack to at most this many times the size limit
DELIMITERS = ("\t", ",", ";", "，")  # in this order when two fit equally well

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls / .et files, and workbooks saved with a password
_PICTURES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"II*\x00", b"MM\x00*")

EMPTY = N_("The file is empty.")
TOO_LARGE = N_("The file is too large ({size} MB). At most {limit} MB: split the list into several files.")
OLD_EXCEL = N_("This is an old Excel file (.xls) or a workbook with a password. Open it in Excel or WPS, "
               "remove any password and save it as an Excel workbook (.xlsx), then upload that file.")
PICTURE = N_("This is a picture or a PDF, not a list. Please upload the Excel workbook (.xlsx) or a CSV file.")
NOT_WORKBOOK = N_("This zip file is not an Excel workbook. Please upload the Excel workbook (.xlsx) or a CSV file.")
OTHER_SPREADSHEET = N_("This is a document or spreadsheet of another kind. Open it and save it as an "
                       "Excel workbook (.xlsx), then upload that file.")
DAMAGED = N_("The workbook is damaged and cannot be read. Open it in Excel or WPS, save it again and upload it.")
NOT_TEXT = N_("The file is not a list that can be read. Please upload the Excel workbook (.xlsx) or a CSV file.")
NO_HEADER = N_("No row with column names was found. The first row of the list must name the columns "
               "(姓名, 身份证号, 手机号 …).")
NO_ROWS = N_("The list has column names but no people below them.")


def refuse(message: str, **values: object) -> FieldErrors:
    return FieldErrors({"file": (message, values) if values else message})


def read_table(data: bytes, file_name: str, *, max_bytes: int | None = None) -> RawTable:
    """The file as text: an .xlsx workbook (recognized by its content) or a CSV text file."""
    limit = get_settings().import_max_bytes if max_bytes is None else max_bytes
    if not data or not data.strip():
        raise refuse(EMPTY)
    if len(data) > limit:
        raise refuse(TOO_LARGE, size=_megabytes(len(data)), limit=_megabytes(limit))
    digest = hashlib.sha256(data).hexdigest()
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        rows = _workbook_rows(data, limit)
        kind = "xlsx"
    elif data.startswith(_OLE2):
        raise refuse(OLD_EXCEL)
    elif data.startswith(_PICTURES) or data[4:12] in (b"ftypheic", b"ftypmif1") or (
            data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        raise refuse(PICTURE)
    else:
        text, kind = decode_text(data)
        rows = _csv_rows(text)
    headers, body, numbers = _table(rows)
    return RawTable(headers=headers, rows=body, row_numbers=numbers, file_name=file_name, sha256=digest, kind=kind)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0")


# ---------------------------------------------------------------- workbooks

def _workbook_rows(data: bytes, limit: int) -> Iterator[tuple[int, list[str]]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise refuse(DAMAGED) from None
    if "xl/workbook.xml" not in names:
        if "mimetype" in names or "word/document.xml" in names or "ppt/presentation.xml" in names:
            raise refuse(OTHER_SPREADSHEET)
        raise refuse(NOT_WORKBOOK)
    try:  # the rows are read here (list), so that a part found damaged while reading falls back too
        book = Workbook(archive, max_part_bytes=limit * UNPACK_FACTOR)
        return iter(list(_first_sheet_with_data((sheet.name, book.rows(sheet))
                                                for sheet in book.sheets if not sheet.hidden)))
    except PartTooLarge:
        raise refuse(TOO_LARGE, size=_megabytes(len(data)), limit=_megabytes(limit)) from None
    except _DAMAGED_PART:
        return _openpyxl_rows(data)


# What reading a damaged zip or part can raise (a bad deflate stream, an encrypted or unknown member, a
# number or shared string out of range …): the fast reader gives up and openpyxl, the fallback, decides.
_DAMAGED_PART = (XlsxFormatError, KeyError, IndexError, ValueError, OverflowError, UnicodeDecodeError, EOFError,
                 zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError)


def _first_sheet_with_data(sheets: Iterable[tuple[str, Iterable[tuple[int, list[str]]]]]
                           ) -> Iterator[tuple[int, list[str]]]:
    """The rows of the first sheet (not an instruction sheet) that has a header row."""
    for name, rows in sheets:
        if any(word in name.casefold() for word in INSTRUCTION_SHEETS):
            continue
        listed = list(rows)
        if any(_filled(cells) >= HEADER_MIN_CELLS for _, cells in listed):
            return iter(listed)
    return iter(())


def _openpyxl_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """The slow path for a workbook the fast reader does not know: openpyxl in read-only mode."""
    import openpyxl  # a runtime requirement; imported only when needed

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise refuse(DAMAGED) from None
    try:  # a sheet can be found damaged only while its rows are read
        sheets = [(ws.title, [(n, [_openpyxl_text(value) for value in values])
                              for n, values in enumerate(ws.iter_rows(values_only=True), start=1)])
                  for ws in book.worksheets if ws.sheet_state == "visible"]
    except Exception:
        raise refuse(DAMAGED) from None
    finally:
        book.close()
    return iter(list(_first_sheet_with_data(sheets)))


def _openpyxl_text(value: object) -> str:
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return number_text(repr(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d") if value.time() == dt.time() else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    return str(value)


# ---------------------------------------------------------------- CSV text

def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 with BOM, UTF-16 with BOM (Excel's "Unicode text"), UTF-8, then GB18030
    (a superset of GBK and GB2312) — each decoded strictly, so a wrong guess fails instead of garbling."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text or _control_share(text) > 0.01:
            break
        return text, encoding
    raise refuse(NOT_TEXT)


def _control_share(text: str) -> float:
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    return controls / max(1, len(sample))


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines most consistently into 3 columns or more."""
    lines = [line for line in text.split("\n", 30)[:30] if line.strip()]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        counts = [line.count(delimiter) for line in lines]
        score = (sum(1 for c in counts if c >= HEADER_MIN_CELLS - 1), max(counts, default=0))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        yield from enumerate(reader, start=1)
    except csv.Error:
        raise refuse(NOT_TEXT) from None


# ---------------------------------------------------------------- the table

def _filled(cells: Sequence[str]) -> int:
    return sum(1 for c in cells if c.strip())


def _table(rows: Iterable[tuple[int, list[str]]]) -> tuple[tuple[str, ...], list[tuple[str, ...]], list[int]]:
    """The header row, then below it every row holding anything, cut or padded to the header's width (blank
    rows, at the end or between, are left out; row numbers stay the file's)."""
    lines = list(rows)
    at = header_row(lines)
    if at is None:
        raise refuse(NO_HEADER)
    headers = [c.strip() for c in lines[at][1]]
    iterator = iter(lines[at + 1:])
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    body: list[tuple[str, ...]] = []
    numbers: list[int] = []
    for number, cells in iterator:
        if not "".join(cells).strip():  # str.strip also takes the full-width space
            continue
        if len(cells) < width:
            cells = [*cells, *([""] * (width - len(cells)))]
        body.append(tuple(cells[:width]))
        numbers.append(number)
    if not body:
        raise refuse(NO_ROWS)
    return tuple(headers), body, numbers


def header_row(lines: Sequence[tuple[int, list[str]]], *, look: int = HEADER_LOOK) -> int | None:
    """Where the header row is: among the first rows with at least 3 filled cells (a title row with a date or
    a village name may have 3 too), the first that names 2 known columns, else the first of them."""
    candidates = [i for i, (_, cells) in enumerate(lines[:look]) if _filled(cells) >= HEADER_MIN_CELLS]
    if not candidates and len(lines) > look:
        candidates = [i for i, (_, cells) in enumerate(lines) if _filled(cells) >= HEADER_MIN_CELLS][:1]
    for i in candidates:
        if len(match_headers(lines[i][1]).columns) >= 2:
            return i
    return candidates[0] if candidates else None


def lost_digits(text: str) -> bool:
    """A cell whose number Excel kept with 15 significant digits only (an ID number typed as a number):
    the reader gives it as Excel shows it, e.g. "5.30627199001011E+17"."""
    return bool(re.fullmatch(r"-?\d(\.\d+)?E\+\d+", text.strip()))
