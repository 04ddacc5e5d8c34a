"""The report as an Excel workbook (openpyxl): a summary sheet, the rule versions used, and the trace.

It holds masked names only (王*兰), hire ids, dates, contracts, ages and the poor-household flag: no ID
number and no phone, so it is an ordinary download (not components/private_download's encrypted ZIP).
Headers and words are in the page's language (`_`).
"""

from __future__ import annotations

import io
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from services.core.reference import GENDERS
from services.subsidies.kinds import KIND_LABELS, rule_words
from services.subsidies.report import SubsidyReport

BOLD = Font(bold=True)


def report_workbook(report: SubsidyReport, _: Callable[..., str]) -> bytes:
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = _("Summary")[:31]
    summary.append([_("Employer subsidies"), f"{report.period.start.isoformat()} – {report.period.end.isoformat()}"])
    summary.append([_("Total (yuan)"), report.total])
    summary.append([])
    header = [_("Employer"), _("Rule"), _("Version"), _("Kind"), _("Rule in words"), _("Hires or people"),
              _("Amount (yuan)")]
    summary.append(header)
    for e in report.employers:
        for line in e.lines:
            summary.append([e.name, line.rule.code, line.rule.version, _kind(line.rule.kind, _),
                            rule_words(line.rule.kind, line.rule.params, _), line.count, line.amount])
        summary.append([e.name, "", "", "", _("Employer total"), "", e.total])
    _bold_row(summary, 4)

    rules = book.create_sheet(_("Rules used")[:31])
    rules.append([_("Rule"), _("Version"), _("Valid from"), _("Valid to"), _("Kind"), _("Rule in words"),
                  _("Description")])
    for rule, _count, _amount in report.rule_totals():
        rules.append([rule.code, rule.version, rule.valid_from, rule.valid_to or "", _kind(rule.kind, _),
                      rule_words(rule.kind, rule.params, _), _(rule.description) if rule.description else ""])
    _bold_row(rules, 1)

    trace = book.create_sheet(_("Hires behind each amount")[:31])
    trace.append([_("Employer"), _("Rule"), _("Version"), _("Hire"), _("Name"), _("Start date"), _("Contract (months)"),
                  _("Age at start"), _("Gender"), _("Registered poor household"), _("Still working on")])
    for e in report.employers:
        for line in e.lines:
            for r in line.trace:
                trace.append([e.name, line.rule.code, line.rule.version, r.hire_id, r.name, r.start_date,
                              r.contract_months, r.age_at_start, _(GENDERS.get(r.gender, r.gender)),
                              _("Yes") if r.poor else _("No"), r.qualified_on or ""])
    _bold_row(trace, 1)
    for sheet in (summary, rules, trace):
        for column in sheet.columns:
            letter = column[0].column_letter
            sheet.column_dimensions[letter].width = min(60, max(10, *(len(str(c.value or "")) + 2 for c in column)))
        for row in sheet.iter_rows():
            for cell in row:
                if hasattr(cell.value, "isoformat"):
                    cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _kind(kind: str, _: Callable[..., str]) -> str:
    return _(KIND_LABELS.get(kind, kind))


def _bold_row(sheet: Worksheet, row: int) -> None:
    for cell in sheet[row]:
        cell.font = BOLD
