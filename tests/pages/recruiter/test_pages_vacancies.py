"""The vacancies page with AppTest: a recruiter creates and edits vacancies (refused input is kept and
explained), sees the five counts, closes and reopens; never sees another employer's; organizers see all."""

from __future__ import annotations

from datetime import timedelta

from streamlit.testing.v1 import AppTest

from models import Application, Vacancy
from services.core.clock import local_today
from services.core.db import make_engine, unit_of_work
from services.recruiting.vacancy_list import employer_vacancies
from tests.apptest_support import visible_text
from tests.auth_support import make_recruiter, open_staff_page
from tests.conftest import TEST_SECRET
from tests.factories import make_employer, make_vacancy, register


def _open(db_url: str, principal) -> AppTest:
    at = open_staff_page(db_url, "vacancies", principal=principal)
    assert not at.exception, [e.value for e in at.exception]
    return at


def _fill(at: AppTest, **values: object) -> AppTest:
    for name in ("title", "gender_basis"):
        if name in values:
            at.text_input(key=f"vac_{name}").input(values[name])
    for name in ("trade", "province", "city", "min_education"):
        if name in values:
            at.selectbox(key=f"vac_{name}").set_value(values[name])
    for name in ("wage_min", "wage_max", "headcount", "age_min", "age_max", "housing_cost", "meals_cost",
                 "contract_months", "hours_per_day", "days_per_week", "distance_km", "travel_hours", "trip_fare"):
        if name in values:
            at.number_input(key=f"vac_{name}").set_value(values[name])
    for name in ("housing", "meals"):
        if name in values:
            at.checkbox(key=f"vac_{name}").set_value(values[name])
    for name in ("trip_home_payer", "gender"):
        if name in values:
            at.radio(key=f"vac_{name}").set_value(values[name])
    if "closing_date" in values:
        at.date_input(key="vac_closing_date").set_value(values["closing_date"])
    return at


def _submit(at: AppTest) -> AppTest:
    button = next(b for b in at.button if b.label in ("发布岗位", "保存修改"))
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


GOOD = dict(title="电子厂普工", trade="electronics_assembly", province="广东省", city="东莞市", wage_min=5000,
            wage_max=6500, headcount=30, housing=True, meals=True, meals_cost=300, trip_fare=450,
            trip_home_payer="employer")


def test_create_with_a_bad_wage_range_keeps_everything_then_saves(app_env) -> None:
    rec = make_recruiter(app_env, username="rec_a", employer_name="华丰电子", serial=11)
    at = _open(app_env, rec)
    assert at.title[0].value == "岗位管理"
    _submit(_fill(at, **{**GOOD, "wage_min": 7000, "wage_max": 6000}))
    assert "最低工资高于最高工资。" in [e.value for e in at.error]
    assert at.text_input(key="vac_title").value == "电子厂普工"
    assert (at.number_input(key="vac_wage_min").value, at.number_input(key="vac_wage_max").value) == (7000, 6000)
    assert at.selectbox(key="vac_city").value == "东莞市"
    assert not employer_vacancies(make_engine(app_env), employer_id=rec.employer_id)

    at.number_input(key="vac_wage_min").set_value(5000)
    _submit(at)
    assert not at.error, [e.value for e in at.error]
    rows = employer_vacancies(make_engine(app_env), employer_id=rec.employer_id)
    assert [(r.title, r.wage_min, r.wage_max, r.scope, r.status) for r in rows] == [
        ("电子厂普工", 5000, 6000, "out", "open")]
    assert "已发布电子厂普工。" in [s.value for s in at.success]
    # now editing it: change the title
    assert at.selectbox(key="vac_pick").value == rows[0].id
    at.text_input(key="vac_title").input("质检员")
    _submit(at)
    with unit_of_work(make_engine(app_env), write=False) as session:
        assert session.get(Vacancy, rows[0].id).title == "质检员"


