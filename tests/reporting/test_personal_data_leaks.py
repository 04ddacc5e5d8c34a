"""Full ID numbers and mobile numbers appear in no log line and no export, except the organizer's audited
full-ID export (and its audit row exists) — and, by design, phones in a recruiter's pipeline CSV (the candidates
applied to that employer: services/recruiting/pipeline_view.py) and the import's error workbook, which holds the
village's own left-out rows as typed so that they can be corrected; both are handed out as encrypted ZIPs.

A realistic county is made by the CLI's demo data (registrations, check-ins, village lists, employers,
applications, hires, visits, subsidies, audit events); then a registration refused, an import with a bad row
(the CLI's JSON), a booth scan, and every export: masked CSV and .xlsx, the full-ID export, the pipeline CSV,
the error workbook, the subsidy workbook, the meeting report PDF, the audit log export. Everything logged
(caplog at DEBUG) or printed (capsys) and every file (xlsx: every sheet's cells; pdf: its text) is searched
for every seeker's ID number and phone, decrypted from the database. The real server's log is searched in
tests/browser/test_personal_data_log.py."""

from __future__ import annotations

import io
import json
import logging
import re
from datetime import timedelta
from pathlib import Path

import openpyxl
import pypdfium2
import pytest
from sqlmodel import Session, select

from models import AuditEvent, Seeker
from services.cli.commands import main
from services.core.clock import local_today
from services.core.crypto import Vault
from services.core.db import make_engine
from services.core.errors import FieldErrors
from services.core.i18n import translator
from services.core.settings import get_settings
from services.imports.checking import check_table
from services.imports.error_book import error_workbook
from services.imports.headers import match_headers
from services.imports.reading import read_table
from services.places.county import County
from services.recruiting.booth import open_seeker_card
from services.recruiting.pipeline_csv import pipeline_csv
from services.recruiting.pipeline_view import vacancy_pipeline
from services.reporting.audit_log import AuditFilter, export_audit_log
from services.reporting.exports.export import AUDIT_ACTION, export_full_ids, export_registrations
from services.reporting.exports.filters import ExportFilter
from services.reporting.report_pdf import ReportRequest, make_report
from services.subsidies.report import Period, subsidy_report
from services.subsidies.workbook import report_workbook
from tests.conftest import TEST_SECRET
from tests.factories import form, person_id

ID_LIKE = re.compile(r"(?<![0-9])\d{17}[\dXx](?![0-9])")
PHONE_LIKE = re.compile(r"(?<![0-9])1[3-9]\d{9}(?![0-9])")


def _xlsx_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
                     if v is not None)


def _pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


