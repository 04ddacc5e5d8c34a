"""Fairs and sites: where a registration comes from, and their public registration links."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models import Fair, FairStatus, Site, SiteKind, SourceKind
from services.clock import local_today
from services.db import unit_of_work
from services.i18n import N_

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_PATTERN = re.compile(r"[A-Z0-9][A-Z0-9-]{1,15}")


@dataclass(frozen=True)
class Source:
    """Where a registration happened; `direct` when no (valid) code came with the link."""

    kind: str
    fair_id: int | None = None
    site_id: int | None = None
    name: str = ""
    township: str = ""
    code: str = ""

    @classmethod
    def direct(cls) -> Source:
        return cls(kind=SourceKind.DIRECT)


@dataclass(frozen=True)
class SourceLookup:
    source: Source
    problem: str | None = None  # message id when the code in the link could not be used


def normalize_code(raw: str | None) -> str:
    return (raw or "").strip().upper()


def resolve_source(
    engine: Engine, *, fair_code: str | None = None, site_code: str | None = None,
    today: date | None = None,
) -> SourceLookup:
    """Turn `?fair=` / `?site=` from a QR link into a source, explaining what is wrong with it."""
    today = today or local_today()
    fair_code, site_code = normalize_code(fair_code), normalize_code(site_code)
    if not fair_code and not site_code:
        return SourceLookup(Source.direct())
    with unit_of_work(engine, write=False) as session:
        if fair_code:
            fair = session.exec(select(Fair).where(Fair.code == fair_code)).first()
            if fair is None:
                return SourceLookup(Source.direct(), N_("This QR code is not for a job fair we know."))
            if fair.status == FairStatus.CLOSED or (fair.ends_on and fair.ends_on < today):
                return SourceLookup(Source.direct(), N_("This job fair has ended."))
            return SourceLookup(Source(SourceKind.FAIR, fair_id=fair.id, name=fair.name,
                                       township=fair.township, code=fair.code))
        site = session.exec(select(Site).where(Site.code == site_code)).first()
        if site is None:
            return SourceLookup(Source.direct(), N_("This QR code is not for a registration point we know."))
        if not site.active:
            return SourceLookup(Source.direct(), N_("This registration point is closed."))
        return SourceLookup(Source(SourceKind.SITE, site_id=site.id, name=site.name,
                                   township=site.township, code=site.code))


def new_code(prefix: str, length: int = 5) -> str:
    return prefix + "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def _checked_code(code: str | None, prefix: str) -> str:
    code = normalize_code(code) or new_code(prefix)
    if not CODE_PATTERN.fullmatch(code):
        raise ValueError("a code is 2-16 letters, digits or dashes")
    return code


def create_fair(
    engine: Engine, *, name: str, code: str | None = None, venue: str = "", township: str = "",
    campaign: str = "", starts_on: date | None = None, ends_on: date | None = None,
    status: str = FairStatus.OPEN,
) -> Fair:
    fair = Fair(code=_checked_code(code, "F"), name=name.strip(), venue=venue, township=township,
                campaign=campaign, starts_on=starts_on, ends_on=ends_on, status=FairStatus(status))
    with unit_of_work(engine) as session:
        session.add(fair)
        session.flush()
        session.refresh(fair)
    return fair


def create_site(
    engine: Engine, *, name: str, code: str | None = None, kind: str = SiteKind.RELOCATION,
    township: str = "",
) -> Site:
    site = Site(code=_checked_code(code, "S"), name=name.strip(), kind=SiteKind(kind), township=township)
    with unit_of_work(engine) as session:
        session.add(site)
        session.flush()
        session.refresh(site)
    return site


def registration_url(base_url: str, *, fair_code: str | None = None, site_code: str | None = None) -> str:
    params = {"fair": fair_code} if fair_code else {"site": site_code} if site_code else {}
    url = base_url.rstrip("/") + "/register"
    return f"{url}?{urlencode(params)}" if params else url


def list_fairs(session: Session) -> list[Fair]:
    return list(session.exec(select(Fair).order_by(Fair.id)))


def list_sites(session: Session) -> list[Site]:
    return list(session.exec(select(Site).order_by(Site.id)))
