"""Registration points (relocation sites, village points): creating, editing and listing them."""

from __future__ import annotations

from typing import TypedDict

from sqlmodel import Session, col, select

from models import Fair, Site, SiteKind
from services.core.db import read_only, transactional
from services.core.errors import FieldErrors
from services.core.i18n import N_
from services.places.county import County
from services.places.forms import (
    KIND_INVALID,
    NOT_FOUND,
    check_code,
    check_text,
    check_township,
    insert_with_code,
    raise_if_any,
)

SITE_KINDS: dict[str, str] = {SiteKind.RELOCATION: N_("Relocation site"), SiteKind.VILLAGE_POINT: N_("Village point")}


class SiteFields(TypedDict):
    """A site's fields as the form checked them."""

    name: str
    township: str
    kind: str


def _site_fields(
    errors: dict[str, str], *, name: str, kind: str, township: str, county: County | None,
) -> SiteFields:
    text = check_text(errors, {"name": name, "township": township})
    check_township(errors, text["township"], county, required=True)
    if kind not in set(SiteKind):
        errors["kind"] = KIND_INVALID
    return SiteFields(name=text["name"], township=text["township"], kind=str(kind))


@transactional
def create_site(
    session: Session, *, name: str, code: str | None = None, kind: str = SiteKind.RELOCATION,
    township: str = "", county: County | None = None, active: bool = True,
) -> Site:
    """A new registration point. With `county`, its township is required and must be the county's."""
    errors: dict[str, str] = {}
    code = check_code(errors, code)
    fields = _site_fields(errors, name=name, kind=kind, township=township, county=county)
    raise_if_any(errors)
    site = Site(code=code or "-", active=bool(active), **fields)
    insert_with_code(session, site, code, "S")
    return site


@transactional
def update_site(
    session: Session, site_id: int, *, name: str, kind: str = SiteKind.RELOCATION, township: str = "",
    active: bool = True, county: County | None = None,
) -> Site:
    """Change a site's details; its code stays. An inactive site's QR link is refused politely."""
    errors: dict[str, str] = {}
    fields = _site_fields(errors, name=name, kind=kind, township=township, county=county)
    raise_if_any(errors)
    site = session.get(Site, site_id, with_for_update=True)  # (check-ins in flight at it finish first)
    if site is None:
        raise FieldErrors({"name": NOT_FOUND})
    was = site.township
    for key, value in {**fields, "active": bool(active)}.items():
        setattr(site, key, value)
    session.flush()
    if site.township != was:  # its people in both townships' counters (services/summaries/town_profiles.py)
        from services.summaries.town_profiles import move_place

        move_place(session.connection(), was=was, now_in=site.township, site_id=site.id)
    session.refresh(site)
    return site


@transactional
def set_site_active(session: Session, site_id: int, active: bool) -> Site:
    site = session.get(Site, site_id)
    if site is None:
        raise FieldErrors({"active": NOT_FOUND})
    site.active = bool(active)
    session.flush()
    session.refresh(site)
    return site


def list_sites(session: Session) -> list[Site]:
    return list(session.exec(select(Site).order_by(col(Site.id))))


@read_only
def get_site(session: Session, site_id: int) -> Site | None:
    return session.get(Site, site_id)


all_sites = read_only(list_sites)


@read_only
def sites_for_fair(session: Session, fair: Fair) -> list[Site]:
    """The active sites whose posters go with a fair's: those in its township (all for a county-wide fair)."""
    query = select(Site).where(col(Site.active).is_(True)).order_by(col(Site.id))
    if fair.township:
        query = query.where(Site.township == fair.township)
    return list(session.exec(query))
