"""Issue 14, database outage on the organizers' pages (fairs, accounts, targets, exports, subsidies): the main
action pressed with typed input while the database is down says so in the page's language (no error box), keeps
what was typed, and the same action succeeds once the database is back, without a reload
(tests/pages/staff/outage_support.py: how the database is made unavailable)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from models import StaffUser
from services.core.db import make_engine, unit_of_work
from tests.auth_support import open_staff_page
from tests.pages.recruiter.test_recruiter_outage import press
from tests.pages.staff.outage_support import Down, _no_error_box, kept, recover, said_so
from tests.pages.staff.outage_support import down_db as down_db  # the fixture, used by name


def _rows(url: str, table) -> list:
    with unit_of_work(make_engine(url), write=False) as s:
        return list(s.exec(select(table)).all())


def test_fairs_create_a_fair(app_env: str, down_db: Down) -> None:
    from models import Fair
    from tests.pages.organizer.test_pages_fairs import _fill_fair, _open

    db = down_db
    at = _open(app_env, **db.lang)
    typed = {"fair_name": "2026年春风行动招聘会", "fair_code": "SPRING26", "fair_venue": "县体育馆"}
    _fill_fair(at, name=typed["fair_name"], code=typed["fair_code"], venue=typed["fair_venue"],
               starts_on=date(2026, 3, 1))
    db.down = True
    press(at, "FormSubmitter:fair_form")
    said_so(at, db)
    kept(at, **typed)
    assert _rows(app_env, Fair) == []
    recover(at, db)
    kept(at, **typed)
    press(at, "FormSubmitter:fair_form")
    _no_error_box(at)
    assert [f.code for f in _rows(app_env, Fair)] == ["SPRING26"]
    assert at.success, [e.value for e in at.error]


def test_accounts_create_an_account(app_env: str, down_db: Down) -> None:
    db = down_db
    at = open_staff_page(app_env, "accounts", **db.lang)
    labels = {"zh": ("用户名", "姓名"), "en": ("User name", "Name")}["en" if db.lang else "zh"]

    def field(label: str):
        [found] = [w for w in at.text_input if w.label == label]
        return found

    field(labels[0]).input("desk7")
    field(labels[1]).input("登记员 小李")
    [w for w in at.text_input if w.proto.type == w.proto.PASSWORD][0].input("a long test passphrase 7")
    next(w for w in at.selectbox if w.label in ("Role", "角色")).set_value("desk")
    db.down = True
    press(at, "FormSubmitter:new_account")
    said_so(at, db)
    assert [u.username for u in _rows(app_env, StaffUser)] == ["org1"]
    recover(at, db)
    assert (field(labels[0]).value, field(labels[1]).value) == ("desk7", "登记员 小李")  # typed, kept
    press(at, "FormSubmitter:new_account")
    _no_error_box(at)
    assert sorted(u.username for u in _rows(app_env, StaffUser)) == ["desk7", "org1"], [e.value for e in at.error]


def test_targets_save(app_env: str, down_db: Down) -> None:
    from services.core.clock import local_today
    from services.reporting.targets import get_targets

    db = down_db
    at = open_staff_page(app_env, "targets", **db.lang)
    editor = at.data_editor[0]
    typed = {"edited_rows": {0: {"registrations": "24000"}, 2: {"employed": "1,400"}}, "added_rows": [],
             "deleted_rows": []}
    at.session_state[editor.key] = typed
    at.run()
    db.down = True
    press(at, _save_key(at))
    said_so(at, db)
    assert at.session_state[editor.key] == typed  # the typed cells, kept for the editor
    assert get_targets(make_engine(app_env), local_today().year) == {}
    recover(at, db)
    assert at.session_state[at.data_editor[0].key] == typed  # the same editor, the typed cells in it
    press(at, _save_key(at))
    _no_error_box(at)
    assert at.success, [e.value for e in at.error]
    assert get_targets(make_engine(app_env), local_today().year) == {
        ("", "registrations"): 24000, ("大河乡", "employed"): 1400}


def _save_key(at: AppTest) -> str:
    [button] = [b for b in at.button if b.label in ("保存目标", "Save targets")]
    return button.key or button.id


def test_exports_prepare_a_file(app_env: str, down_db: Down, county) -> None:
    from tests.pages.organizer.test_pages_exports import _open, _seekers

    db = down_db
    _seekers(app_env, county, n=3)
    at = _open(app_env, **db.lang)
    at.selectbox(key="exp_township").set_value("大河乡").run()
    at.date_input(key="exp_from").set_value(date(2020, 1, 1)).run()
    typed = {"exp_township": "大河乡", "exp_from": date(2020, 1, 1)}
    db.down = True
    press(at, "exp_prepare")
    said_so(at, db)
    kept(at, **typed)
    assert "exp_file" not in at.session_state
    recover(at, db)
    kept(at, **typed)
    press(at, "exp_prepare")
    _no_error_box(at)
    assert at.session_state["exp_file"]["rows"] == 1 and at.download_button


def test_exports_database_lost_while_the_file_is_written(app_env: str, down_db: Down, county,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's figures were read, then the database stops during the export itself: the same message
    (not "the file could not be produced"), and the person is asked to press again once it is back."""
    from services.reporting import exports
    from tests.pages.organizer.test_pages_exports import _open, _seekers

    db = down_db
    _seekers(app_env, county, n=2)
    real = exports.export_registrations

    def stops_meanwhile(*args, **kwargs):
        db.down = True
        return real(*args, **kwargs)

    monkeypatch.setattr(exports, "export_registrations", stops_meanwhile)
    at = _open(app_env, **db.lang)
    press(at, "exp_prepare")
    said_so(at, db)
    assert not at.error
    monkeypatch.setattr(exports, "export_registrations", real)
    recover(at, db)
    assert any(db.words["back"] in i.value for i in at.info), "press your button again"
    press(at, "exp_prepare")
    assert at.session_state["exp_file"]["rows"] == 2


