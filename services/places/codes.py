"""The short codes in fairs' and sites' registration links (`?fair=CODE`, `?site=CODE`)."""

from __future__ import annotations

import re
import secrets

from sqlmodel import Session, select

from models import Fair, Site

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_PATTERN = re.compile(r"[A-Z0-9][A-Z0-9-]{1,15}")


def normalize_code(raw: str | None) -> str:
    return (raw or "").strip().upper()


def new_code(prefix: str, length: int = 5) -> str:
    return prefix + "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def code_taken(session: Session, code: str) -> bool:
    """True when a fair or a site already uses `code` (the two share one space of codes)."""
    return (session.exec(select(Fair.id).where(Fair.code == code)).first() is not None
            or session.exec(select(Site.id).where(Site.code == code)).first() is not None)
