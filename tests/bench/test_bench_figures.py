"""The benchmarks' own arithmetic and parsing: env words in server args, RSS slope, gc log, py-spy stacks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.loadgen.runner import split_env
from bench.memory_run import Sample, last_gc_stats, slope_per_hour, table
from bench.server_time import top_functions


def test_leading_name_value_words_are_environment() -> None:
    assert split_env(["PORTAL_GC_FREEZE=0", "A_B=x=y", "--runner.postScriptGC", "false"]) == (
        {"PORTAL_GC_FREEZE": "0", "A_B": "x=y"}, ["--runner.postScriptGC", "false"])
    assert split_env(["--server.x", "A=1"]) == ({}, ["--server.x", "A=1"])  # only leading words
    assert split_env([]) == ({}, [])


@given(st.floats(-500, 500), st.floats(50, 500))
def test_slope_of_a_straight_line(per_hour: float, start: float) -> None:
    samples = [Sample(t, start + per_hour * t / 3600, 0) for t in range(0, 1800, 30)]
    assert slope_per_hour(samples) == pytest.approx(per_hour, abs=1e-6)


def test_slope_of_too_few_samples_is_zero() -> None:
    assert slope_per_hour([]) == 0.0
    assert slope_per_hour([Sample(0, 100, 0)]) == 0.0
    assert slope_per_hour([Sample(5, 100, 0), Sample(5, 120, 0)]) == 0.0


def test_flat_but_noisy_memory_has_a_small_slope() -> None:
    samples = [Sample(t, 180 + (3 if (t // 30) % 2 else -3), 0) for t in range(0, 1800, 30)]
    assert abs(slope_per_hour(samples)) < 1


def test_the_last_gc_line_of_the_log_is_read() -> None:
    log = ("starting\ngc-stats frozen=10 gen0=1 gen1=0 gen2=0 tracked=5 freezes=1\nINFO something\n"
           "gc-stats frozen=12 gen0=3 gen1=1 gen2=0 tracked=700 freezes=2\n")
    assert last_gc_stats(log) == {"frozen": 12, "gen0": 3, "gen1": 1, "gen2": 0, "tracked": 700, "freezes": 2}
    assert last_gc_stats("no figures here") == {}
    rows = table([Sample(60, 181.25, 40, {"tracked": 700, "frozen": 12, "freezes": 2})])
    assert rows[-1] == "| 1.0 | 181.2 | 40 | 700 | 12 | 2 |  /  |  () |"


def test_py_spy_stacks_counted_inclusively_once_per_sample() -> None:
    collapsed = "main;run;gc 6\nmain;run;run 2\nmain;idle 2\nbroken line\n"
    shares = dict(top_functions(collapsed))
    assert shares == {"main": 1.0, "run": 0.8, "gc": 0.6, "idle": 0.2}
    assert top_functions("") == []
