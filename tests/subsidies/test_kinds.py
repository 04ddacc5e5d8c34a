"""The kinds' parameters and the band function, without a database (hypothesis for the bands and parsing)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models import RuleKind
from services.core.errors import Checker, FieldError
from services.subsidies.dates import age_on
from services.subsidies.defaults import DEFAULT_RULES
from services.subsidies.kinds import Band, band_for, bands_of, params_text, parse_bands, parse_params, parse_whole

DEFAULT_BANDS = bands_of(next(r for r in DEFAULT_RULES if r.kind == RuleKind.POOR_BAND).params)


def default_amount(count: int) -> int:
    """The county's bands as the rule's description reads them, written out independently."""
    if count < 2:
        return 0
    if count <= 10:
        return 20000
    if count <= 30:
        return 30000
    return 50000


@pytest.mark.parametrize(("count", "amount"), [(0, 0), (1, 0), (2, 20000), (10, 20000), (11, 30000), (30, 30000),
                                               (31, 50000), (500, 50000)])
def test_default_bands_at_their_edges(count: int, amount: int) -> None:
    band = band_for(count, DEFAULT_BANDS)
    assert (band.amount if band else 0) == amount


@given(st.integers(min_value=0, max_value=100_000))
def test_default_bands_for_any_count(count: int) -> None:
    band = band_for(count, DEFAULT_BANDS)
    assert (band.amount if band else 0) == default_amount(count)


@st.composite
def band_lists(draw: st.DrawFn) -> list[Band]:
    """Contiguous bands as parse_bands accepts them: each starts the day after the last ends; the last may be open."""
    start = draw(st.integers(min_value=1, max_value=50))
    widths = draw(st.lists(st.integers(min_value=0, max_value=40), min_size=0, max_size=5))
    open_end = draw(st.booleans())
    bands: list[Band] = []
    low = start
    for width in widths:
        bands.append(Band(low, low + width, draw(st.integers(min_value=0, max_value=10_000_000))))
        low += width + 1
    if open_end or not bands:
        bands.append(Band(low, None, draw(st.integers(min_value=0, max_value=10_000_000))))
    return bands


@given(band_lists(), st.integers(min_value=0, max_value=2_000))
def test_a_count_falls_in_exactly_the_band_that_holds_it(bands: list[Band], count: int) -> None:
    holding = [b for b in bands if b.min <= count and (b.max is None or count <= b.max)]
    assert len(holding) <= 1
    assert band_for(count, bands) == (holding[0] if holding else None)
    if count >= bands[0].min and bands[-1].max is None:
        assert holding  # no gaps: every count from the first band on is paid


@given(band_lists())
def test_bands_as_typed_are_accepted_and_kept(bands: list[Band]) -> None:
    rows = [{"min": f"{b.min:,}", "max": "" if b.max is None else str(b.max), "amount": f"{b.amount:,}"}
            for b in bands]
    check = Checker()
    parsed = parse_bands(rows, check)
    assert check.errors == {}
    assert bands_of({"bands": parsed}) == bands


def test_bands_refused_beside_their_cells() -> None:
    check = Checker()
    parse_bands([{"min": "2", "max": "10", "amount": "-5"}, {"min": "12", "max": "", "amount": "30000"},
                 {"min": "31", "max": "20", "amount": "1"}], check)
    # 12 after 10 is a gap; an open band before the last; 20 before 31 (no follow-on check after an open band)
    assert set(check.errors) == {"band_0_amount", "band_1_min", "band_1_max", "band_2_max"}
    check = Checker()
    parse_bands([{"min": "2", "max": "10", "amount": "1"}, {"min": "10", "max": "30", "amount": "2"}], check)
    assert set(check.errors) == {"band_1_min"}  # 10 twice: an overlap
    check = Checker()
    parse_bands([{"min": "", "max": "", "amount": ""}], check)
    assert set(check.errors) == {"bands"}


@given(st.integers(min_value=0, max_value=10_000_000))
def test_whole_numbers_as_typed(n: int) -> None:
    for typed in (str(n), f"{n:,}", f" {n} ", float(n), n, f"{n:,}".replace(",", "，")):
        assert parse_whole(typed, 0, 10_000_000, "m") == n


@pytest.mark.parametrize("typed", ["-1", "1.5", "abc", "", None, True, "10000001", [1]])
def test_whole_numbers_refused(typed: object) -> None:
    with pytest.raises(FieldError):
        parse_whole(typed, 0, 10_000_000, "m")


def test_parameters_of_a_kind_each_refused_beside_its_field() -> None:
    check = Checker()
    params = parse_params(RuleKind.OLDER_WORKER, {"amount": "-1000", "min_contract_months": "0",
                                                  "man_min_age": "46", "woman_min_age": "abc"}, check)
    assert set(check.errors) == {"amount", "min_contract_months", "woman_min_age"}
    assert params["man_min_age"] == 46


def test_every_default_rule_reads_in_words() -> None:
    for rule in DEFAULT_RULES:
        check = Checker()
        raw = rule.params if rule.kind != RuleKind.POOR_BAND else {"bands": [
            {k: ("" if v is None else str(v)) for k, v in b.items()} for b in rule.params["bands"]]}
        assert parse_params(rule.kind, raw, check) == rule.params and not check.errors
        message, values = params_text(rule.kind, rule.params)
        assert message and values


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2090, 12, 31)),
       st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_age_in_whole_years(birth: date, day: date) -> None:
    if day < birth:
        return
    if (birth.month, birth.day) == (2, 29):  # a 29 February birth turns older on 28 February in a common year
        feb_28 = (day.month, day.day) >= (2, 28) and not _leap(day.year) or (day.month, day.day) >= (2, 29)
        expected = day.year - birth.year - (0 if feb_28 or day.month > 2 else 1)
    else:
        expected = day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
    assert age_on(birth, day) == expected


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
