"""Fixtures: a migrated database per test on SQLite and on PostgreSQL, a vault, the county.

Service tests take the `engine` fixture and run once per backend. PostgreSQL comes
from TEST_DATABASE_URL, or a throwaway server started from Debian's binaries; where
no server binary exists the PostgreSQL runs are skipped with the reason, except in
CI (CI=true), where a missing server is a failure.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import SQLModel

import models  # noqa: F401  (registers every table)
from services.core.crypto import Vault
from services.core.db import make_engine, migrate
from services.core.settings import ROOT, get_settings, normalize_database_url
from services.places.county import County, load_county
from tests.pg import StreamingReplica, TempPostgres, find_bindir

TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"


@pytest.fixture(scope="session")
def pg_base_url() -> Iterator[str]:
    """URL of a PostgreSQL server for this test session (its maintenance database)."""
    given = os.environ.get("TEST_DATABASE_URL")
    if given:
        yield normalize_database_url(given)
        return
    bindir = find_bindir()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("CI must test PostgreSQL, but no PostgreSQL server binary (initdb, pg_ctl) was found")
        pytest.skip("no PostgreSQL server binary (initdb, pg_ctl) on this machine; apt-get install postgresql")
    server = TempPostgres(bindir)
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def streaming_replica() -> Iterator[StreamingReplica]:
    """A PostgreSQL primary and a hot standby streaming from it (tests/pg.py), the database migrated on the
    primary. Without the server binaries: skipped, except in CI, where it is a failure."""
    bindir = find_bindir()
    if bindir is None or not (bindir / "pg_basebackup").exists():
        if os.environ.get("CI"):
            pytest.fail("CI must test the read replica, but PostgreSQL's initdb, pg_ctl or pg_basebackup is missing")
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup); apt-get install postgresql")
    pair = StreamingReplica(bindir)
    try:
        primary_url, _standby_url = pair.start()
        primary = make_engine(primary_url)
        migrate(primary)
        primary.dispose()
        yield pair
    finally:
        pair.stop()


def _create_database(base_url: str, name: str) -> str:
    admin = create_engine(make_url(base_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(base_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_engine(pg_base_url: str) -> Iterator[Engine]:
    """One migrated PostgreSQL database for the session; tables are emptied per test."""
    url = _create_database(pg_base_url, f"portal_test_{uuid.uuid4().hex[:8]}")
    engine = make_engine(url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (faster than migrating each time)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


def _truncate(engine: Engine) -> None:
    tables = ", ".join(t.name for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Iterator[Engine]:
    """A freshly migrated, empty database: SQLite file or PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "portal.db"
        shutil.copy(sqlite_template, path)
        eng = make_engine(f"sqlite:///{path}")
        yield eng
        eng.dispose()
    else:
        eng = request.getfixturevalue("pg_engine")
        _truncate(eng)
        yield eng


@pytest.fixture
def vault() -> Vault:
    return Vault.from_secret(TEST_SECRET)


@pytest.fixture(scope="session")
def county() -> County:
    return load_county(ROOT / "config" / "county.toml")


@pytest.fixture
def app_db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    """Database URL for page tests: SQLite, or PostgreSQL when TEST_DATABASE_URL is set."""
    if os.environ.get("TEST_DATABASE_URL"):
        eng = request.getfixturevalue("pg_engine")
        _truncate(eng)
        return eng.url.render_as_string(hide_password=False)
    path = tmp_path / "app.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def warm_streamlit(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make AppTest behave like a server past its first request.

    AppTest resets Streamlit's old `pages/` folder mode before every run, so every run
    would look like a cold server's first request (covered by the browser tests, which
    open a deep link on a fresh server first).
    """
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)
    from streamlit import config

    shown = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", "full")  # tests see the real error, not a redacted one
    yield
    config.set_option("client.showErrorDetails", shown)


@pytest.fixture
def app_env(warm_streamlit: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, app_db_url: str) -> Iterator[str]:
    """Environment for AppTest runs: the test database, a test secret, fresh caches."""
    import streamlit as st

    monkeypatch.setenv("DATABASE_URL", app_db_url)
    monkeypatch.setenv("PORTAL_SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("PORTAL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PORTAL_ENV", raising=False)
    get_settings.cache_clear()
    st.cache_resource.clear()
    st.cache_data.clear()  # on PostgreSQL every test has the same URL: no figures from the last test
    yield app_db_url
    get_settings.cache_clear()
    st.cache_resource.clear()
    st.cache_data.clear()
