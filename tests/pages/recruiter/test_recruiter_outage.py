"""Issue 14, database outage on the recruiters' pages (the booth, the pipeline, vacancies): the main action
pressed with typed input while the database is down says so in the page's language (no error box), keeps
what was typed, and the same action succeeds once the database is back, without a reload
(tests/pages/staff/outage_support.py: how the database is made unavailable)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from models import Application, BoothScan
from services.core.crypto import Vault
from services.core.db import make_engine, unit_of_work
from tests.apptest_support import visible_text
from tests.auth_support import make_recruiter, open_staff_page
from tests.conftest import TEST_SECRET
from tests.factories import make_vacancy, register
from tests.pages.staff.outage_support import Down, _no_error_box, kept, recover, said_so
from tests.pages.staff.outage_support import down_db as down_db  # the fixture, used by name

OPEN_CARD = {"zh": "查看求职者", "en": "Open the card"}


def _lang(db: Down) -> str:
    return "en" if db.lang else "zh"


def press(at: AppTest, key: str) -> AppTest:
    """Press the button whose key is `key`, or a form's submit button whose key starts with `key`."""
    [button] = [b for b in at.button if b.key == key or (b.key or "").startswith(key)]
    button.click().run()
    return at


def _world(db_url: str) -> dict:
    engine, vault = make_engine(db_url), Vault.from_secret(TEST_SECRET)
    recruiter = make_recruiter(db_url)
    vacancy = make_vacancy(engine, recruiter.employer_id, title="电子厂普工", wage_min=5200, contract_months=24)
    seeker = register(engine, vault, 1, name="王秀兰")
    return dict(engine=engine, recruiter=recruiter, vacancy=vacancy, seeker=seeker)


def _count(engine, table) -> int:
    with unit_of_work(engine, write=False) as session:
        return len(list(session.scalars(select(table))))


def test_booth_typed_code_and_stage_move(app_env: str, down_db: Down) -> None:
    db, w = down_db, _world(app_env)
    at = open_staff_page(app_env, "booth", principal=w["recruiter"], **db.lang)
    code = w["seeker"].ticket_code
    at.text_input(key="booth_code").input(code)
    db.down = True
    press(at, "FormSubmitter:booth_code_form")
    said_so(at, db)
    kept(at, booth_code=code)
    assert _count(w["engine"], BoothScan) == 0
    recover(at, db)
    assert at.text_input(key="booth_code").value == code
    press(at, "FormSubmitter:booth_code_form")  # the same action again: the card opens
    _no_error_box(at)
    assert "王秀兰" in " ".join(visible_text(at)), "the card is open"
    assert _count(w["engine"], BoothScan) == 1

    key = f"bo_{w['seeker'].seeker_id}_{w['vacancy']}"
    at.text_input(key=f"{key}_note").input("会缝纫，下周可以来")
    db.down = True
    press(at, f"{key}_b_interviewed")
    said_so(at, db)
    kept(at, **{f"{key}_note": "会缝纫，下周可以来"})
    assert _count(w["engine"], Application) == 0
    recover(at, db)
    assert at.text_input(key=f"{key}_note").value == "会缝纫，下周可以来"
    press(at, f"{key}_b_interviewed")
    _no_error_box(at)
    assert at.success, [i.value for i in at.info]
    with unit_of_work(w["engine"], write=False) as session:
        [application] = session.scalars(select(Application)).all()
        assert application.stage == "interviewed"