def test_gender_requirement_without_basis_is_refused(app_env) -> None:
    rec = make_recruiter(app_env, username="rec_g", serial=12)
    at = _submit(_fill(_open(app_env, rec), **GOOD, gender="F"))
    assert any("法律依据" in e.value for e in at.error)
    assert at.radio(key="vac_gender").value == "F"


def test_counts_close_reopen_and_recruiter_b_sees_nothing_of_a(app_env, vault) -> None:
    engine = make_engine(app_env)
    a = make_employer(engine, name="甲公司", serial=21)
    b = make_employer(engine, name="乙公司", serial=22)
    va = make_vacancy(engine, a, title="甲的普工", headcount=12)
    make_vacancy(engine, b, title="乙的保安")
    from services.core.crypto import Vault
    seeker = register(engine, Vault.from_secret(TEST_SECRET), 3).seeker_id
    with unit_of_work(engine) as session:
        session.add(Application(vacancy_id=va, seeker_id=seeker, employer_id=a))

    at = _open(app_env, make_recruiter(app_env, username="rec_b", employer_id=b))
    text = " ".join(visible_text(at)) + " ".join(str(d.value) for d in at.dataframe)
    assert "乙的保安" in text and "甲的普工" not in text and "甲公司" not in text

    at = _open(app_env, make_recruiter(app_env, username="rec_a2", employer_id=a))
    table = at.dataframe[0].value
    row = table[table["岗位"] == "甲的普工"].iloc[0]
    assert (row["招聘人数"], row["有意向"], row["已面试"], row["已发录用意向"], row["已录用"]) == (12, 1, 0, 0, 0)
    at.selectbox(key="vac_pick").set_value(va).run()
    assert at.text_input(key="vac_title").value == "甲的普工"
    next(b for b in at.button if b.label == "关闭这个岗位").click().run()
    assert employer_vacancies(engine, employer_id=a)[0].status == "closed"
    next(b for b in at.button if b.label == "重新开放").click().run()
    assert employer_vacancies(engine, employer_id=a)[0].status == "open"


def test_organizer_sees_all_and_filters_by_employer(app_env) -> None:
    engine = make_engine(app_env)
    a = make_employer(engine, name="甲公司", serial=31)
    b = make_employer(engine, name="乙公司", serial=32)
    make_vacancy(engine, a, title="甲的普工")
    vb = make_vacancy(engine, b, title="乙的保安", closing_date=local_today() + timedelta(days=3))
    at = open_staff_page(app_env, "vacancies")
    assert set(at.dataframe[0].value["岗位"]) == {"甲的普工", "乙的保安"}
    at.selectbox(key="vac_employer_filter").set_value(b).run()
    assert list(at.dataframe[0].value["岗位"]) == ["乙的保安"]
    assert at.selectbox(key="vac_pick").value == vb
    next(b for b in at.button if b.label == "关闭这个岗位").click().run()
    assert employer_vacancies(engine, employer_id=b)[0].status == "closed"


def test_organizer_sees_a_suspended_employers_open_vacancy_off_the_board(app_env) -> None:
    engine = make_engine(app_env)
    ok = make_employer(engine, name="甲公司", serial=41)
    suspended = make_employer(engine, name="乙公司", serial=42, status="suspended")
    make_vacancy(engine, ok, title="甲的普工")
    make_vacancy(engine, suspended, title="乙的保安")
    at = open_staff_page(app_env, "vacancies")
    table = at.dataframe[0].value
    status = dict(zip(table["岗位"], table["状态"], strict=True))
    assert status["甲的普工"] == "招聘中"
    assert status["乙的保安"] != "招聘中"  # the public board hides it, so the list says it is off the board


def test_hours_and_days_read_as_people_write_them(app_env) -> None:
    rec = make_recruiter(app_env, username="rec_h", employer_name="华丰电子", serial=51)
    at = _open(app_env, rec)
    for key in ("vac_hours_per_day", "vac_days_per_week", "vac_travel_hours"):
        assert at.number_input(key=key).proto.format == "%g"  # 8, 8.5, not 8.00
    assert at.number_input(key="vac_hours_per_day").value == 8
