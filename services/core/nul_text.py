"""PostgreSQL cannot store the NUL character in text ("A string literal cannot contain NUL"); SQLite can.

A NUL typed or pasted into any free-text field (a vacancy description, a company name, a note) would
make the whole action fail on PostgreSQL with a bare database error. It carries no meaning and is
invisible, so it is dropped from every text attribute of every object about to be written, on both
backends alike (one rule, not one per form). Registered once for every Session (services.core.db).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

NUL = "\x00"


def without_nul(value: str) -> str:
    return value.replace(NUL, "") if NUL in value else value


def _strip(session: Session, _context: Any, _instances: Any) -> None:
    for obj in (*session.new, *session.dirty):
        for attr in inspect(obj).mapper.column_attrs:
            value = getattr(obj, attr.key, None)
            if isinstance(value, str) and NUL in value:
                setattr(obj, attr.key, without_nul(value))


def register() -> None:
    if not event.contains(Session, "before_flush", _strip):
        event.listen(Session, "before_flush", _strip)
