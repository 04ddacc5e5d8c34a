"""Writing export rows as they come: CSV incrementally, .xlsx in XlsxWriter's constant_memory mode."""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import datetime
from typing import BinaryIO

import xlsxwriter

from services.reporting.exports.cells import COLUMNS, DATETIME_COLUMNS, QUOTE, TRIGGER_SET, cell, neutralize

XLSX_MAX_ROWS = 1_048_576  # rows in one Excel sheet, the header included


class CsvWriter:
    """UTF-8 with a byte-order mark, so Excel shows Chinese; written row by row."""

    def __init__(self, out: BinaryIO):
        self.text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=False)
        self.writer = csv.writer(self.text)

    def header(self, names: list[str]) -> None:
        self.writer.writerow([cell(n) for n in names])

    def row(self, cells: list[object]) -> None:
        out: list[object] = []
        for v in cells:
            if type(v) is str:
                out.append(QUOTE + v if v[:1] in TRIGGER_SET else v)  # neutralize(), inlined: hot loop
            elif v is None:
                out.append("")
            elif isinstance(v, datetime):
                out.append(v.strftime("%Y-%m-%d %H:%M"))
            else:
                out.append(cell(v))
        self.writer.writerow(out)

    def close(self) -> None:
        self.text.flush()
        self.text.detach()  # leave `out` open for the caller (a collected wrapper would close it)

    abort = close


class XlsxWriter:
    """XlsxWriter in constant_memory mode: each row goes to a temporary file as it is written.

    Its temporary files live in a private directory removed on close, even after an error.
    Text is written with write_string (never a formula), numbers with write_number.
    """

    def __init__(self, out: BinaryIO, sheet_name: str):
        self.tmp = tempfile.TemporaryDirectory(prefix="portal-export-")
        self.book = xlsxwriter.Workbook(out, {
            "constant_memory": True, "tmpdir": self.tmp.name, "strings_to_formulas": False,
            "strings_to_numbers": False, "strings_to_urls": False})
        self.sheet_name = sheet_name
        self.bold = self.book.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
        self.when = self.book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.names: list[str] = []
        self.sheets = 0
        self.r = 0

    def _new_sheet(self) -> None:
        self.sheets += 1
        name = self.sheet_name if self.sheets == 1 else f"{self.sheet_name} {self.sheets}"
        self.ws = self.book.add_worksheet(name[:31])
        for i, (_key, _header, width) in enumerate(COLUMNS):
            self.ws.set_column(i, i, width, self.when if _key in DATETIME_COLUMNS else None)
        self.ws.freeze_panes(1, 0)
        for c, header in enumerate(self.names):
            self.ws.write_string(0, c, neutralize(header), self.bold)
        self.r = 1

    def header(self, names: list[str]) -> None:
        self.names = names
        self._new_sheet()

    def row(self, cells: list[object]) -> None:
        if self.r >= XLSX_MAX_ROWS:
            self._new_sheet()
        ws, r = self.ws, self.r
        for c, v in enumerate(cells):
            if v is None:
                continue
            if isinstance(v, bool):
                ws.write_boolean(r, c, v)
            elif isinstance(v, int | float):
                ws.write_number(r, c, v)
            elif isinstance(v, datetime):
                ws.write_datetime(r, c, v, self.when)
            else:
                ws.write_string(r, c, neutralize(str(v)))
        self.r += 1

    def close(self) -> None:
        try:
            self.book.close()
        finally:
            self.tmp.cleanup()

    def abort(self) -> None:
        self.tmp.cleanup()
