"""Bulk writing for the demo's large tables: COPY on PostgreSQL, executemany on SQLite.

* `copy_rows` writes plain dicts into a Core table: PostgreSQL's `COPY … FROM STDIN` through psycopg's
  `cursor.copy` (no statement per row, no RETURNING), SQLite's executemany of one INSERT. Keys a row does
  not carry take the column's Python-side default, as an INSERT through SQLAlchemy would.
* `reserve_ids` takes a block of ids from the table's sequence (PostgreSQL: `nextval` over a
  `generate_series`, safe beside other writers; SQLite: after the largest id, inside the caller's
  `BEGIN IMMEDIATE`), so rows referring to each other are written without RETURNING.
* `seal` fills in the keyed digests and the encryption of the ID numbers and phones that the
  factory left in plain (`PeopleFactory(deferred=True)`): the costliest part of a row, done where
  the batch is written (a worker process on PostgreSQL).
* `secondary_indexes_dropped`: the non-unique indexes of the loaded tables are dropped before a load
  into an empty database and created again after it (one sort each instead of 10 million inserts
  into every B-tree), then the tables are analysed. Primary keys, unique indexes and foreign keys
  stay: the migrations own the schema, and the definitions are read back from the catalogue.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from typing import Any

from sqlalchemy import Column, MetaData, Table, bindparam, func, select, text
from sqlalchemy.engine import Connection, Engine

from services.cli.output import say_line
from services.core.crypto import Vault
from services.core.db import is_sqlite
from services.core.errors import Message
from services.core.i18n import N_
from services.registration.tickets import last4_digest

PLAIN = "_plain"  # the row key holding (ID number, phone) until `seal`


def seal(vault: Vault, rows: Sequence[dict[str, Any]]) -> None:
    """Digests and ciphertexts for rows drawn with deferred sealing, as `register_seeker` stores them."""
    digest, encrypt = vault.digest, vault.encrypt
    for row in rows:
        plain = row.pop(PLAIN, None)
        if plain is None:
            continue
        number, phone = plain
        id_hmac = digest("id", number)
        row["id_hmac"] = id_hmac
        row["id_enc"] = encrypt(number)
        row["id_last4_hmac"] = last4_digest(vault, id_hmac, number[-4:])
        row["phone_hmac"] = digest("phone", phone)
        row["phone_enc"] = encrypt(phone)


def _default(column: Any) -> Any:
    default = column.default
    if default is None:
        return None
    if default.is_scalar:
        return default.arg
    if default.is_callable:
        try:
            return default.arg(None)
        except TypeError:
            return None
    return None


def _plain_value(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def copy_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> int:
    """Write `rows` into `table` in bulk; returns the number written."""
    if not rows:
        return 0
    if is_sqlite(conn.engine):
        conn.execute(table.insert(), list(rows))
        return len(rows)
    given = set().union(*(r.keys() for r in rows[:50]))
    columns = [c for c in table.columns if c.name in given or (not c.primary_key and c.default is not None)]
    names = [c.name for c in columns]
    fill = {c.name: _default(c) for c in columns}
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cur, cur.copy(
            f'COPY "{table.name}" ({", ".join(f"{chr(34)}{n}{chr(34)}" for n in names)}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([_plain_value(row[n]) if n in row else fill[n] for n in names])
    return len(rows)


def reserve_ids(conn: Connection, table: Table, n: int) -> list[int]:
    """`n` fresh ids for `table` (ascending)."""
    if n <= 0:
        return []
    if is_sqlite(conn.engine):
        top = conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
        return list(range(top + 1, top + n + 1))
    return list(conn.execute(text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
                             {"t": table.name, "n": n}).scalars())


def _secondary_indexes(conn: Connection, tables: Sequence[str]) -> list[tuple[str, str]]:
    """(name, definition) of the non-unique indexes of `tables` that back no constraint."""
    rows = conn.execute(text(
        "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
        "JOIN pg_namespace n ON n.oid = t.relnamespace "
        "WHERE n.nspname = current_schema() AND t.relname = ANY(:tables) AND NOT x.indisunique "
        "AND NOT x.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
        "ORDER BY t.relname, i.relname"), {"tables": list(tables)}).all()
    return [(name, definition) for name, definition in rows]


@contextmanager
def _sqlite_indexes_dropped(engine: Engine, tables: Sequence[str], *, say: Callable[[Message], None]) -> Iterator[None]:
    with engine.begin() as conn:
        saved = [(n, d) for n, d in conn.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                 "AND tbl_name IN (SELECT value FROM json_each(:tables)) ORDER BY tbl_name, name"),
            {"tables": json.dumps(list(tables))}).all() if not d.upper().startswith("CREATE UNIQUE")]
        for name, _definition in saved:
            conn.execute(text(f'DROP INDEX "{name}"'))
    if saved:
        say((N_("dropped {n} secondary indexes for the load"), {"n": len(saved)}))
    try:
        yield
    finally:
        started = time.perf_counter()
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA cache_size=-262144")
            for _name, definition in saved:
                conn.exec_driver_sql(definition)
        say((N_("indexes created again in {seconds} s"), {"seconds": f"{time.perf_counter() - started:.0f}"}))


@contextmanager
def secondary_indexes_dropped(engine: Engine, tables: Sequence[str], *,
                              say: Callable[[Message], None] = say_line) -> Iterator[None]:
    """PostgreSQL: drop the tables' secondary indexes for the load, create them again after it (also when
    the load fails), then ANALYZE. SQLite: the same from `sqlite_master`, without ANALYZE (the app's
    SQLite databases are never analysed: the plans stay those the app gets)."""
    if is_sqlite(engine):
        with _sqlite_indexes_dropped(engine, tables, say=say):
            yield
        return
    with engine.begin() as conn:
        saved = _secondary_indexes(conn, tables)
        for name, _definition in saved:
            conn.execute(text(f'DROP INDEX "{name}"'))
    if saved:
        say((N_("dropped {n} secondary indexes for the load: {names}"),
             {"n": len(saved), "names": ", ".join(n for n, _d in saved)}))
    try:
        yield
    finally:
        started = time.perf_counter()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("SET maintenance_work_mem = '512MB'"))
            for name, definition in saved:
                t0 = time.perf_counter()
                conn.execute(text(definition))
                say((N_("index {name} created again in {seconds} s"),
                     {"name": name, "seconds": f"{time.perf_counter() - t0:.0f}"}))
            for table in tables:
                conn.execute(text(f'ANALYZE "{table}"'))
        say((N_("indexes and ANALYZE: {seconds} s"), {"seconds": f"{time.perf_counter() - started:.0f}"}))


def update_rows(conn: Connection, table: Table, key: str, rows: Sequence[dict[str, Any]]) -> int:
    """`UPDATE table SET <other keys> WHERE key = row[key]` for every row (all rows with the same keys):
    PostgreSQL copies them into a temporary table and updates from it in one statement; SQLite runs an
    executemany."""
    if not rows:
        return 0
    names = list(rows[0])
    others = [n for n in names if n != key]
    if is_sqlite(conn.engine):
        conn.execute(table.update().where(table.c[key] == bindparam(f"b_{key}"))
                     .values({n: bindparam(f"b_{n}") for n in others}),
                     [{f"b_{n}": r[n] for n in names} for r in rows])
        return len(rows)
    temp = Table(f"demo_update_{table.name}", MetaData(), *(Column(n, table.c[n].type) for n in names),
                 prefixes=["TEMPORARY"], postgresql_on_commit="DROP")
    temp.create(conn)
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cur, cur.copy(f'COPY "{temp.name}" ({", ".join(names)}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([_plain_value(row[n]) for n in names])
    conn.execute(table.update().where(table.c[key] == temp.c[key]).values({n: temp.c[n] for n in others}))
    temp.drop(conn)
    return len(rows)
