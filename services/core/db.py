"""Engine, migrations and the unit of work: one session and one transaction per action.

SQLite (the embedded default) runs in WAL mode with a busy timeout, and write
transactions start with BEGIN IMMEDIATE: with a plain BEGIN two concurrent
read-then-write transactions deadlock and one fails with "database is locked"
whatever the timeout. PostgreSQL is chosen with DATABASE_URL.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session, create_engine
from sqlmodel.sql.expression import Select

from services.core import events, nul_text
from services.core.settings import get_settings

if TYPE_CHECKING:
    from alembic.config import Config

ROOT = Path(__file__).resolve().parents[2]
BUSY_TIMEOUT_MS = 10_000
_WRITE = "portal_write"


nul_text.register()  # every Session: no NUL character reaches a text column (PostgreSQL refuses it)


def make_engine(url: str, *, echo: bool = False, read_only: bool = False) -> Engine:
    """The engine for `url`. `read_only`: every transaction refuses writes (services/core/read_db.py)."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        )
        _configure_sqlite(engine, read_only=read_only)
        return engine
    # connect_timeout: an unreachable server fails in seconds ("briefly unavailable"), not after minutes.
    # Pool sizes from settings (PORTAL_DB_POOL_SIZE, PORTAL_DB_MAX_OVERFLOW): services/core/db_pool.py
    settings = get_settings()
    # jit=off: the dashboard's statements over a million rows are estimated "expensive" enough for
    # PostgreSQL to JIT-compile them, which cost 0.5 s of a 1.2 s statement at 1M seekers and saves
    # nothing on statements that run for milliseconds (bench/RESULTS.md, issue 15).
    options = ["-c jit=off"]
    if read_only:
        options.append("-c default_transaction_read_only=on")
    connect_args: dict[str, Any] = {"connect_timeout": 5, "options": " ".join(options)}
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=settings.db_pool_size,
                         max_overflow=settings.db_max_overflow, pool_timeout=settings.db_pool_timeout,
                         connect_args=connect_args)


def _configure_sqlite(engine: Engine, *, read_only: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy's "begin" event below decide how a transaction starts.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if read_only:
            cur.execute("PRAGMA query_only=ON")  # the journal mode is the file's: the writing engine sets WAL
        else:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        # Keyed digests are random, so their index pages are touched at random: keep them
        # in memory (64 MB page cache per connection, reads through mmap) instead of 2 MB.
        cur.execute("PRAGMA cache_size=-65536")
        cur.execute("PRAGMA mmap_size=1073741824")
        cur.execute("PRAGMA temp_store=MEMORY")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def unit_of_work(engine: Engine, *, write: bool = True) -> Iterator[Session]:
    """One session, one transaction; committed here on success, rolled back on error.

    Before committing, the domain events published in the transaction are handed to their
    handlers (services.core.events), so what they write commits together with the action.
    """
    bind = engine.execution_options(**{_WRITE: True}) if write else engine
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            if write:
                events.dispatch(session)
                session.commit()
            # a read ends when the session closes: its connection is rolled back on release,
            # and loaded objects stay readable (a rollback here would expire them)
        except BaseException:
            session.rollback()
            events.discard(session)
            raise


P = ParamSpec("P")
R = TypeVar("R")


def transactional(fn: Callable[Concatenate[Session, P], R]) -> Callable[Concatenate[Engine | Session, P], R]:
    """A write service in both forms: given a Session it joins the caller's transaction (so a
    caller can combine several services in one); given an Engine it is the thin wrapper that
    opens one unit of work, runs the service and commits."""

    @functools.wraps(fn)
    def run(target: Engine | Session, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if isinstance(target, Session):
            return fn(target, *args, **kwargs)
        with unit_of_work(target) as session:
            return fn(session, *args, **kwargs)

    return run


def read_only(fn: Callable[Concatenate[Session, P], R]) -> Callable[Concatenate[Engine | Session, P], R]:
    """A selector in both forms: inside the caller's session, or in a read transaction of its own."""

    @functools.wraps(fn)
    def run(target: Engine | Session, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if isinstance(target, Session):
            return fn(target, *args, **kwargs)
        with unit_of_work(target, write=False) as session:
            return fn(session, *args, **kwargs)

    return run


def select_wide(*columns: Any) -> Select[*tuple[Any, ...]]:
    """`select` of more than four columns (sqlmodel's `select` is typed for at most four): the same
    statement, its rows typed as tuples of Any."""
    return Select(*columns)


def columns_present(conn: Connection, table: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """`names` the table has, in their order: a summary's fill run by a migration before the newest writes
    fewer columns."""
    from sqlalchemy import inspect

    have = {c["name"] for c in inspect(conn).get_columns(table)}
    return tuple(c for c in names if c in have)


# The newest migration (tests/core/test_migrations.py checks it is Alembic's head). A process whose
# database is at it never imports Alembic (about 12 MB of memory in every app server process).
HEAD_REVISION = "0040"


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


@contextmanager
def sqlite_foreign_keys_off(conn: Connection) -> Iterator[None]:
    """SQLite: foreign keys off while migrations run (before any transaction begins).

    A batch migration rebuilds a table: it drops the old one, and with foreign keys on that
    drop would first delete its rows and cascade into every child table. Checked afterwards
    (`PRAGMA foreign_key_check`) and switched on again. Elsewhere: nothing.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    raw = conn.connection.driver_connection  # the DBAPI connection: no transaction begun yet
    assert raw is not None
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
        broken = raw.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"migration left {len(broken)} rows with broken foreign keys")
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def schema_is_current(engine: Engine) -> bool:
    """The database is at HEAD_REVISION (False when it has no version table yet, or cannot be read)."""
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
    except DBAPIError:
        return False


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision. Safe to call from several app servers."""
    if schema_is_current(engine):
        return
    from alembic import command

    cfg = alembic_config(engine)
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_lock(724031)"))
            conn.commit()
        try:
            cfg.attributes["connection"] = conn
            with sqlite_foreign_keys_off(conn):
                command.upgrade(cfg, "head")
                conn.commit()
        finally:
            if engine.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_unlock(724031)"))
                conn.commit()
