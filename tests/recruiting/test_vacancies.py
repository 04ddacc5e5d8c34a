"""Vacancies: the form's rules, saving, access by employer, closing/reopening, and the funnel counts."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from models import Application, Hire, Vacancy, VacancyFair
from models.base import utcnow
from services.core.db import unit_of_work
from services.core.errors import FieldErrors, NotFound
from services.places.sources import create_fair
from services.recruiting.vacancies import (
    REOPEN_PAST,
    close_vacancy,
    create_vacancy,
    get_vacancy_for_edit,
    reopen_vacancy,
    update_vacancy,
)
from services.recruiting.vacancy_list import employer_vacancies
from services.recruiting.vacancy_validation import (
    AGE_REVERSED,
    CITY_MISSING,
    CITY_WRONG_PROVINCE,
    CLOSING_PAST,
    CONTRACT_INVALID,
    DAYS_INVALID,
    GENDER_BASIS_MISSING,
    HEADCOUNT_INVALID,
    HOURS_INVALID,
    TRADE_MISSING,
    WAGE_OUT_OF_RANGE,
    WAGE_REVERSED,
    VacancyForm,
    validate_vacancy,
)
from tests.factories import make_employer, make_vacancy, register

TODAY = date(2026, 3, 10)


def good_form(**overrides: object) -> VacancyForm:
    values: dict[str, object] = dict(
        title="电子厂普工", trade="electronics_assembly", province="广东省", city="东莞市", wage_min=5000,
        wage_max=6500, headcount=30, age_min=18, age_max=45, min_education="junior", housing=True,
        housing_cost=0, meals=True, meals_cost=300, contract_months=12, hours_per_day=10, days_per_week=6,
        trip_fare=450, trip_home_payer="employer", closing_date=TODAY + timedelta(days=30),
    )
    values.update(overrides)
    return VacancyForm(**values)


def _errors(form: VacancyForm, county, **kw) -> dict[str, str]:
    with pytest.raises(FieldErrors) as exc:
        validate_vacancy(form, county=county, today=TODAY, **kw)
    return exc.value.errors


def test_good_form_is_cleaned_with_scope_and_estimated_distance(county) -> None:
    values = validate_vacancy(good_form(title="  电子厂普工 "), county=county, today=TODAY)
    assert values["title"] == "电子厂普工"
    assert values["scope"] == "out"
    # Dongguan from the county seat (27.44, 104.87): ~1,000 km straight, times the road factor 1.3
    assert 1200 < values["distance_km"] < 1500
    local = validate_vacancy(good_form(province="云南省", city="昭通市", distance_km=40), county=county, today=TODAY)
    assert local["scope"] == "local" and local["distance_km"] == 40
    kunming = validate_vacancy(good_form(province="云南省", city="昆明市"), county=county, today=TODAY)
    assert kunming["scope"] == "province"


def test_every_problem_is_reported_at_once(county) -> None:
    errors = _errors(good_form(title="", trade=None, city=" ", wage_min=7000, wage_max=6000, headcount=0,
                               age_min=50, age_max=20, contract_months=121, hours_per_day=17, days_per_week=8,
                               closing_date=TODAY - timedelta(days=1)), county)
    assert errors == {
        "title": "Please enter the job title.", "trade": TRADE_MISSING, "city": CITY_MISSING, "wage": WAGE_REVERSED,
        "headcount": HEADCOUNT_INVALID, "age": AGE_REVERSED, "contract_months": CONTRACT_INVALID,
        "hours_per_day": HOURS_INVALID, "days_per_week": DAYS_INVALID, "closing_date": CLOSING_PAST,
    }


def test_wage_range_limits_and_city_province_mismatch(county) -> None:
    assert _errors(good_form(wage_min=999), county) == {"wage": WAGE_OUT_OF_RANGE}
    assert _errors(good_form(wage_max=50_001), county) == {"wage": WAGE_OUT_OF_RANGE}
    assert validate_vacancy(good_form(wage_min=1000, wage_max=50_000), county=county, today=TODAY)
    assert _errors(good_form(province="浙江省"), county) == {"city": CITY_WRONG_PROVINCE}


def test_gender_requirement_needs_a_written_legal_basis(county) -> None:
    assert _errors(good_form(gender="F"), county) == {"gender": GENDER_BASIS_MISSING}
    values = validate_vacancy(good_form(gender="M", gender_basis="《女职工劳动保护特别规定》附录：矿山井下作业"),
                              county=county, today=TODAY)
    assert values["gender"] == "M" and values["gender_basis"].startswith("《女职工")
    assert validate_vacancy(good_form(gender_basis="ignored"), county=county, today=TODAY)["gender_basis"] == ""


def test_costs_only_count_when_provided(county) -> None:
    values = validate_vacancy(good_form(housing=False, housing_cost=800, meals=False, meals_cost=200),
                              county=county, today=TODAY)
    assert (values["housing_cost"], values["meals_cost"]) == (0, 0)


@settings(max_examples=200, deadline=None)
@given(lo=st.integers(-1000, 60_000), hi=st.integers(-1000, 60_000), a=st.integers(0, 80), b=st.integers(0, 80))
def test_wage_and_age_rules(county, lo: int, hi: int, a: int, b: int) -> None:
    form = good_form(wage_min=lo, wage_max=hi, age_min=a, age_max=b)
    ok_wage = 1000 <= lo <= hi <= 50_000
    ok_age = 16 <= a <= b <= 65
    try:
        validate_vacancy(form, county=county, today=TODAY)
        accepted = set()
    except FieldErrors as exc:
        accepted = set(exc.errors)
    assert ("wage" not in accepted) == ok_wage
    assert ("age" not in accepted) == ok_age


def test_create_edit_and_refuse_another_employers_vacancy(engine, county) -> None:
    a, b = make_employer(engine, name="甲公司", serial=1), make_employer(engine, name="乙公司", serial=2)
    fair = create_fair(engine, name="春风行动", code="SPRING26")
    vacancy = create_vacancy(engine, employer_id=a, form=good_form(fair_ids=[fair.id]), county=county,
                             actor_id=None, today=TODAY)
    assert vacancy.employer_id == a and vacancy.scope == "out" and vacancy.status == "open"
    form = get_vacancy_for_edit(engine, vacancy_id=vacancy.id, employer_id=a)
    assert form.fair_ids == [fair.id] and form.title == "电子厂普工" and form.wage_max == 6500

    with pytest.raises(NotFound):
        get_vacancy_for_edit(engine, vacancy_id=vacancy.id, employer_id=b)
    with pytest.raises(NotFound):
        update_vacancy(engine, vacancy_id=vacancy.id, employer_id=b, form=replace(form, title="抢来的"),
                       county=county, actor_id=None, today=TODAY)
    with pytest.raises(NotFound):
        close_vacancy(engine, vacancy_id=vacancy.id, employer_id=b, actor_id=None)

    updated = update_vacancy(engine, vacancy_id=vacancy.id, employer_id=a, county=county, actor_id=None,
                             form=replace(form, title="质检员", fair_ids=[]), today=TODAY)
    assert updated.title == "质检员"
    # the organizer (None) may edit any employer's vacancy
    update_vacancy(engine, vacancy_id=vacancy.id, employer_id=None, county=county, actor_id=None,
                   form=replace(form, wage_max=7000, fair_ids=[]), today=TODAY)
    with unit_of_work(engine, write=False) as session:
        row = session.get(Vacancy, vacancy.id)
        links = len(session.exec(select(VacancyFair).where(VacancyFair.vacancy_id == vacancy.id)).all())
    assert (row.title, row.wage_max, row.employer_id, links) == ("电子厂普工", 7000, a, 0)


def test_bad_edit_changes_nothing(engine, county) -> None:
    a = make_employer(engine)
    vacancy = create_vacancy(engine, employer_id=a, form=good_form(), county=county, actor_id=None, today=TODAY)
    with pytest.raises(FieldErrors):
        update_vacancy(engine, vacancy_id=vacancy.id, employer_id=a, form=good_form(wage_min=9000, title="改"),
                       county=county, actor_id=None, today=TODAY)
    assert get_vacancy_for_edit(engine, vacancy_id=vacancy.id, employer_id=a).title == "电子厂普工"


def test_unchanged_past_closing_date_may_be_kept_when_editing(engine, county) -> None:
    a = make_employer(engine)
    vid = make_vacancy(engine, a, closing_date=TODAY - timedelta(days=5))
    form = get_vacancy_for_edit(engine, vacancy_id=vid, employer_id=a)
    update_vacancy(engine, vacancy_id=vid, employer_id=a, form=replace(form, title="新名字"), county=county,
                   actor_id=None, today=TODAY)
    with pytest.raises(FieldErrors) as exc:
        update_vacancy(engine, vacancy_id=vid, employer_id=a, county=county, actor_id=None, today=TODAY,
                       form=replace(form, closing_date=TODAY - timedelta(days=1)))
    assert exc.value.errors == {"closing_date": CLOSING_PAST}


def test_close_and_reopen(engine) -> None:
    a = make_employer(engine)
    vid = make_vacancy(engine, a, closing_date=TODAY + timedelta(days=3))
    assert close_vacancy(engine, vacancy_id=vid, employer_id=a, actor_id=None).status == "closed"
    assert reopen_vacancy(engine, vacancy_id=vid, employer_id=None, actor_id=None, today=TODAY).status == "open"
    expired = make_vacancy(engine, a, closing_date=TODAY - timedelta(days=1), status="closed")
    with pytest.raises(FieldErrors) as exc:
        reopen_vacancy(engine, vacancy_id=expired, employer_id=a, actor_id=None, today=TODAY)
    assert exc.value.errors == {"closing_date": REOPEN_PAST}
    again = reopen_vacancy(engine, vacancy_id=expired, employer_id=a, actor_id=None, today=TODAY,
                           closing_date=TODAY + timedelta(days=10))
    assert (again.status, again.closing_date) == ("open", TODAY + timedelta(days=10))


def _apply(engine, vacancy_id: int, employer_id: int, seeker_id: int, *stages: str) -> None:
    now = utcnow()
    stamps = {f"{s}_at": now for s in stages}
    with unit_of_work(engine) as session:
        app = Application(vacancy_id=vacancy_id, seeker_id=seeker_id, employer_id=employer_id,
                          stage=stages[-1] if stages else "interested", **stamps)
        session.add(app)
        session.flush()
        if "hired" in stages:  # "hired" counts the hires not cancelled (issue 8)
            session.add(Hire(application_id=app.id, seeker_id=seeker_id, employer_id=employer_id,
                             vacancy_id=vacancy_id, start_date=now.date(), monthly_wage=5000, contract_months=12,
                             province="广东省", city="东莞市", scope="out", trade="electronics_assembly"))


def test_funnel_counts_come_from_applications(engine, vault) -> None:
    a, b = make_employer(engine, serial=1), make_employer(engine, name="乙公司", serial=2)
    v1 = make_vacancy(engine, a, title="普工", headcount=30)
    v2 = make_vacancy(engine, a, title="质检", headcount=5, status="closed")
    vb = make_vacancy(engine, b, title="乙的岗位")
    seekers = [register(engine, vault, n).seeker_id for n in range(5)]
    _apply(engine, v1, a, seekers[0])
    _apply(engine, v1, a, seekers[1], "interviewed")
    _apply(engine, v1, a, seekers[2], "interviewed", "offered")
    _apply(engine, v1, a, seekers[3], "interviewed", "offered", "hired")
    _apply(engine, v2, a, seekers[0], "interviewed")
    _apply(engine, vb, b, seekers[4])

    rows = {r.title: r for r in employer_vacancies(engine, employer_id=a)}
    assert set(rows) == {"普工", "质检"}  # never employer B's
    got = rows["普工"]
    assert (got.headcount, got.interested, got.interviewed, got.offered, got.hired) == (30, 4, 3, 2, 1)
    got = rows["质检"]
    assert (got.headcount, got.interested, got.interviewed, got.offered, got.hired) == (5, 1, 1, 0, 0)
    assert rows["普工"].on_board and not rows["质检"].on_board
    assert [r.title for r in employer_vacancies(engine, employer_id=a)] == ["普工", "质检"]  # open first
    assert [r.title for r in employer_vacancies(engine, employer_id=a, status="closed")] == ["质检"]
    everyone = employer_vacancies(engine, employer_id=None)
    assert {r.title for r in everyone} == {"普工", "质检", "乙的岗位"}
    assert next(r for r in everyone if r.title == "乙的岗位").employer_name == "乙公司"
    no_apps = make_vacancy(engine, b, title="无人问")
    row = next(r for r in employer_vacancies(engine, employer_id=b) if r.id == no_apps)
    assert (row.interested, row.interviewed, row.offered, row.hired) == (0, 0, 0, 0)


def test_past_closing_date_is_not_on_board(engine) -> None:
    a = make_employer(engine)
    make_vacancy(engine, a, closing_date=TODAY - timedelta(days=1))
    assert [r.on_board for r in employer_vacancies(engine, employer_id=a, today=TODAY)] == [False]


def test_changes_to_a_vacancy_are_audited_with_who_and_what(engine, county) -> None:
    from sqlmodel import select as sm_select

    from models import AuditEvent, StaffUser
    from services.core.db import unit_of_work as uow
    from services.recruiting.vacancies import close_vacancy, create_vacancy, reopen_vacancy, update_vacancy

    employer = make_employer(engine)
    with uow(engine) as session:
        user = StaffUser(username="rec_audit", display_name="小李", role="recruiter", password_hash="x",
                         employer_id=employer)
        session.add(user)
        session.flush()
        user_id = user.id
    from services.core.clock import local_today

    form = good_form(closing_date=local_today() + timedelta(days=30))
    vacancy = create_vacancy(engine, employer_id=employer, form=form, county=county, actor_id=user_id)
    update_vacancy(engine, vacancy_id=vacancy.id, employer_id=employer, form=replace(form, wage_max=7000),
                   county=county, actor_id=user_id)
    close_vacancy(engine, vacancy_id=vacancy.id, employer_id=employer, actor_id=user_id)
    reopen_vacancy(engine, vacancy_id=vacancy.id, employer_id=employer, actor_id=None)
    with uow(engine, write=False) as session:
        events = session.exec(sm_select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.actor, e.action) for e in events] == [
        ("rec_audit", "vacancy_created"), ("rec_audit", "vacancy_updated"), ("rec_audit", "vacancy_closed"),
        ("system", "vacancy_reopened")]
    assert events[1].detail["changed"] == {"wage_max": [form.wage_max, 7000]}
    assert all(e.detail["vacancy_id"] == vacancy.id for e in events)


def test_not_approved_employers_open_vacancies_are_not_on_board(engine) -> None:
    """The organizers' list uses the board's own rule: a suspended, pending or rejected employer's open
    vacancy is not on the board (the public board hides it too)."""
    from services.recruiting.board import open_vacancies

    shown = {}
    for serial, status in enumerate(("approved", "suspended", "pending", "rejected"), start=1):
        employer = make_employer(engine, name=f"{status}公司", serial=serial, status=status)
        shown[make_vacancy(engine, employer, closing_date=TODAY + timedelta(days=5))] = status
    rows = {r.id: r for r in employer_vacancies(engine, employer_id=None, today=TODAY)}
    assert {i: (rows[i].on_board, rows[i].employer_status) for i in shown} == {
        i: (status == "approved", status) for i, status in shown.items()}
    assert {c.id for c in open_vacancies(engine, today=TODAY).cards} == {
        i for i, status in shown.items() if status == "approved"}


def _events(engine, action: str) -> list:
    from models import AuditEvent

    with unit_of_work(engine, write=False) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def test_fairs_added_or_removed_are_audited_and_no_change_records_nothing(engine, county) -> None:
    a = make_employer(engine)
    spring = create_fair(engine, name="春风行动", code="SPRING26")
    autumn = create_fair(engine, name="秋季招聘", code="AUTUMN26")
    vacancy = create_vacancy(engine, employer_id=a, form=good_form(), county=county, actor_id=None, today=TODAY)
    form = get_vacancy_for_edit(engine, vacancy_id=vacancy.id, employer_id=a)
    update_vacancy(engine, vacancy_id=vacancy.id, employer_id=a, county=county, actor_id=None, today=TODAY,
                   form=replace(form, fair_ids=[autumn.id, spring.id]))
    update_vacancy(engine, vacancy_id=vacancy.id, employer_id=a, county=county, actor_id=None, today=TODAY,
                   form=replace(form, fair_ids=[autumn.id]))
    update_vacancy(engine, vacancy_id=vacancy.id, employer_id=a, county=county, actor_id=None, today=TODAY,
                   form=replace(form, fair_ids=[autumn.id]))  # nothing changed: nothing recorded
    changes = [e.detail["changed"] for e in _events(engine, "vacancy_updated")]
    ids = sorted([spring.id, autumn.id])
    assert changes == [{"fair_ids": [[], ids]}, {"fair_ids": [ids, [autumn.id]]}]
    assert get_vacancy_for_edit(engine, vacancy_id=vacancy.id, employer_id=a).fair_ids == [autumn.id]


def test_numbers_in_the_audit_read_as_people_write_them(engine, county) -> None:
    from services.recruiting.vacancies import plain

    assert (plain(8.0), plain(8.5), plain(5000), plain(date(2026, 3, 1))) == (8, 8.5, 5000, "2026-03-01")
    a = make_employer(engine)
    vacancy = create_vacancy(engine, employer_id=a, form=good_form(hours_per_day=8), county=county, actor_id=None,
                             today=TODAY)
    form = get_vacancy_for_edit(engine, vacancy_id=vacancy.id, employer_id=a)
    update_vacancy(engine, vacancy_id=vacancy.id, employer_id=a, county=county, actor_id=None, today=TODAY,
                   form=replace(form, hours_per_day=8.5, days_per_week=5))
    [event] = _events(engine, "vacancy_updated")
    assert event.detail["changed"] == {"hours_per_day": [8, 8.5], "days_per_week": [6, 5]}
    assert json.dumps(event.detail["changed"]) == '{"hours_per_day": [8, 8.5], "days_per_week": [6, 5]}'


def test_write_services_compose_in_one_transaction(engine, county) -> None:
    """Given a session, a write service joins the caller's transaction: both saves, or neither."""
    a = make_employer(engine)
    with pytest.raises(RuntimeError), unit_of_work(engine) as session:
        created = create_vacancy(session, employer_id=a, form=good_form(), county=county, actor_id=None,
                                 today=TODAY)
        close_vacancy(session, vacancy_id=created.id, employer_id=a, actor_id=None)
        raise RuntimeError("the caller fails after both")
    assert employer_vacancies(engine, employer_id=a) == []
    with unit_of_work(engine) as session:
        created = create_vacancy(session, employer_id=a, form=good_form(), county=county, actor_id=None,
                                 today=TODAY)
        close_vacancy(session, vacancy_id=created.id, employer_id=a, actor_id=None)
    assert [r.status for r in employer_vacancies(engine, employer_id=a)] == ["closed"]
