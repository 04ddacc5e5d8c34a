"""What the command line prints: refusals as one translated line, links with a warning when the
portal's address is still the default one.

The language is the portal's (PORTAL_LANGUAGE, Chinese by default).
"""

from __future__ import annotations

import sys
from datetime import date

from services.core.errors import FieldErrors, Message, PortalError, message_parts
from services.core.i18n import N_, normalize_language, translate
from services.core.settings import Settings, get_settings

DEFAULT_BASE_URL = str(Settings.model_fields["base_url"].default)
OPTIONS = {"display_name": "name"}  # a service's field -> the command's option, where they differ


class CliError(PortalError):
    """A command refused before any service was asked (a bad date, an unknown company...)."""


def _(message: str, /, **values: object) -> str:
    return translate(normalize_language(get_settings().default_language), message, **values)


def said(line: Message) -> str:
    """A line a command prints (a message id with its values), in the portal's language; a `name` value is
    a message id too (the steps of a rebuild)."""
    message, values = message_parts(line)
    step = values.get("name")
    if isinstance(step, str):
        values = {**values, "name": _(step)}
    return _(message, **values)


def say_line(line: Message) -> None:
    print(said(line), flush=True)


def refused(exc: PortalError) -> str:
    """One line: every refused option with its message, or the message of the refusal."""
    if isinstance(exc, FieldErrors):
        parts = ((f, *message_parts(m)) for f, m in exc.errors.items())
        return "; ".join(f"--{OPTIONS.get(str(f), str(f)).replace('_', '-')}: {_(m, **{**exc.values, **v})}"
                         for f, m, v in parts)
    return _(exc.message, **exc.values)


def date_option(text: str | None, option: str) -> date | None:
    """A date typed as 2026-03-05; anything else is refused with the option's name."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise FieldErrors({option.lstrip("-"): N_("Not a date: {value}. Write it like 2026-03-05.")},
                          value=text) from None


def base_url() -> str:
    """The portal's address for printed links (PORTAL_BASE_URL); warns on stderr while it is the default."""
    url = get_settings().base_url
    if url.rstrip("/") == DEFAULT_BASE_URL.rstrip("/"):
        print(_(N_("Warning: these links use {url}, which only works on this computer. Set PORTAL_BASE_URL "
                   "to the portal's public address."), url=url), file=sys.stderr)
    return url
