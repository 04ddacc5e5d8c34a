"""The unit of work: services compose in one transaction, events are handled before commit."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlmodel import Session, func, select

from models import AuditEvent
from services.core import events
from services.core.db import read_only, transactional, unit_of_work
from services.core.errors import Checker, FieldError, FieldErrors


@dataclass(frozen=True)
class Happened(events.Event):
    what: str


@transactional
def _write(session: Session, what: str) -> int:
    session.add(AuditEvent(action=what, actor="test", detail={}))
    events.publish(session, Happened(what))
    session.flush()
    return 1


@read_only
def _count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(AuditEvent)).one()


def _follow(session: Session, event: Happened) -> None:
    session.add(AuditEvent(action=f"after:{event.what}", actor="test", detail={}))


@pytest.fixture
def follow():
    events.subscribe(Happened, _follow)
    yield
    events.unsubscribe(Happened, _follow)


def test_engine_form_commits_with_the_handlers_writes(engine, follow) -> None:
    _write(engine, "a")
    assert _count(engine) == 2  # the action and what its handler wrote


def test_two_services_share_one_transaction_and_roll_back_together(engine, follow) -> None:
    with pytest.raises(RuntimeError), unit_of_work(engine) as session:
        _write(session, "a")
        _write(session, "b")
        assert _count(session) == 2  # handlers have not run yet: they run before commit
        raise RuntimeError("the second step failed")
    assert _count(engine) == 0


def test_handlers_run_once_before_commit(engine, follow) -> None:
    with unit_of_work(engine) as session:
        _write(session, "a")
        _write(session, "b")
    assert _count(engine) == 4
    with unit_of_work(engine, write=False) as session:
        actions = sorted(session.exec(select(AuditEvent.action)).all())
    assert actions == ["a", "after:a", "after:b", "b"]


def test_checker_collects_every_field() -> None:
    check = Checker()

    def bad(_: str) -> str:
        raise FieldError("Wrong.")

    assert check.check("a", str.strip, " x ") == "x"
    assert check.check("b", bad, "y") is None
    check.add("c", "Missing.")
    with pytest.raises(FieldErrors) as caught:
        check.raise_if_any()
    assert caught.value.errors == {"b": "Wrong.", "c": "Missing."}
    assert caught.value.message == "Wrong."
