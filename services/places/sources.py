"""Where a registration comes from (a fair, a site, or direct), and the public registration links.

Fairs and sites themselves are edited in services.places.fairs and services.places.sites;
their names are also importable from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models import Fair, Site, SourceKind
from services.core.clock import local_today
from services.core.db import read_only
from services.core.i18n import N_
from services.places.codes import CODE_ALPHABET, CODE_PATTERN, new_code, normalize_code
from services.places.fair_status import fair_status, has_ended
from services.places.fairs import (
    FAIR_STATUSES,
    KNOWN_CAMPAIGNS,
    all_fairs,
    create_fair,
    get_fair,
    list_fairs,
    set_fair_status,
    update_fair,
)
from services.places.forms import (
    CODE_INVALID,
    CODE_TAKEN,
    DATES_REVERSED,
    KIND_INVALID,
    MAX_LENGTHS,
    NAME_MISSING,
    NOT_FOUND,
    STATUS_INVALID,
    TOO_LONG,
    TOWNSHIP_MISSING,
    TOWNSHIP_UNKNOWN,
)
from services.places.sites import (
    SITE_KINDS,
    all_sites,
    create_site,
    get_site,
    list_sites,
    set_site_active,
    sites_for_fair,
    update_site,
)


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


UNKNOWN_FAIR = N_("This QR code is not for a job fair we know.")
UNKNOWN_SITE = N_("This QR code is not for a registration point we know.")


def resolve_source(
    engine: Engine | Session, *, fair_code: str | None = None, site_code: str | None = None,
    today: date | None = None,
) -> SourceLookup:
    """Turn `?fair=` / `?site=` from a QR link into a source, explaining what is wrong with it.

    A fair's link works until the fair has ended (its last day, county time, or closed by staff)."""
    fair_code, site_code = normalize_code(fair_code), normalize_code(site_code)
    if not fair_code and not site_code:
        return SourceLookup(Source.direct())
    if fair_code and not CODE_PATTERN.fullmatch(fair_code):  # no such code can exist: not looked up (a NUL
        return SourceLookup(Source.direct(), UNKNOWN_FAIR)  # character in a query is an error on PostgreSQL)
    if not fair_code and not CODE_PATTERN.fullmatch(site_code):
        return SourceLookup(Source.direct(), UNKNOWN_SITE)
    return _lookup(engine, fair_code, site_code, today or local_today())


@read_only
def _lookup(session: Session, fair_code: str, site_code: str, today: date) -> SourceLookup:
    if fair_code:
        fair = session.exec(select(Fair).where(Fair.code == fair_code)).first()
        if fair is None:
            return SourceLookup(Source.direct(), UNKNOWN_FAIR)
        if has_ended(fair, today):
            return SourceLookup(Source.direct(), N_("This job fair has ended."))
        return SourceLookup(Source(SourceKind.FAIR, fair_id=fair.id, name=fair.name,
                                   township=fair.township, code=fair.code))
    site = session.exec(select(Site).where(Site.code == site_code)).first()
    if site is None:
        return SourceLookup(Source.direct(), UNKNOWN_SITE)
    if not site.active:
        return SourceLookup(Source.direct(), N_("This registration point is closed."))
    return SourceLookup(Source(SourceKind.SITE, site_id=site.id, name=site.name,
                               township=site.township, code=site.code))


def registration_url(base_url: str, *, fair_code: str | None = None, site_code: str | None = None) -> str:
    params = {"fair": fair_code} if fair_code else {"site": site_code} if site_code else {}
    url = base_url.rstrip("/") + "/register"
    return f"{url}?{urlencode(params)}" if params else url


__all__ = [
    "CODE_ALPHABET", "CODE_INVALID", "CODE_PATTERN", "CODE_TAKEN", "DATES_REVERSED", "FAIR_STATUSES",
    "KIND_INVALID", "KNOWN_CAMPAIGNS", "MAX_LENGTHS", "NAME_MISSING", "NOT_FOUND", "SITE_KINDS", "STATUS_INVALID",
    "TOO_LONG", "TOWNSHIP_MISSING", "TOWNSHIP_UNKNOWN", "Source", "SourceLookup", "all_fairs", "all_sites",
    "create_fair", "create_site", "fair_status", "get_fair", "get_site", "list_fairs", "list_sites", "new_code",
    "normalize_code", "registration_url", "resolve_source", "set_fair_status", "set_site_active",
    "sites_for_fair", "update_fair", "update_site",
]
