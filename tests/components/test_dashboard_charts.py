"""The dashboard charts' pure pieces: days grouped into weeks or months, the top rows and the rest,
count axes from 0 (no database, no Streamlit run)."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from components.charts import count_scale, others_note, split_top
from components.registration_charts import DAYS_AS_DAYS, periods


def _days(n: int, start: date = date(2026, 1, 5)) -> list[tuple[date, int]]:
    return [(start + timedelta(days=i), i % 7) for i in range(n)]


def test_a_month_stays_days() -> None:
    assert periods(_days(DAYS_AS_DAYS)) == ("day", _days(DAYS_AS_DAYS))


def test_longer_ranges_become_weeks_then_months() -> None:
    unit, weeks = periods(_days(70))  # from Monday 5 January: ten whole weeks
    assert unit == "week" and len(weeks) == 10 and all(d.weekday() == 0 for d, _n in weeks)
    unit, months = periods(_days(366))
    assert unit == "month" and [d for d, _n in months][:2] == [date(2026, 1, 1), date(2026, 2, 1)]


@given(st.integers(min_value=1, max_value=366), st.integers(min_value=0, max_value=6))
def test_grouping_keeps_every_registration(n: int, offset: int) -> None:
    days = _days(n, date(2026, 3, 2) + timedelta(days=offset))
    unit, grouped = periods(days)
    assert sum(c for _d, c in grouped) == sum(c for _d, c in days)
    assert len(grouped) <= 31  # a few dozen labelled bars at most
    assert [d for d, _c in grouped] == sorted(d for d, _c in grouped)


def test_top_rows_and_the_rest() -> None:
    df = pd.DataFrame({"省份": [f"p{i}" for i in range(14)], "录用人次": list(range(140, 0, -10))})
    top, rest, total = split_top(df, 10)
    assert list(top["省份"]) == [f"p{i}" for i in range(10)] and (rest, total) == (4, 40 + 30 + 20 + 10)
    assert split_top(df.head(3), 10)[1:] == (0, 0)
    assert others_note("其他（{n}）：{total}", rest, total) == "其他（4）：100"
    assert others_note("其他（{n}）：{total}", 0, 0) == ""


@given(st.integers(min_value=0, max_value=10_000_000))
def test_count_axes_start_at_zero_with_room_for_the_label(top: int) -> None:
    low, high = count_scale(top).to_dict()["domain"]
    assert low == 0 and high > top and high >= 1
