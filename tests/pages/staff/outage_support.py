"""The database made unavailable for staff page tests (issue 14), the way tests/pages/public/test_outage.py
does it, plus one thing staff pages need: a button callback often holds the engine it was given when the
page was drawn (`on_click=…, args=(engine, …)`), so the app's own engine fails too while the database is
down (every new connection refused, the pooled ones closed), as a stopped PostgreSQL or an unreadable
SQLite file would make it. Each page test runs twice: in Chinese on a "stopped PostgreSQL" and in English
on an "unreadable SQLite file"."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from components import outage, runtime
from tests.apptest_support import click
from tests.pages.public.test_outage import DEAD_PG, EN, ZH, Switch, _message, _no_error_box

__all__ = ["EN", "ZH", "Down", "_message", "_no_error_box", "down_db", "kept", "recover", "said_so"]

REFUSED = {"postgresql": "connection refused", "sqlite": "unable to open database file"}


class Down(Switch):
    """`Switch`, and the app's engine itself refuses connections while `down`."""

    def __init__(self, dead: Engine, words: dict[str, str]):
        super().__init__(dead)
        self.words = words
        self.lang = {} if words is ZH else {"lang": "en"}
        self._hooked: set[int] = set()

    @Switch.down.setter  # type: ignore[attr-defined]
    def down(self, value: bool) -> None:
        Switch.down.fset(self, value)  # type: ignore[attr-defined]
        live = self.live()
        if id(live) not in self._hooked:
            self._hooked.add(id(live))
            event.listen(live, "do_connect", self._refuse)
        if value:
            live.dispose()  # the pooled connections are gone with the server

    def _refuse(self, dialect, _record, _cargs, _cparams):
        if self.down:
            raise dialect.loaded_dbapi.OperationalError(REFUSED.get(dialect.name, "unavailable"))
        return None


@pytest.fixture(params=["zh-postgres-stopped", "en-sqlite-unreadable"])
def down_db(request: pytest.FixtureRequest, app_env: str, monkeypatch: pytest.MonkeyPatch, tmp_path) -> Iterator[Down]:
    zh = request.param.startswith("zh")
    dead = create_engine(DEAD_PG) if zh else create_engine(f"sqlite:///{tmp_path}/no-such-dir/portal.db")
    switch = Down(dead, ZH if zh else EN)
    monkeypatch.setattr(runtime, "engine", switch.engine)
    monkeypatch.setattr(outage, "_last_ok", 0.0)
    try:
        yield switch
    finally:
        switch.down = False
        dead.dispose()


def said_so(at: AppTest, db: Down) -> None:
    """The outage message in the page's language, no error box, still signed in."""
    _no_error_box(at)
    assert _message(at, db.words), [w.value for w in at.warning]
    titles = [t.value for t in at.title]
    assert "工作人员登录" not in titles and "Staff sign-in" not in titles, "an outage is not a sign-out"


def recover(at: AppTest, db: Down) -> AppTest:
    """The database answers again; "Try again now" does what the page's fragment does by itself."""
    db.down = False
    click(at, db.words["try"])
    _no_error_box(at)
    assert not _message(at, db.words)
    return at


def kept(at: AppTest, **typed: object) -> None:
    """What was typed, by widget key: in the widget when the page draws it under the message, else held in
    the session for the page to draw again when the database is back (a run that stopped keeps it)."""
    drawn: dict[str, object] = {}
    for key, value in typed.items():
        found = [w for kind in ("text_input", "text_area", "number_input", "date_input", "selectbox", "radio",
                                "checkbox", "multiselect") for w in getattr(at, kind) if w.key == key]
        drawn[key] = found[0].value if found else at.session_state[key]
    assert drawn == typed
