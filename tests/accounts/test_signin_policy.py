"""The sign-in wait policy as pure functions (no database): zero below the free failures, growing, capped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from services.accounts.signin_policy import (
    ADDRESS,
    LIMITS,
    LONGEST_WAIT,
    PAIR,
    USER,
    Counts,
    delay_after,
    delay_for,
    in_a_row,
    wait_seconds,
)

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
counts = st.builds(Counts, pair=st.integers(0, 10_000), address=st.integers(0, 10_000), user=st.integers(0, 10_000))
scopes = st.sampled_from([limit.scope for limit in LIMITS])


@settings(max_examples=500, deadline=None)
@given(counts, scopes, st.integers(1, 50))
def test_more_failures_never_wait_less(before: Counts, scope: str, more: int) -> None:
    after = Counts(**{**before.__dict__, scope: getattr(before, scope) + more})
    assert delay_for(after) >= delay_for(before)


@settings(max_examples=500, deadline=None)
@given(counts)
def test_the_wait_is_capped(c: Counts) -> None:
    assert 0 <= delay_for(c) <= LONGEST_WAIT == 15 * 60


@settings(deadline=None)
@given(st.integers(0, PAIR.free - 1), st.integers(0, ADDRESS.free - 1), st.integers(0, USER.free - 1))
def test_no_wait_below_every_threshold(pair: int, address: int, user: int) -> None:
    assert delay_for(Counts(pair=pair, address=address, user=user)) == 0


@settings(max_examples=1000, deadline=None)
@given(st.integers(0, 100_000), st.integers(0, ADDRESS.free - 1))
def test_failures_elsewhere_slow_the_real_user_only_mildly(user: int, address: int) -> None:
    """The real user at their own address (no failures of theirs there) waits at most the user cap."""
    assert delay_for(Counts(pair=0, address=address, user=user)) <= USER.cap == 120


def test_each_further_failure_doubles_the_wait() -> None:
    assert [delay_after(n, PAIR) for n in range(4, 10)] == [0, 2, 4, 8, 16, 32]
    assert [delay_after(n, USER) for n in range(9, 13)] == [0, 1, 2, 4]
    assert delay_after(PAIR.free + 9, PAIR) == 15 * 60  # 2 * 2^9 = 1024 s, capped
    assert delay_after(10**9, ADDRESS) == ADDRESS.cap


@settings(deadline=None)
@given(st.lists(st.integers(0, 4 * 3600), max_size=40))
def test_in_a_row_stops_at_the_first_long_gap(ages: list[int]) -> None:
    times = sorted((NOW - timedelta(seconds=a) for a in ages), reverse=True)
    n = in_a_row(times, NOW, timedelta(hours=1))
    assert 0 <= n <= len(times)
    edges = [NOW, *times]
    assert all(edges[i] - edges[i + 1] <= timedelta(hours=1) for i in range(n))
    if n < len(times):
        assert edges[n] - edges[n + 1] > timedelta(hours=1)


def test_the_wait_counts_from_the_last_failure_and_failures_are_forgotten() -> None:
    pair_failures = [NOW - timedelta(seconds=s) for s in (10, 20, 30, 40, 50, 60, 70)]  # 7 in a row: 8 s
    assert wait_seconds({"pair": pair_failures}, NOW + timedelta(seconds=0)) == 0  # last 10 s ago: 8 s over
    recent = [NOW - timedelta(seconds=1), *pair_failures]  # 8 in a row: 16 s after the last
    assert wait_seconds({"pair": recent}, NOW) == 15
    assert wait_seconds({"pair": recent}, NOW + timedelta(seconds=15)) == 0
    many = [NOW - timedelta(minutes=m) for m in range(0, 40)]  # at the cap: 15 minutes
    assert wait_seconds({"address": many}, NOW) == 900
    assert wait_seconds({"address": many}, NOW + timedelta(hours=1, seconds=1)) == 0  # forgotten after an hour


def test_rows_needed_reach_the_cap() -> None:
    for limit in LIMITS:
        assert delay_after(limit.rows_needed, limit) == limit.cap
