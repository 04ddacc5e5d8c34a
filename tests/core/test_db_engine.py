"""The PostgreSQL engines' session settings (services/core/db.py): JIT off on every connection, and the
read engine's connections read-only as well."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from services.core.read_db import make_read_engine


def _show(engine, name: str) -> str:
    with engine.connect() as conn:
        return conn.execute(text(f"SHOW {name}")).scalar_one()


@pytest.mark.postgres
def test_postgresql_connections_run_without_jit(pg_engine) -> None:
    """A dashboard statement over a million rows was JIT-compiled for 0.5 s of its 1.2 s; the app turns it off."""
    assert _show(pg_engine, "jit") == "off"
    assert _show(pg_engine, "default_transaction_read_only") == "off"


@pytest.mark.postgres
def test_the_read_engine_is_read_only_and_without_jit(pg_engine) -> None:
    reads = make_read_engine(pg_engine.url.render_as_string(hide_password=False))
    try:
        assert reads is not pg_engine
        assert _show(reads, "jit") == "off"
        assert _show(reads, "default_transaction_read_only") == "on"
    finally:
        reads.dispose()