@pytest.fixture
def county_db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture):
    url = f"sqlite:///{tmp_path / 'county.db'}"
    for key, value in {"DATABASE_URL": url, "PORTAL_DATA_DIR": str(tmp_path / "data"),
                       "PORTAL_SECRET_KEY": TEST_SECRET, "PORTAL_LANGUAGE": "zh_CN"}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("PORTAL_ENV", raising=False)
    caplog.set_level(logging.DEBUG)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def test_no_full_id_number_or_phone_outside_the_audited_export(county_db, county: County, tmp_path, capsys,
                                                              caplog) -> None:
    printed: list[str] = []
    files: dict[str, str] = {}  # what each export holds, as text
    vault = Vault.from_secret(TEST_SECRET)

    assert main(["demo-data", "--seekers", "40", "--employers", "6", "--vacancies", "20"]) == 0
    printed.append(capsys.readouterr().out)
    engine = make_engine(county_db)

    # a registration refused with a valid ID number and a wrong phone: the error carries no value
    from services.registration.register import validate_registration
    with pytest.raises(FieldErrors) as refused:
        validate_registration(form(id_number=person_id(401), phone="1391234"), county=county)
    printed.append(repr(refused.value) + str(refused.value) + repr(refused.value.values))

    # a village list with a bad row through the CLI (its one JSON line), and the error workbook
    rows = ["姓名,身份证号,手机号,乡镇,村", f"赵德华,{person_id(402, gender='M')},13955550402,城关镇,东门村",
            f"钱玉兰,{person_id(403)},1395555,城关镇,东门村"]
    path = tmp_path / "东门村.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["import-seekers", str(path)]) == 0
    out = capsys.readouterr()
    printed += [out.out, out.err]
    assert json.loads(out.out)["left_out"] == 1
    table = read_table(path.read_bytes(), path.name)
    report = check_table(engine, vault, table, match_headers(table.headers), county=county)
    # the error workbook goes back to the village with its own left-out rows as typed (to correct them), in an
    # encrypted ZIP: it holds that row's ID number and nobody else's
    book_text = _xlsx_text(error_workbook(report))
    assert person_id(403) in book_text and person_id(402, gender="M") not in book_text
    files["error workbook"] = book_text.replace(person_id(403), "")

    with Session(engine) as s:
        seekers = s.exec(select(Seeker)).all()
        from models import Application, Vacancy
        application = s.exec(select(Application)).first()
        vacancy = s.get(Vacancy, application.vacancy_id)
    ids = {vault.decrypt(p.id_enc) for p in seekers} | {person_id(401), person_id(403)}
    phones = {vault.decrypt(p.phone_enc) for p in seekers} | {"13955550403"}
    assert len(ids) > 40 and len(phones) > 40

    # the booth: a recruiter of the vacancy's employer scans a ticket
    card = open_seeker_card(engine, vault, employer_id=vacancy.employer_id, user_id=None,
                            code=seekers[0].ticket_code)
    assert vault.decrypt(seekers[0].id_enc) not in repr(card)  # the card: never the ID number (a phone may show)

    # every export
    today = local_today()
    for fmt in ("csv", "xlsx"):
        out_file = io.BytesIO()
        export_registrations(engine, out_file, vault=vault, flt=ExportFilter(), fmt=fmt, language="zh_CN",
                             county=county)
        data = out_file.getvalue()
        files[f"masked export ({fmt})"] = _xlsx_text(data) if fmt == "xlsx" else data.decode("utf-8-sig")
    full = io.BytesIO()
    export_full_ids(engine, vault, full, actor="org1", flt=ExportFilter(), fmt="csv", language="zh_CN", county=county)
    full_text = full.getvalue().decode("utf-8-sig")
    pipeline = vacancy_pipeline(engine, vault, vacancy_id=vacancy.id, employer_id=vacancy.employer_id)
    pipeline_text = pipeline_csv(pipeline, language="zh_CN", county=county).decode("utf-8-sig")
    period = Period(today - timedelta(days=800), today)
    files["subsidy workbook"] = _xlsx_text(report_workbook(subsidy_report(engine, period), translator("zh_CN")))
    files["report PDF"] = _pdf_text(make_report(engine, ReportRequest(today - timedelta(days=365), today),
                                                county=county, language="zh_CN", actor="org1"))
    for fmt in ("csv", "xlsx"):
        out_file = io.BytesIO()
        export_audit_log(engine, out_file, flt=AuditFilter(), fmt=fmt, language="zh_CN", actor="org1")
        data = out_file.getvalue()
        files[f"audit log ({fmt})"] = _xlsx_text(data) if fmt == "xlsx" else data.decode("utf-8-sig")
    out = capsys.readouterr()
    printed += [out.out, out.err]

    # the full export holds them, and is in the audit log
    assert any(i in full_text for i in ids) and any(p in full_text for p in phones)
    with Session(engine) as s:
        assert s.exec(select(AuditEvent).where(AuditEvent.action == AUDIT_ACTION)).first() is not None

    logged = "\n".join(f"{r.name} {r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records)
    places = {"logs": logged, "printed": "\n".join(printed), **files, "pipeline CSV": pipeline_text}
    leaks = []
    for where, text in places.items():
        found_ids = {i for i in ids if i in text or i.lower() in text}
        found_phones = {p for p in phones if p in text} if where != "pipeline CSV" else set()
        if found_ids or found_phones:
            leaks.append(f"{where}: {len(found_ids)} ID numbers, {len(found_phones)} phones "
                         + "; ".join(text[max(0, text.find(v) - 120):text.find(v) + 30]
                                     for v in [*found_ids, *found_phones][:2]))
    assert not leaks, leaks
    assert all(files.values()) and pipeline_text  # every export was made and read
