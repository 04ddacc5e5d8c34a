"""The report as an Excel workbook: a summary sheet, the rule versions used, and the trace.

Written with XlsxWriter (a project dependency, as the imports' error book): openpyxl without lxml took 40 s
for 40,000 trace rows, XlsxWriter a few seconds. The file holds masked names only (王*兰), hire ids, dates,
contracts, ages and the poor-household flag: no ID number and no phone, so it is an ordinary download (not
components/private_download's encrypted ZIP). Headers and words are in the page's language (`_`).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import xlsxwriter

from services.core.reference import GENDERS
from services.reporting.exports.cells import neutralize
from services.subsidies.kinds import KIND_LABELS, rule_words
from services.subsidies.report import SubsidyReport


def report_workbook(report: SubsidyReport, _: Callable[..., str]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                     "strings_to_urls": False})
    bold, day = book.add_format({"bold": True}), book.add_format({"num_format": "yyyy-mm-dd"})

    def sheet(title: str, widths: list[int], header: list[str]) -> Any:
        ws = book.add_worksheet(title[:31])
        for i, width in enumerate(widths):
            ws.set_column(i, i, width)
        ws.write_row(0, 0, header, bold)
        return ws

    def row(ws: Any, r: int, values: list[object]) -> None:
        for c, value in enumerate(values):
            if isinstance(value, date):
                ws.write_datetime(r, c, value, day)
            elif isinstance(value, str) and value:
                ws.write_string(r, c, neutralize(value))  # an employer's name as typed: never a formula
            elif value is not None and value != "":
                ws.write(r, c, value)

    summary = sheet(_("Summary"), [36, 16, 8, 24, 60, 14, 14],
                    [_("Employer subsidies"), f"{report.period.start.isoformat()} – {report.period.end.isoformat()}"])
    row(summary, 1, [_("Total (yuan)"), report.total])
    summary.write_row(3, 0, [_("Employer"), _("Rule"), _("Version"), _("Kind"), _("Rule in words"),
                             _("Hires or people"), _("Amount (yuan)")], bold)
    r = 4
    for e in report.employers:
        for line in e.lines:
            row(summary, r, [e.name, line.rule.code, line.rule.version, _kind(line.rule.kind, _),
                             rule_words(line.rule.kind, line.rule.params, _), line.count, line.amount])
            r += 1
        row(summary, r, [e.name, "", "", "", _("Employer total"), "", e.total])
        r += 1

    rules = sheet(_("Rules used"), [16, 8, 12, 12, 24, 60, 80],
                  [_("Rule"), _("Version"), _("Valid from"), _("Valid to"), _("Kind"), _("Rule in words"),
                   _("Description")])
    for r, (rule, _count, _amount) in enumerate(report.rule_totals(), start=1):
        row(rules, r, [rule.code, rule.version, rule.valid_from, rule.valid_to, _kind(rule.kind, _),
                       rule_words(rule.kind, rule.params, _), _(rule.description) if rule.description else ""])

    trace = sheet(_("Hires behind each amount"), [36, 16, 8, 10, 10, 12, 10, 8, 8, 10, 12],
                  [_("Employer"), _("Rule"), _("Version"), _("Hire"), _("Name"), _("Start date"),
                   _("Contract (months)"), _("Age at start"), _("Gender"), _("Registered poor household"),
                   _("Still working on")])
    genders = {code: _(label) for code, label in GENDERS.items()}
    yes, no = _("Yes"), _("No")
    r = 1
    for e in report.employers:
        for line in e.lines:
            for t in line.trace:
                row(trace, r, [e.name, line.rule.code, line.rule.version, t.hire_id, t.name, t.start_date,
                               t.contract_months, t.age_at_start, genders.get(t.gender, t.gender),
                               yes if t.poor else no, t.qualified_on])
                r += 1
    book.close()
    return out.getvalue()


def _kind(kind: str, _: Callable[..., str]) -> str:
    return _(KIND_LABELS.get(kind, kind))
