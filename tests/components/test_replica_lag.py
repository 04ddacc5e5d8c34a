"""The dashboard's words for a lagging replica (components/replica_lag.py): seconds, then minutes."""

from __future__ import annotations

from components.replica_lag import lag_words
from services.core.i18n import translator
from services.core.read_db import ReplicaLag


def _words(seconds: float | None) -> str:
    return lag_words(translator("en"), ReplicaLag(replica=True, behind=True, seconds=seconds))


def test_seconds_then_minutes() -> None:
    assert _words(16.9) == "Figures from the replica, 16 s behind."
    assert _words(119.5) == "Figures from the replica, 119 s behind."
    assert _words(120) == "Figures from the replica, 2 min behind."
    assert _words(3725) == "Figures from the replica, 62 min behind."


def test_behind_by_an_unknown_time() -> None:
    assert _words(None) == "Figures from the replica, which is behind the main database."


def test_without_a_replica_the_pages_read_through_the_primary_engine(app_env) -> None:
    from components import runtime

    assert runtime.read_engine() is runtime.engine()
