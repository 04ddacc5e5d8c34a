"""Sessions held (bench/loadgen/held.py): the pacing of a slow phone, the break rule and the figure, and one
short step through HAProxy (three phones that keep their ticket pages open). No timing thresholds.
The step through the proxy is skipped where scripts/cluster.py or haproxy is missing."""

from __future__ import annotations

import importlib.util
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.loadgen import held, scenarios

needs_proxy = pytest.mark.skipif(
    importlib.util.find_spec("scripts.cluster") is None or shutil.which("haproxy") is None,
    reason="needs scripts/cluster.py and HAProxy (apt-get install haproxy)")


def test_the_ticket_first_flow_has_four_taps_that_run_the_page() -> None:
    # the village search, the village pill, "next", "confirm"
    assert held.pauses(scenarios.PORTAL) == 4


@given(st.floats(0, 600), st.integers(0, 2**32))
def test_a_pause_is_between_half_and_one_and_a_half_of_its_share(fill: float, seed: int) -> None:
    share = fill / held.pauses()
    assert 0.5 * share - 1e-9 <= held.pause(random.Random(seed), fill) <= 1.5 * share + 1e-9


def step(sessions: int, seconds: float, *, errors: int = 0, lost: int = 0) -> held.Step:
    s = held.Step(1, sessions, audit={"lost": lost, "duplicated": 0, "mismatched": 0})
    for n in range(sessions):
        outcome = scenarios.Outcome(n, code="" if n < errors else f"C{n:07d}",
                                    error="SessionError: x" if n < errors else "",
                                    steps={"open": 9.0, "submit": seconds / 2, "confirm": seconds / 2})
        s.phones.append(held.Phone(outcome, [9.0, seconds / 2, seconds / 2]))
    s.still_open = sessions - errors
    return s


def test_a_step_breaks_on_a_slow_p95_an_error_a_loss_or_a_page_closed() -> None:
    assert not step(10, 2.9).broken(3)
    assert step(10, 3.1).broken(3)
    assert step(10, 1.0, errors=1).broken(3)
    assert step(10, 1.0, lost=1).broken(3)
    closed = step(10, 1.0)
    closed.still_open = 9
    assert closed.broken(3) and "1 ticket pages closed" in closed.errors[-1]
    assert step(10, 1.0).any_tap(95) == 9000  # opening counts as a wait, not as submit -> ticket
    assert step(10, 1.0).p(95) == pytest.approx(1000)


def test_sessions_held_is_the_largest_step_before_the_first_break() -> None:
    assert held.held([step(50, 1), step(100, 2), step(200, 4), step(400, 2)], 3) == 100
    assert held.held([step(400, 1), step(50, 1)], 3) == 400
    assert held.held([step(50, 5)], 3) == 0
    assert held.held([], 3) == 0


@needs_proxy
def test_three_slow_phones_behind_the_proxy_keep_their_ticket_pages_open(tmp_path: Path) -> None:
    args = held.parser().parse_args(["--database", "sqlite", "--ramp", "1", "--fill", "2", "--hold", "1",
                                     "--timeout", "90"])
    result = held.run_step(2, 3, tmp_path, args)
    assert result.errors == [] and len(result.ok) == 3
    assert result.still_open == 3 and sum(result.per_process.values()) >= 3, result.per_process
    assert result.lost == 0 and result.duplicated == 0 and result.audit["seekers"] == 3 + 4, result.audit
    assert len(result.rss_peak) == 2 and all(r > 0 for r in result.rss_peak + result.rss_closed)
    assert held.held([result], 1000) == 3
    assert "| 2 | 3 | 3 |" in result.row()
