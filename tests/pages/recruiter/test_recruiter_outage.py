"""Issue 14, database outage on the recruiters' pages (the booth, the pipeline, vacancies): the main action
pressed with typed input while the database is down says so in the page's language (no error box), keeps
what was typed, and the same action succeeds once the database is back, without a reload
(tests/pages/staff/outage_support.py: how the database is made unavailable)."""

from __future__ import annotations

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from models import Application, BoothScan
from services.core.crypto import Vault
from services.core.db import make_engine, unit_of_work
from services.recruiting.pipeline import record_stage
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
    """Press the button whose key (or id) is `key`, or a form's submit button whose key starts with `key`."""
    exact = [b for b in at.button if key in (b.key, b.id)]
    [button] = exact or [b for b in at.button if (b.key or "").startswith(key)]
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
    [application] = _applications(w["engine"])
    assert application.stage == "interviewed"


def test_pipeline_stage_move(app_env: str, down_db: Down) -> None:
    db, w = down_db, _world(app_env)
    kw = dict(employer_id=w["recruiter"].employer_id, user_id=w["recruiter"].user_id, vacancy_id=w["vacancy"])
    record_stage(w["engine"], seeker_id=w["seeker"].seeker_id, stage="interested", **kw)
    at = open_staff_page(app_env, "pipeline", principal=w["recruiter"], **db.lang)
    [application] = _applications(w["engine"])
    key = f"pl_{application.id}"
    at.text_input(key=f"{key}_note").input("面试约在周三")
    db.down = True
    press(at, f"{key}_b_interviewed")
    said_so(at, db)
    kept(at, **{f"{key}_note": "面试约在周三"})
    assert _applications(w["engine"])[0].stage == "interested"
    recover(at, db)
    kept(at, **{f"{key}_note": "面试约在周三"})
    press(at, f"{key}_b_interviewed")
    _no_error_box(at)
    assert at.success, [i.value for i in at.info]
    assert _applications(w["engine"])[0].stage == "interviewed"
    assert at.segmented_control(key="pl_stage").value == "interviewed"  # the page follows the candidate


def _applications(engine) -> list[Application]:
    with unit_of_work(engine, write=False) as session:
        return list(session.scalars(select(Application)))


def test_vacancy_form_save(app_env: str, down_db: Down) -> None:
    from models import Vacancy
    from tests.pages.recruiter.test_pages_vacancies import GOOD, _fill

    db, w = down_db, _world(app_env)
    at = open_staff_page(app_env, "vacancies", principal=w["recruiter"], **db.lang)
    _fill(at, **(GOOD | {"title": "质检员"}))
    db.down = True
    press(at, "FormSubmitter:vacancy_form")
    said_so(at, db)
    typed = {"vac_title": "质检员", "vac_city": "东莞市", "vac_wage_min": 5000, "vac_wage_max": 6500,
             "vac_headcount": 30, "vac_meals_cost": 300, "vac_trip_home_payer": "employer"}
    kept(at, **typed)
    assert _count(w["engine"], Vacancy) == 1
    recover(at, db)
    kept(at, **typed)
    press(at, "FormSubmitter:vacancy_form")
    _no_error_box(at)
    assert at.success and "质检员" in at.success[0].value
    assert _count(w["engine"], Vacancy) == 2


def test_employer_contact_save(app_env: str, down_db: Down) -> None:
    from services.recruiting.employer_queries import get_employer

    db, w = down_db, _world(app_env)
    at = open_staff_page(app_env, "employer", principal=w["recruiter"], **db.lang)
    at.text_input(key="emp_contact_contact_phone").input("139 8765 4321")
    db.down = True
    press(at, "FormSubmitter:emp_contact")
    said_so(at, db)
    kept(at, emp_contact_contact_phone="139 8765 4321")
    recover(at, db)
    kept(at, emp_contact_contact_phone="139 8765 4321")
    press(at, "FormSubmitter:emp_contact")
    _no_error_box(at)
    assert get_employer(w["engine"], w["recruiter"].employer_id).contact_phone == "13987654321"
