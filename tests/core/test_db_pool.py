"""The pool rule: every process's pool together, plus headroom, under PostgreSQL's max_connections."""

import pytest

from services.core.db_pool import DEFAULT_HEADROOM, pool_plan


def test_two_processes_with_the_default_pools_fit_a_default_server():
    plan = pool_plan(processes=2, pool_size=5, max_overflow=5, max_connections=100)
    assert plan.needed == 2 * (5 + 5) + DEFAULT_HEADROOM
    assert plan.fits
    assert "fits" in plan.explain()


def test_exactly_at_the_limit_fits_one_more_does_not():
    assert pool_plan(processes=4, pool_size=10, max_overflow=10, headroom=20, max_connections=100).fits
    plan = pool_plan(processes=4, pool_size=10, max_overflow=11, headroom=20, max_connections=100)
    assert not plan.fits
    assert "104" in plan.explain() and "max_connections" in plan.explain()
    assert "PORTAL_DB_POOL_SIZE" in plan.explain()


@pytest.mark.parametrize("bad", [{"processes": 0}, {"pool_size": 0}, {"max_overflow": -1}, {"headroom": -1}])
def test_nonsense_is_refused(bad):
    args = {"processes": 2, "pool_size": 5, "max_overflow": 5, "max_connections": 100} | bad
    with pytest.raises(ValueError):
        pool_plan(**args)


def test_the_engine_takes_its_pool_from_settings(monkeypatch):
    from services.core.db import make_engine
    from services.core.settings import get_settings

    monkeypatch.setenv("PORTAL_DB_POOL_SIZE", "3")
    monkeypatch.setenv("PORTAL_DB_MAX_OVERFLOW", "2")
    get_settings.cache_clear()
    try:
        engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
        assert engine.pool.size() == 3
        assert engine.pool._max_overflow == 2
        assert engine.pool._pre_ping
    finally:
        get_settings.cache_clear()