def test_subsidies_change_a_rule(app_env: str, down_db: Down) -> None:
    from services.subsidies.rules import rule_versions
    from tests.pages.organizer.test_pages_subsidies import _open, _save, _world

    db = down_db
    _world(app_env)
    at = _open(app_env, **db.lang)
    at.selectbox(key="sr_code").set_value("hire_contract").run()
    at.text_input(key="sr_hire_contract_1_amount").input("600")
    at.date_input(key="sr_hire_contract_1_valid_from").set_value(date(2025, 7, 1))
    typed = {"sr_hire_contract_1_amount": "600", "sr_hire_contract_1_valid_from": date(2025, 7, 1)}
    db.down = True
    _save(at, "hire_contract")
    said_so(at, db)
    kept(at, **typed)
    recover(at, db)
    kept(at, **typed)
    _save(at, "hire_contract")
    _no_error_box(at)
    versions = rule_versions(make_engine(app_env), "hire_contract")
    assert [(v.version, v.params["amount"]) for v in versions] == [(2, 600), (1, 400)]


def test_employers_reject_with_a_reason(app_env: str, down_db: Down) -> None:
    from models import Employer
    from tests.pages.organizer.test_pages_employers import _sign_up

    db = down_db
    employer_id = _sign_up(app_env)
    at = open_staff_page(app_env, "employers", **db.lang)
    typed = {f"emp_note_{employer_id}": "营业执照无法核实"}
    at.text_input(key=f"emp_note_{employer_id}").input(typed[f"emp_note_{employer_id}"])
    db.down = True
    press(at, f"emp_no_{employer_id}")
    said_so(at, db)
    kept(at, **typed)
    recover(at, db)
    kept(at, **typed)
    press(at, f"emp_no_{employer_id}")
    _no_error_box(at)
    [employer] = _rows(app_env, Employer)
    assert (employer.status, employer.status_note) == ("rejected", "营业执照无法核实")


def test_audit_log_export_loses_the_database(app_env: str, down_db: Down, monkeypatch: pytest.MonkeyPatch) -> None:
    """As the exports: the database stops while the audit log's file is written."""
    from services.reporting import audit_log

    db = down_db
    real = audit_log.export_audit_log

    def stops_meanwhile(*args, **kwargs):
        db.down = True
        return real(*args, **kwargs)

    monkeypatch.setattr(audit_log, "export_audit_log", stops_meanwhile)
    at = open_staff_page(app_env, "audit", **db.lang)
    press(at, "aud_prepare")
    said_so(at, db)
    assert not at.error
    monkeypatch.setattr(audit_log, "export_audit_log", real)
    recover(at, db)
    assert any(db.words["back"] in i.value for i in at.info), "press your button again"
    press(at, "aud_prepare")
    _no_error_box(at)
    assert at.success
