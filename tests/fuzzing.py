"""The fuzz set's hypothesis settings: a few hundred examples per test while developing, thousands in CI.

Every fuzz test is marked `fuzz` (run them alone with `pytest -m fuzz`) and takes its settings from
`fuzz(share)`: `share` of the profile's examples, for the slower targets (a zip built per example). The
profile comes from PORTAL_FUZZ (`dev` or `ci`); CI (CI=true) uses `ci` in its first pass (.ci/run's second
pass, on the Debian PostgreSQL cluster, sets `dev`). Measure with `PORTAL_FUZZ=ci python3 -m pytest -m fuzz
--durations=0`: about two minutes on the 2-core machine when it is not shared with other runs.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

PROFILES = {"dev": 200, "ci": 1500}  # examples per fuzz test at share 1.0 (ci: ~35,000 in the whole set)
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]


def profile() -> str:
    chosen = os.environ.get("PORTAL_FUZZ") or ("ci" if os.environ.get("CI") else "dev")
    if chosen not in PROFILES:
        raise ValueError(f"PORTAL_FUZZ must be one of {sorted(PROFILES)}, not {chosen!r}")
    return chosen


def examples(share: float = 1.0) -> int:
    return max(10, int(PROFILES[profile()] * share))


def fuzz(share: float = 1.0) -> settings:
    """Settings for one fuzz test: no deadline (a shared machine: a slow example is not a wrong one),
    the database-free health checks that a busy machine trips relaxed, the examples printed on failure."""
    return settings(max_examples=examples(share), deadline=None, suppress_health_check=_SLOW_OK,
                    print_blob=False)


mark = pytest.mark.fuzz
