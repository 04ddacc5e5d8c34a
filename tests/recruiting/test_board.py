"""The public board: what is on it, each filter against an independent expectation, the detail,
and the "go out or stay near" comparison (pure arithmetic and the nearby pick)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from services.places.sources import create_fair
from services.recruiting.board import (
    board_options,
    column,
    compare_with_nearby,
    fairs_with_vacancies,
    hours_per_month,
    monthly_gap,
    open_vacancies,
    vacancy_detail,
)
from services.recruiting.rules import trip_home_cost_per_month
from tests.factories import make_employer, make_vacancy

TODAY = date(2026, 3, 10)
SOON = TODAY + timedelta(days=20)

# (title, overrides): a small board with every filter dimension varied
SPECS = [
    ("东莞电子普工", dict(trade="electronics_assembly", province="广东省", city="东莞市", scope="out", wage_min=5000,
                    wage_max=6500, housing=True)),
    ("永康五金装配", dict(trade="furniture_fitting", province="浙江省", city="永康市", scope="out", wage_min=4000,
                    wage_max=5500, housing=False)),
    ("昆明保安", dict(trade="security_guard", province="云南省", city="昆明市", scope="province", wage_min=3000,
                  wage_max=3800, housing=True)),
    ("县城扶贫车间缝纫", dict(trade="garment_sewing", province="云南省", city="昭通市", scope="local", wage_min=2200,
                      wage_max=3000, housing=False, trip_fare=None, distance_km=5)),
    ("昭通电子装配", dict(trade="electronics_assembly", province="云南省", city="昭通市", scope="local",
                    wage_min=3000, wage_max=4200, housing=True, housing_cost=200, meals=True, meals_cost=300,
                    trip_fare=30, trip_home_payer="worker")),
]


def _board(engine):
    good = make_employer(engine, name="华丰电子", serial=1)
    pending = make_employer(engine, name="待审核公司", serial=2, status="pending")
    suspended = make_employer(engine, name="停用公司", serial=3, status="suspended")
    fair = create_fair(engine, name="春风行动招聘会", code="SPRING26")
    other_fair = create_fair(engine, name="金秋招聘会", code="AUTUMN26")
    ids = {}
    for n, (title, spec) in enumerate(SPECS):
        ids[title] = make_vacancy(engine, good, title=title, closing_date=SOON,
                                  fairs=(fair.id,) if n % 2 == 0 else (), **spec)
    # never on the board
    make_vacancy(engine, good, title="已关闭", status="closed", closing_date=SOON)
    make_vacancy(engine, good, title="已过期", closing_date=TODAY - timedelta(days=1), fairs=(other_fair.id,))
    make_vacancy(engine, pending, title="待审核岗位", closing_date=SOON)
    make_vacancy(engine, suspended, title="停用岗位", closing_date=SOON)
    # closing today: still on
    ids["今天截止"] = make_vacancy(engine, good, title="今天截止", closing_date=TODAY, trade="cleaning", scope="local",
                               province="云南省", city="昭通市", wage_min=2000, wage_max=2500, housing=False)
    return ids, fair, other_fair


def _titles(page) -> set[str]:
    return {c.title for c in page.cards}


def _expect(**pred) -> set[str]:
    rows = [(t, s) for t, s in SPECS] + [("今天截止", dict(trade="cleaning", scope="local", province="云南省",
                                                       wage_max=2500, housing=False))]
    return {t for t, s in rows if all(check(s) for check in pred.values())}


def test_only_open_current_vacancies_of_approved_employers(engine) -> None:
    _board(engine)
    page = open_vacancies(engine, today=TODAY)
    assert _titles(page) == _expect()
    assert page.total == 6
    assert not _titles(page) & {"已关闭", "已过期", "待审核岗位", "停用岗位"}
    assert "今天截止" not in _titles(open_vacancies(engine, today=TODAY + timedelta(days=1)))


def test_each_filter(engine) -> None:
    _, fair, other_fair = _board(engine)
    cases = [
        (dict(trade="electronics_assembly"), _expect(t=lambda s: s["trade"] == "electronics_assembly")),
        (dict(scope="local"), _expect(s=lambda s: s["scope"] == "local")),
        (dict(scope="out"), _expect(s=lambda s: s["scope"] == "out")),
        (dict(province="云南省"), _expect(p=lambda s: s["province"] == "云南省")),
        (dict(min_wage=4000), _expect(w=lambda s: s["wage_max"] >= 4000)),
        (dict(min_wage=6500), _expect(w=lambda s: s["wage_max"] >= 6500)),
        (dict(housing=True), _expect(h=lambda s: s["housing"])),
        (dict(fair_id=fair.id), {SPECS[0][0], SPECS[2][0], SPECS[4][0]}),
        (dict(fair_id=other_fair.id), set()),
        (dict(scope="local", housing=True), {"昭通电子装配"}),
    ]
    for filters, expected in cases:
        page = open_vacancies(engine, today=TODAY, **filters)
        assert _titles(page) == expected, filters
        assert page.total == len(expected), filters


def test_newest_first_and_paging(engine) -> None:
    ids, _, _ = _board(engine)
    first = open_vacancies(engine, today=TODAY, limit=4)
    second = open_vacancies(engine, today=TODAY, limit=4, offset=4)
    assert first.total == second.total == 6
    assert [c.id for c in first.cards + second.cards] == sorted(ids.values(), reverse=True)


def test_options_and_fairs(engine) -> None:
    _, fair, _ = _board(engine)
    assert fairs_with_vacancies(engine, today=TODAY) == [(fair.id, "春风行动招聘会")]  # not the expired one's fair
    options = board_options(engine, today=TODAY)
    assert options.provinces == sorted({"广东省", "浙江省", "云南省"})
    assert "cleaning" in options.trades and len(options.trades) == 5


def test_detail_only_when_on_board(engine) -> None:
    a = make_employer(engine)
    fair = create_fair(engine, name="春风行动招聘会", code="SPRING26")
    vid = make_vacancy(engine, a, description="包吃住", fairs=(fair.id,), closing_date=SOON)
    detail = vacancy_detail(engine, vacancy_id=vid, today=TODAY)
    assert detail.card.title == "电子厂普工" and detail.description == "包吃住" and detail.fairs == ["春风行动招聘会"]
    assert detail.card.employer_name == "东莞市华丰电子有限公司"
    closed = make_vacancy(engine, a, status="closed", closing_date=SOON)
    assert vacancy_detail(engine, vacancy_id=closed, today=TODAY) is None
    assert vacancy_detail(engine, vacancy_id=vid, today=SOON + timedelta(days=1)) is None
    assert vacancy_detail(engine, vacancy_id=99999, today=TODAY) is None


# --- the comparison --------------------------------------------------------------------------------


def test_pure_arithmetic() -> None:
    assert hours_per_month(10, 6) == 260.0  # 60 h a week × 52 / 12
    assert hours_per_month(8, 5) == 173.3
    assert trip_home_cost_per_month(450, "worker") == 75  # 900 a year
    assert trip_home_cost_per_month(450, "shared") == 38  # 450 a year = 37.5 a month
    assert trip_home_cost_per_month(450, "employer") == 0
    assert trip_home_cost_per_month(None, "worker") is None


@given(fare=st.integers(0, 5000))
def test_trip_cost_order(fare: int) -> None:
    worker, shared = trip_home_cost_per_month(fare, "worker"), trip_home_cost_per_month(fare, "shared")
    assert trip_home_cost_per_month(fare, "employer") == 0 <= shared <= worker
    assert abs(worker * 12 - fare * 2) <= 6  # rounding to whole yuan per month


def test_compare_picks_local_same_trade_first_then_pay(engine) -> None:
    a = make_employer(engine)
    out = make_vacancy(engine, a, title="东莞电子普工", trade="electronics_assembly", wage_min=5000, wage_max=6500,
                       housing_cost=0, meals_cost=300, trip_fare=900, trip_home_payer="worker", closing_date=SOON)
    local = dict(scope="local", province="云南省", city="昭通市", closing_date=SOON)
    same_low = make_vacancy(engine, a, title="本地电子低", trade="electronics_assembly", wage_min=2500, wage_max=3000,
                            housing=False, housing_cost=0, meals=False, meals_cost=0, trip_fare=None, **local)
    other_high = make_vacancy(engine, a, title="本地保安高", trade="security_guard", wage_min=4000, wage_max=4500,
                              housing_cost=0, meals_cost=0, **local)
    other_mid = make_vacancy(engine, a, title="本地缝纫中", trade="garment_sewing", wage_min=3000, wage_max=4000,
                             housing_cost=500, meals_cost=0, **local)  # 3,500 left at most
    make_vacancy(engine, a, title="本地清洁低", trade="cleaning", wage_min=2000, wage_max=2200, **local)
    make_vacancy(engine, a, title="本地关闭", trade="electronics_assembly", status="closed", wage_max=9000, **local)
    make_vacancy(engine, a, title="外省别的", trade="electronics_assembly", closing_date=SOON)  # not local

    comparison = compare_with_nearby(engine, vacancy_id=out, today=TODAY)
    assert [c.card.id for c in comparison.nearby] == [same_low, other_high, other_mid]
    this = comparison.this
    assert (this.left_min, this.left_max) == (4700, 6200)
    assert this.trip_cost_month == 150 and (this.net_min, this.net_max) == (4550, 6050)
    assert this.hours_month == 260.0
    near = comparison.nearby[1]
    assert (near.net_min, near.net_max) == (4000, 4500)
    assert monthly_gap(this, near) == 4550 - 4000  # pay left, from the bottom of the wage ranges
    assert comparison.nearby[0].trip_cost_month is None  # fare unknown: shown as unknown, not as 0
    assert compare_with_nearby(engine, vacancy_id=same_low, today=TODAY).nearby[0].card.id != same_low


def test_compare_none_when_not_on_board(engine) -> None:
    a = make_employer(engine)
    gone = make_vacancy(engine, a, closing_date=TODAY - timedelta(days=1))
    assert compare_with_nearby(engine, vacancy_id=gone, today=TODAY) is None
    alone = make_vacancy(engine, a, closing_date=SOON)
    assert compare_with_nearby(engine, vacancy_id=alone, today=TODAY).nearby == []


def test_column_of_employer_paid_trip_costs_nothing(engine) -> None:
    a = make_employer(engine)
    vid = make_vacancy(engine, a, trip_home_payer="employer", trip_fare=600, closing_date=SOON)
    col = column(open_vacancies(engine, today=TODAY).cards[0])
    assert col.card.id == vid and col.trip_cost_month == 0 and (col.net_min, col.net_max) == (4700, 6200)
