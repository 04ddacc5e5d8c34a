"""Trained, then employed as tables (for the page) and as an Excel workbook (one sheet per breakdown).

No personal data: courses, kinds, providers and counts only, so the file is an ordinary download. Words and
headers in the page's language (`_`); names typed by staff pass `neutralize` (never a formula).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import xlsxwriter

from services.core.i18n import N_
from services.reporting.exports.cells import neutralize
from services.training.labels import KIND_LABELS
from services.training.outcomes import Outcome, TrainingOutcomes

BREAKDOWNS: dict[str, str] = {
    "course": N_("By course"), "kind": N_("By kind"), "provider": N_("By provider"),
    "employer": N_("Order-based: by ordering employer"),
}
SHEETS: dict[str, str] = {  # sheet names: at most 31 characters, none of []:*?/ or a backslash
    "course": N_("Courses"), "kind": N_("Course kinds"), "provider": N_("Providers"),
    "employer": N_("Ordering employers"),
}
COLUMNS = (N_("Completions"), N_("3 months passed"), N_("Hired within 3 months"), N_("% within 3 months"),
           N_("Not yet 3 months"), N_("6 months passed"), N_("Hired within 6 months"), N_("% within 6 months"),
           N_("Not yet 6 months"), N_("Order-based, 6 months passed"), N_("Hired by the ordering employer"))


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def cells(o: Outcome) -> list[int | float | None]:
    return [o.completed, o.closed3, o.hired3, _pct(o.percent3), o.open3, o.closed6, o.hired6, _pct(o.percent6),
            o.open6, o.ordered, o.by_orderer]


def table(report: TrainingOutcomes, breakdown: str, _: Callable[..., str]) -> tuple[list[str], list[list[object]]]:
    """(header, rows) of one breakdown, the total last."""
    if breakdown == "course":
        header = [_("Course"), _("Course kind"), _("Provider"), _("Ordering employer")]
        rows: list[list[object]] = [[c.title, _(KIND_LABELS.get(c.kind, c.kind)), c.provider, c.employer,
                                     *cells(c.outcome)] for c in report.courses]
        blank = ["", "", ""]
    else:
        header = [_(BREAKDOWNS[breakdown])]
        rows = [[_(KIND_LABELS.get(k, k)) if breakdown == "kind" else k, *cells(o)] for k, o in report.by(breakdown)]
        blank = []
    header += [_(c) for c in COLUMNS]
    rows.append([_("Total"), *blank, *cells(report.total)])
    return header, rows


def outcomes_workbook(report: TrainingOutcomes, _: Callable[..., str]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                     "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    for breakdown in BREAKDOWNS:
        ws = book.add_worksheet(re.sub(r"[\[\]:*?/\\]", " ", _(SHEETS[breakdown]))[:31])
        header, rows = table(report, breakdown, _)
        ws.write_row(0, 0, [_("Trained, then employed"),
                            f"{report.start.isoformat()} – {report.end.isoformat()}",
                            _("as of {day}").format(day=report.today.isoformat())], bold)
        ws.write_row(2, 0, header, bold)
        ws.set_column(0, 0, 30)
        for r, row in enumerate(rows, start=3):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    if value:
                        ws.write_string(r, c, neutralize(value))
                elif value is not None:
                    ws.write_number(r, c, value)
    book.close()
    return out.getvalue()
