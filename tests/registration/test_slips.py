"""The printed ticket slip's contents, on SQLite and PostgreSQL: the masked name, the day, the place, and
the three best-fitting jobs in matching's order with the wage as the board writes it."""

from __future__ import annotations

from datetime import date, timedelta

from services.core.clock import local_today
from services.recruiting.matching import vacancies_for_ticket
from services.registration.slips import SLIP_JOBS, Slip, SlipJob, ticket_slip
from tests.factories import make_employer, register
from tests.factories import make_vacancy as _make_vacancy


def make_vacancy(engine, employer: int, **values: object) -> int:
    return _make_vacancy(engine, employer, **({"age_max": 60, "min_education": "none"} | values))


def test_slip_carries_the_masked_name_the_place_and_the_three_best_jobs(engine, vault) -> None:
    factory = make_employer(engine, name="东莞市华丰电子有限公司")
    workshop = make_employer(engine, name="城关镇扶贫车间", serial=2, province="云南省", city="昭通市")
    ids = [
        make_vacancy(engine, factory, title="电子厂普工", trade="electronics_assembly", wage_min=5000, wage_max=6500),
        make_vacancy(engine, workshop, title="缝纫工", trade="garment_sewing", scope="local", province="云南省",
                     city="昭通市", wage_min=3800, wage_max=3800),
        make_vacancy(engine, workshop, title="保洁员", trade="cleaning", scope="local", province="云南省",
                     city="昭通市", wage_min=3000, wage_max=3200),
        make_vacancy(engine, factory, title="包装工", trade="logistics", wage_min=4000, wage_max=4500),
    ]
    seeker = register(engine, vault, 1, name="王秀梅", intention="either", leave_constraint="none")
    today = local_today()

    slip = ticket_slip(engine, ticket_code=seeker.ticket_code, place_name=" 城关镇易地搬迁安置点 ", today=today)

    assert isinstance(slip, Slip)
    assert slip.code == seeker.ticket_code and slip.masked_name == "王*梅" and slip.day == today
    assert slip.place_name == "城关镇易地搬迁安置点"
    best = vacancies_for_ticket(engine, ticket_code=seeker.ticket_code, today=today, limit=SLIP_JOBS)
    assert len(slip.jobs) == SLIP_JOBS == len(best) and len(ids) > SLIP_JOBS
    assert [j.title for j in slip.jobs] == [m.title for m in best]  # matching's order, best first
    assert slip.jobs[0] == SlipJob(title="缝纫工", employer_name="城关镇扶贫车间", wage="3,800", place="昭通市",
                                   scope="local")  # her trade first; one figure where min = max
    by_title = {j.title: j for j in slip.jobs}
    assert by_title["保洁员"].wage == "3,000–3,200"
    assert "王秀梅" not in repr(slip)  # never the whole name on paper


def test_slip_of_a_code_typed_loosely_and_of_an_unknown_code(engine, vault) -> None:
    seeker = register(engine, vault, 2, name="李国华")
    code = seeker.ticket_code
    slip = ticket_slip(engine, ticket_code=f"{code[:4]} {code[4:]}".lower())
    assert slip is not None and slip.code == code and slip.masked_name == "李*华"
    assert slip.day == local_today() and slip.place_name == "" and slip.jobs == ()  # no vacancy on the board
    assert ticket_slip(engine, ticket_code="ZZZZZZZZ") is None


def test_slip_lists_only_jobs_on_the_board_that_day(engine, vault) -> None:
    employer = make_employer(engine)
    today = date(2026, 11, 27)
    make_vacancy(engine, employer, title="已截止", closing_date=today - timedelta(days=1))
    make_vacancy(engine, employer, title="电子厂普工", closing_date=today, city="", province="广东省")
    seeker = register(engine, vault, 3, intention="either", leave_constraint="none")
    slip = ticket_slip(engine, ticket_code=seeker.ticket_code, today=today)
    assert slip is not None
    assert [(j.title, j.place) for j in slip.jobs] == [("电子厂普工", "广东省")]  # no city: the province
