"""The report's Excel file: summary, rule versions, trace; masked names only, in the chosen language."""

from __future__ import annotations

import io
import re
from datetime import date

import openpyxl

from services.core.i18n import translator
from services.subsidies.defaults import ensure_default_rules
from services.subsidies.report import Period, subsidy_report
from services.subsidies.workbook import report_workbook
from tests.subsidies.support import Employers, hire, seeker


def test_the_workbook_has_the_amounts_and_the_hires_behind_them(engine) -> None:
    ensure_default_rules(engine)
    world = Employers(engine)
    emp = world.add(1, name="东莞市华丰电子有限公司")
    for n in range(1, 4):
        hire(engine, world, seeker(engine, n, poor=True, name="王秀兰"), emp, start=date(2024, 3, n), contract=13)
    report = subsidy_report(engine, Period(date(2024, 1, 1), date(2024, 12, 31)))
    book = openpyxl.load_workbook(io.BytesIO(report_workbook(report, translator("en"))))
    assert book.sheetnames == ["Summary", "Rules used", "Hires behind each amount"]
    summary = [list(row) for row in book["Summary"].iter_rows(values_only=True)]
    assert summary[1][:2] == ["Total (yuan)", 21200]
    lines = {(r[1], r[2]): (r[5], r[6]) for r in summary[4:] if r[1]}
    assert lines == {("hire_contract", 1): (3, 1200), ("poor_hires", 1): (3, 20000)}
    trace = list(book["Hires behind each amount"].iter_rows(values_only=True))[1:]
    assert len(trace) == 6 and {r[4] for r in trace} == {"王*兰"}
    text = " ".join(str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row if c is not None)
    assert not re.search(r"\d{17}[\dXx]|1\d{10}", text)  # no ID number, no mobile
    chinese = openpyxl.load_workbook(io.BytesIO(report_workbook(report, translator("zh_CN"))))
    assert len(chinese.sheetnames) == 3
