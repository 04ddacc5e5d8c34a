"""The printable attendance sheet (one session) and completion list (one course), as Excel workbooks.

Names are masked (王*兰) with the village, as the follow-up lists and the subsidy workbook show them: the sheet
is a sign-in sheet, each person signs their own full name in the signature column, so the paper holds the
name in the person's own hand and the file holds no full name, ID number or phone. Still personal (who is on
which course), so the page hands them out through components/private_download (an encrypted ZIP), never as a
plain download. Headers and words in the page's language (`_`); typed text is neutralized (never a formula).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

import xlsxwriter

from services.core.clock import local_zone
from services.reporting.exports.cells import neutralize
from services.training.queries import CompletionRow, CourseView, RosterRow, SessionRow


def _book(out: io.BytesIO) -> Any:
    return xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                     "strings_to_urls": False})


def _write(ws: Any, r: int, values: Sequence[object], fmt: Any = None) -> None:
    for c, value in enumerate(values):
        if isinstance(value, str):
            ws.write_string(r, c, neutralize(value), fmt)
        elif value is not None:
            ws.write(r, c, value, fmt)
        elif fmt is not None:
            ws.write_blank(r, c, None, fmt)


def _page_setup(ws: Any, title: str) -> None:
    ws.set_paper(9)  # A4
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(4)
    ws.set_header("&C" + title.replace("&", "&&"))
    ws.set_footer("&C&P / &N")


def _local(at: datetime) -> str:
    return at.astimezone(local_zone()).strftime("%Y-%m-%d %H:%M")


def attendance_sheet(view: CourseView, lesson: SessionRow, people: list[RosterRow], _: Callable[..., str]) -> bytes:
    """One session's sign-in sheet: number, name (masked), village, attended (from the tap list), signature."""
    out = io.BytesIO()
    book = _book(out)
    title_fmt = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "border": 1, "bg_color": "#EEEEEE"})
    cell = book.add_format({"border": 1, "font_size": 12})
    ws = book.add_worksheet(_("Attendance sheet")[:31])
    for c, width in enumerate([6, 14, 18, 10, 30]):
        ws.set_column(c, c, width)
    title = f"{view.row.title} · {_('Session {number}', number=lesson.number)}"
    _page_setup(ws, title)
    _write(ws, 0, [title], title_fmt)
    _write(ws, 1, [_("Time"), _local(lesson.starts_at), _("Hours"), lesson.hours])
    _write(ws, 2, [_("Provider"), view.row.provider, _("Place"), view.row.place or view.row.township])
    _write(ws, 4, [_("No."), _("Name"), _("Village"), _("Attended"), _("Signature")], head)
    for n, person in enumerate([p for p in people if p.status != "withdrawn"], start=1):
        ws.set_row(4 + n, 30)  # room to sign
        _write(ws, 4 + n, [n, person.name, person.village, "✓" if lesson.id in person.attended else "", None],
               cell)
    book.close()
    return out.getvalue()


def completion_sheet(view: CourseView, rows: list[CompletionRow], _: Callable[..., str],
                     issued_on: date | None = None) -> bytes:
    """The course's completion list: who completed, when, sessions attended, certificate number."""
    out = io.BytesIO()
    book = _book(out)
    title_fmt = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "border": 1, "bg_color": "#EEEEEE"})
    cell = book.add_format({"border": 1})
    ws = book.add_worksheet(_("Completion list")[:31])
    for c, width in enumerate([6, 14, 18, 14, 12, 22]):
        ws.set_column(c, c, width)
    title = f"{view.row.title} · {_('Completion list')}"
    _page_setup(ws, title)
    _write(ws, 0, [title], title_fmt)
    _write(ws, 1, [_("Dates"), f"{view.row.starts_on.isoformat()} – {view.row.ends_on.isoformat()}",
                   _("Sessions"), len(view.sessions)])
    _write(ws, 2, [_("Provider"), view.row.provider, _("Completed"), len(rows)])
    _write(ws, 4, [_("No."), _("Name"), _("Village"), _("Completed on"), _("Sessions attended"),
                   _("Certificate no.")], head)
    for n, r in enumerate(rows, start=1):
        _write(ws, 4 + n, [n, r.name, r.village, r.completed_on.isoformat(), r.attended, r.certificate or ""],
               cell)
    book.close()
    return out.getvalue()
