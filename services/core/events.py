"""Domain events: one action triggers another inside the same transaction.

A write service records what happened with `publish(session, SomethingHappened(...))`.
The unit of work (`services.core.db.unit_of_work`) hands every published event to the
handlers subscribed to its type just before it commits, in the same transaction, so a
hire and the follow-ups it schedules are saved together or not at all. A handler may
publish further events; they are handled in the same loop.

    @dataclass(frozen=True)
    class HireRecorded(Event):
        hire_id: int

    subscribe(HireRecorded, schedule_follow_ups)   # handler(session, event)
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from collections.abc import Callable
from typing import Any, TypeVar

from sqlmodel import Session


class Event:
    """Base class of domain events (make them frozen dataclasses)."""


E = TypeVar("E", bound=Event)
Handler = Callable[[Session, Any], None]

_handlers: dict[type[Event], list[Handler]] = defaultdict(list)
# The packages that subscribe handlers when imported (e.g. follow-ups react to hires). They are
# imported before the first event is handled, so every process that publishes (the app, the CLI,
# tests) has them subscribed, whichever modules it happened to import; importing them earlier is fine.
HANDLER_PACKAGES: tuple[str, ...] = ("services.followups", "services.summaries.households",
                                     "services.summaries.hire_facts")
_loaded: list[str] = []
_KEY = "portal_events"
_SEEN = "portal_events_handled"


def subscribe(event_type: type[E], handler: Callable[[Session, E], None]) -> Callable[[Session, E], None]:
    """Run `handler(session, event)` for every `event_type` published in a unit of work."""
    if handler not in _handlers[event_type]:
        _handlers[event_type].append(handler)
    return handler


def unsubscribe(event_type: type[E], handler: Callable[[Session, E], None]) -> None:
    if handler in _handlers[event_type]:
        _handlers[event_type].remove(handler)


def publish(session: Session, event: Event) -> None:
    """Record that something happened; handled before this transaction commits."""
    session.info.setdefault(_KEY, []).append(event)


def handled(session: Session) -> list[Event]:
    """The events already handled in this session's transaction (for tests and audits)."""
    return list(session.info.get(_SEEN, []))


def dispatch(session: Session) -> None:
    """Hand every pending event to its handlers, until no handler publishes another."""
    queue: list[Event] = session.info.setdefault(_KEY, [])
    if queue and len(_loaded) < len(HANDLER_PACKAGES):
        load_handlers()
    seen: list[Event] = session.info.setdefault(_SEEN, [])
    while queue:
        event = queue.pop(0)
        for klass in type(event).__mro__:
            for handler in list(_handlers.get(klass, ())):
                handler(session, event)
        seen.append(event)


def load_handlers() -> None:
    """Import the packages that subscribe handlers (once per process)."""
    for name in HANDLER_PACKAGES:
        if name not in _loaded:
            importlib.import_module(name)
            _loaded.append(name)


def discard(session: Session) -> None:
    """Forget pending events (the transaction was rolled back)."""
    session.info.pop(_KEY, None)
    session.info.pop(_SEEN, None)
