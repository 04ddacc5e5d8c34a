"""A fast reader of an .xlsx workbook's cells as text, straight from its XML parts.

openpyxl (even in read-only mode) needs about 10 s for 20,000 rows × 16 columns on this machine; a
village list must read in well under 2 s, so the worksheet XML is scanned with regular expressions
(one pass, no tree). Only what a list needs is read: the sheets in order (name, hidden or not), the
shared strings, which cell styles are dates, and each sheet's cells. `reading.py` falls back to
openpyxl when a workbook is built in a way this reader does not know (`XlsxFormatError`).

Cells come back as the text the cadre typed: numbers without ".0", a number Excel kept with 15
significant digits only (an 18-digit ID number typed as a number) in the form Excel shows it,
"5.30627199001011E+17", so that checking sees it is not an ID number; dates as YYYY-MM-DD.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

Row = tuple[int, list[str]]  # the row's number in the sheet (1-based), its cells by column


class XlsxFormatError(Exception):
    """The workbook is built in a way this reader does not know (the caller tries openpyxl)."""


@dataclass(frozen=True)
class SheetRef:
    name: str
    path: str  # the part's name inside the zip
    hidden: bool


_P = r"(?:[\w.-]+:)?"  # an optional namespace prefix (x:c, x:row …)
_SHEET = re.compile(rf"<{_P}sheet\b([^>]*)>")
_ATTR = re.compile(r"([\w:.-]+)\s*=\s*(\"[^\"]*\"|'[^']*')")
_REL = re.compile(rf"<{_P}Relationship\b([^>]*)>")
_SI = re.compile(rf"<{_P}si\b[^>]*?(?:/>|>(.*?)</{_P}si>)", re.S)
_T = re.compile(rf"<{_P}t\b[^>]*?(?:/>|>(.*?)</{_P}t>)", re.S)
_RPH = re.compile(rf"<{_P}rPh\b.*?</{_P}rPh>", re.S)  # phonetic runs: not part of the text
_ROW = re.compile(rf"<{_P}row\b([^>]*?)(?:/>|>(.*?)</{_P}row>)", re.S)
_CELL = re.compile(rf"<{_P}c\b([^>]*?)(?:/>|>(.*?)</{_P}c>)", re.S)
_FAST_CELL = re.compile(
    r'<c r="([A-Z]{1,3})(\d+)"(?: s="(\d+)")?(?: t="(\w+)")?(?: (?![st]=)[\w:]+="[^"]*")*\s*'
    r'(?:/>|>(?:<f\b[^>]*?(?:/>|>[^<]*</f>))?(?:<v>([^<]*)</v>)?(.*?)</c>)', re.S)
_V = re.compile(rf"<{_P}v\b[^>]*>(.*?)</{_P}v>", re.S)
_IS = re.compile(rf"<{_P}is\b[^>]*>(.*?)</{_P}is>", re.S)
_R_ATTR = re.compile(r"\br\s*=\s*[\"']([A-Z]+)?(\d+)?[\"']")
_T_ATTR = re.compile(r"\bt\s*=\s*[\"'](\w+)[\"']")
_S_ATTR = re.compile(r"\bs\s*=\s*[\"'](\d+)[\"']")
_NUMFMT = re.compile(rf"<{_P}numFmt\b([^>]*)>")
_CELLXFS = re.compile(rf"<{_P}cellXfs\b[^>]*>(.*?)</{_P}cellXfs>", re.S)
_XF = re.compile(rf"<{_P}xf\b([^>]*)>")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")  # OOXML's escape of control characters
_PLAIN_INT = re.compile(r"-?\d+")
_DATE_1904 = re.compile(r"date1904\s*=\s*[\"'](1|true)[\"']")

# Built-in number formats that are dates or times (incl. the CJK ones, 27–36 and 50–58).
_DATE_FORMAT_IDS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')


def _attrs(text: str) -> dict[str, str]:
    return {k.split(":")[-1] if not k.startswith("r:") else k: v[1:-1] for k, v in _ATTR.findall(text)}


def _unescape(text: str) -> str:
    if "&" in text:
        text = html.unescape(text)
    if "_x" in text:
        text = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text


def is_date_format(code: str) -> bool:
    """A custom number format that shows a date or time (d, m, y, h, s outside quotes and brackets)."""
    bare = _FORMAT_NOISE.sub("", code).lower()
    return bool(re.search(r"[dmyhs]", bare)) and "general" not in bare


class Workbook:
    """The parts of one .xlsx needed to read its sheets as text."""

    def __init__(self, archive: zipfile.ZipFile, *, max_part_bytes: int):
        self.zip = archive
        self.max_part_bytes = max_part_bytes
        book = self._text("xl/workbook.xml")
        self.date1904 = bool(_DATE_1904.search(book))
        targets = {a.get("Id"): a.get("Target", "") for a in map(_attrs, _REL.findall(
            self._text("xl/_rels/workbook.xml.rels")))}
        self.sheets: list[SheetRef] = []
        for attrs in map(_attrs, _SHEET.findall(book)):
            target = targets.get(attrs.get("r:id") or attrs.get("id", ""))
            if not target:
                raise XlsxFormatError("a sheet without a part")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            self.sheets.append(SheetRef(_unescape(attrs.get("name", "")), path,
                                        attrs.get("state", "visible") != "visible"))
        self.strings = self._shared_strings()
        self.date_styles = self._date_styles()

    def _text(self, name: str, *, optional: bool = False) -> str:
        try:
            info = self.zip.getinfo(name)
        except KeyError:
            if optional:
                return ""
            raise XlsxFormatError(f"no {name}") from None
        if info.file_size > self.max_part_bytes:
            raise PartTooLarge(name)
        return self.zip.read(info).decode("utf-8")

    def _shared_strings(self) -> list[str]:
        xml = self._text("xl/sharedStrings.xml", optional=True)
        out = []
        for inner in _SI.findall(xml):
            if "rPh" in inner:
                inner = _RPH.sub("", inner)
            out.append(_unescape("".join(_T.findall(inner))))
        return out

    def _date_styles(self) -> frozenset[int]:
        xml = self._text("xl/styles.xml", optional=True)
        custom = {int(a["numFmtId"]): a.get("formatCode", "") for a in map(_attrs, _NUMFMT.findall(xml))
                  if a.get("numFmtId", "").isdigit()}
        xfs = _CELLXFS.search(xml)
        dates = set()
        for index, attrs in enumerate(map(_attrs, _XF.findall(xfs.group(1) if xfs else ""))):
            fmt = int(attrs.get("numFmtId", "0") or 0)
            if fmt in _DATE_FORMAT_IDS or (fmt in custom and is_date_format(_unescape(custom[fmt]))):
                dates.add(index)
        return frozenset(dates)

    def rows(self, sheet: SheetRef) -> Iterator[Row]:
        """The sheet's rows that hold anything, as text (columns without a cell are "")."""
        xml = self._text(sheet.path)
        cells = _FAST_CELL.findall(xml)
        if len(cells) == xml.count("<c ") + xml.count("<c>") and ":c " not in xml and ":c>" not in xml:
            return self._fast_rows(cells)
        return self._general_rows(xml)

    def _fast_rows(self, found: list[tuple[str, ...]]) -> Iterator[Row]:
        """Cells written the usual way (Excel, WPS, XlsxWriter, openpyxl: `<c r="B7" s="3" t="s">`), read by one
        regular expression over the whole sheet."""
        strings, date_styles, base = self.strings, self.date_styles, _base(self.date1904)
        columns: dict[str, int] = {}
        current, cells = "", list[str]()
        for letters, number, style, kind, value, rest in found:
            if number != current:
                if cells:
                    yield int(current), cells
                current, cells = number, []
            if kind == "s" and value:
                text = strings[int(value)]
            elif not kind and value and not style:
                text = value if value.isdigit() else number_text(value)
            elif kind == "inlineStr" and rest.startswith("<is><t>") and rest.endswith("</t></is>") \
                    and "<" not in rest[7:-9]:
                text = _unescape(rest[7:-9])
            elif value or rest:
                text = _cell_text(kind or "n", f"<v>{value}</v>" if value else rest, f' s="{style}"' if style else "",
                                  strings, date_styles, base)
            else:
                continue
            if not text:
                continue
            col = columns.get(letters)
            if col is None:
                col = columns[letters] = _column_index(letters)
            if col >= len(cells):
                cells.extend([""] * (col + 1 - len(cells)))
            cells[col] = text
        if cells:
            yield int(current), cells

    def _general_rows(self, xml: str) -> Iterator[Row]:
        strings, date_styles, base = self.strings, self.date_styles, _base(self.date1904)
        columns: dict[str, int] = {}
        number = 0
        for row_attrs, body in _ROW.findall(xml):
            found = _R_ATTR.search(row_attrs)
            number = int(found.group(2)) if found and found.group(2) else number + 1
            cells: list[str] = []
            col = -1
            for cell_attrs, inner in _CELL.findall(body):
                ref = _R_ATTR.search(cell_attrs)
                if ref and ref.group(1):
                    letters = ref.group(1)
                    col = columns.get(letters, -1)
                    if col < 0:
                        col = columns[letters] = _column_index(letters)
                else:
                    col += 1
                if not inner:
                    continue
                kind = _T_ATTR.search(cell_attrs)
                text = _cell_text(kind.group(1) if kind else "n", inner, cell_attrs, strings, date_styles, base)
                if text == "":
                    continue
                if col >= len(cells):
                    cells.extend([""] * (col + 1 - len(cells)))
                cells[col] = text
            if cells:
                yield number, cells


