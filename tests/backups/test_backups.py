"""Issue 14: a backup taken while people keep registering restores to a sound database that holds every
registration confirmed before the backup began, each once; the personal data in it stays encrypted."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from services.backups import commands, files
from services.core.db import HEAD_REVISION, make_engine
from tests.conftest import _create_database
from tests.factories import person_id, register

WRITERS = 3


def _person(engine: Engine, vault, n: int):
    """Person n: distinct ID numbers beyond one birth date's sequence numbers."""
    return register(engine, vault, n, id_number=_id(n))


def _id(n: int) -> str:
    return person_id(n % 400, birth=date(1970 + n // 400, 3, 3))


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _register_while(engine: Engine, vault, stop: threading.Event, confirmed: list[tuple[float, int]],
                    first: int) -> None:
    n = first
    while not stop.is_set():
        result = _person(engine, vault, n)
        confirmed.append((time.monotonic(), result.seeker_id))  # committed: the ticket would be shown now
        n += WRITERS


def _restore_target(engine: Engine, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if engine.dialect.name == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.db'}"
    return _create_database(request.getfixturevalue("pg_base_url"), f"portal_restore_{uuid.uuid4().hex[:8]}")


def test_a_backup_during_registrations_restores_every_confirmed_one_once(engine, vault, tmp_path, request) -> None:
    for n in range(20):  # some people before the rush
        _person(engine, vault, 10_000 + n)
    stop, confirmed = threading.Event(), []
    writers = [threading.Thread(target=_register_while, args=(engine, vault, stop, confirmed, i))
               for i in range(WRITERS)]
    for w in writers:
        w.start()
    deadline = time.monotonic() + 60
    while len(confirmed) < 10 and time.monotonic() < deadline:  # the registrations are under way
        time.sleep(0.05)
    began = time.monotonic()
    try:
        report = commands.backup(_url(engine), f"{tmp_path / 'backups'}/")  # a folder: a timestamped name
    finally:
        time.sleep(0.3)  # registrations go on a little after it, too
        stop.set()
        for w in writers:
            w.join(timeout=120)
    assert Path(report.path).name.startswith("portal-") and not files.partial(Path(report.path)).exists()
    assert report.schema == HEAD_REVISION
    before = {seeker_id for at, seeker_id in confirmed if at < began}
    assert len(before) >= 10

    target = _restore_target(engine, tmp_path, request)
    restored = commands.restore(report.path, target)
    assert restored.schema == HEAD_REVISION
    if engine.dialect.name == "sqlite":
        assert report.integrity == "ok" and restored.integrity == "ok"
    check = make_engine(target)
    try:
        with check.connect() as conn:
            ids = [row[0] for row in conn.execute(text("SELECT id FROM seeker"))]
            tickets = conn.execute(text("SELECT count(*), count(DISTINCT ticket_code) FROM seeker")).one()
    finally:
        check.dispose()
    assert before <= set(ids), "a registration confirmed before the backup began is missing"
    assert len(ids) == len(set(ids)) and tickets[0] == tickets[1]
    assert len(ids) >= 20 + len(before)

    if engine.dialect.name == "sqlite":  # no ID number or phone in clear in the file
        data = Path(report.path).read_bytes()
        for n in (10_000, 10_005, 0, 1):
            assert _id(n).encode() not in data
            assert f"139{n:08d}".encode() not in data


def test_restore_refuses_a_database_that_holds_data(engine, vault, tmp_path) -> None:
    register(engine, vault, 1)
    report = commands.backup(_url(engine), tmp_path / "one-backup")
    with pytest.raises(FileExistsError):
        commands.restore(report.path, _url(engine))
    register(engine, vault, 2)
    if engine.dialect.name == "sqlite":
        engine.dispose()  # the portal is stopped for a restore
    restored = commands.restore(report.path, _url(engine), force=True)
    assert restored.rows["seeker"] == 1


def test_a_damaged_sqlite_backup_is_refused(tmp_path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    with pytest.raises(ValueError, match="not a sound SQLite database"):
        commands.restore(bad, f"sqlite:///{tmp_path / 'x.db'}")
    assert not (tmp_path / "x.db").exists()


def test_a_folder_gets_a_timestamped_name(tmp_path) -> None:
    from datetime import datetime

    path = files.target_path(tmp_path, ".dump", datetime(2026, 11, 28, 2, 0, 5))
    assert path == tmp_path / "portal-20261128-020005.dump"
    assert files.target_path(tmp_path / "x.sqlite3", ".sqlite3") == tmp_path / "x.sqlite3"
