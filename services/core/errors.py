"""One error hierarchy for everything a person can be told went wrong.

- `PortalError`: an action refused, with a message id (English, translated at display time)
  and the values to format it with. Pages show `message` translated, then formatted.
- `FieldError`: one value refused by a validator (raised by the `normalize_*` functions).
- `FieldErrors`: "these fields are wrong" — field name → message id, every problem of a form
  at once. Every service and form uses this one type; a page shows each message beside its
  field and keeps what was typed.

`Checker` collects the errors of a form: `values = Checker(); v.check("phone", normalize_mobile,
raw)`; at the end `v.raise_if_any()`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

T = TypeVar("T")

# What FieldErrors holds per field: a message id, or (message id, values to format it with).
Message = str | tuple[str, dict[str, Any]]


def message_parts(message: Message) -> tuple[str, dict[str, Any]]:
    """(message id, values) of a field's message, whichever form it has."""
    return message if isinstance(message, tuple) else (message, {})


class PortalError(Exception):
    """An action refused; `message` is a message id formatted with `values` after translation."""

    message: str = ""

    def __init__(self, message: str | None = None, **values: object):
        if message is not None:
            self.message = message
        super().__init__(self.message)
        self.values = values


class FieldError(PortalError, ValueError):
    """One value refused by a validator, with a translatable message id."""


class FieldErrors(PortalError):
    """These fields are wrong: `errors` maps a field name to a message id, or to (message id, values)
    when the message has values of its own (all problems at once)."""

    def __init__(self, errors: Mapping[Any, Message], **values: object):
        if not errors:
            raise ValueError("FieldErrors needs at least one error")
        self.errors: dict[Any, Message] = dict(errors)
        first, first_values = message_parts(next(iter(self.errors.values())))
        super().__init__(first, **{**first_values, **values})

    @classmethod
    def one(cls, field: str, message: str, **values: object) -> FieldErrors:
        return cls({field: message}, **values)

    def __str__(self) -> str:
        return ", ".join(f"{k}: {message_parts(v)[0]}" for k, v in self.errors.items())


class NotFound(PortalError):
    """The record asked for does not exist (any more), or is not this user's to see."""


class StateChanged(PortalError):
    """The action no longer fits the record's state (someone else acted meanwhile)."""


class MustWait(PortalError):
    """Too many failed tries (sign-ins, kiosk PINs): `wait_seconds` until the next is accepted; the message
    says it in whole `minutes`, rounded up."""

    def __init__(self, wait_seconds: int):
        self.wait_seconds = max(1, wait_seconds)
        super().__init__(minutes=self.minutes)

    @property
    def minutes(self) -> int:
        return -(-self.wait_seconds // 60)


class Checker:
    """Collects the field errors of one form; `check` returns the normalized value or None."""

    def __init__(self) -> None:
        self.errors: dict[str, Message] = {}

    def check(self, name: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        try:
            return fn(*args, **kwargs)
        except FieldError as exc:
            self.errors.setdefault(name, (exc.message, exc.values) if exc.values else exc.message)
            return None

    def add(self, name: str, message: Message) -> None:
        self.errors.setdefault(name, message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise FieldErrors(self.errors)