class PartTooLarge(Exception):
    """A part of the workbook unpacks to more than the reader accepts (a zip bomb, or far too many rows)."""


def _base(date1904: bool) -> datetime:
    return datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)


MAX_COLUMNS = 16_384  # Excel's last column is XFD


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters[:4]:
        n = n * 26 + ord(ch) - 64
    if len(letters) > 3 or n > MAX_COLUMNS:  # a reference past XFD would make the row a list of millions of cells
        raise XlsxFormatError("a column past XFD")
    return n - 1


def _cell_text(kind: str, inner: str, attrs: str, strings: list[str], date_styles: frozenset[int],
               base: datetime) -> str:
    if kind == "inlineStr":
        found = _IS.search(inner)
        return _unescape("".join(_T.findall(_RPH.sub("", found.group(1))))) if found else ""
    value = _V.search(inner)
    if value is None:
        return ""
    raw = value.group(1)
    if kind == "s":
        try:
            return strings[int(raw)]
        except (ValueError, IndexError):
            raise XlsxFormatError("a shared string out of range") from None
    if kind in ("str", "e", "d"):
        text = _unescape(raw)
        return text[:10] if kind == "d" and text[10:].strip("T0:.Z") == "" else text
    if kind == "b":
        return "是" if raw.strip() == "1" else "否"
    style = _S_ATTR.search(attrs)
    if style and int(style.group(1)) in date_styles:
        return excel_date_text(float(raw), base)
    return number_text(raw)


def number_text(raw: str) -> str:
    """A number cell as Excel shows it in General format, without losing digits that are there: an integer
    written in full stays exact; a float keeps 15 significant digits (Excel's own precision), an integer
    of 16 digits or more written as a float (digits already lost) keeps the exponent, e.g. 5.30627199001011E+17."""
    raw = raw.strip()
    if _PLAIN_INT.fullmatch(raw):
        return raw.lstrip("+")
    try:
        number = float(raw)
    except ValueError:
        return raw
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return f"{number:.15g}".upper().replace("E+0", "E+")


def excel_date_text(serial: float, base: datetime) -> str:
    """An Excel date serial as YYYY-MM-DD (with HH:MM when it has a time of day, only HH:MM:SS for a time)."""
    try:
        moment = base + timedelta(days=serial)
    except OverflowError:
        return number_text(repr(serial))
    moment = (moment + timedelta(microseconds=500_000)).replace(microsecond=0)  # Excel's float noise
    if 0 <= serial < 1:
        return moment.strftime("%H:%M:%S")
    if moment.hour == moment.minute == moment.second == 0:
        return moment.strftime("%Y-%m-%d")
    return moment.strftime("%Y-%m-%d %H:%M")
