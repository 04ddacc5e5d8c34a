"""Fairs and sites: where a registration comes from, and their public registration links."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from models import Fair, FairStatus, Site, SiteKind, SourceKind
from services.core.clock import local_today
from services.core.db import unit_of_work
from services.core.i18n import N_
from services.core.validation import FieldError
from services.places.county import County

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


# --- creating and editing fairs and sites -----------------------------------------------------

FAIR_STATUSES = {FairStatus.PLANNED: N_("Planned"), FairStatus.OPEN: N_("Open for registration"),
                 FairStatus.CLOSED: N_("Closed")}
SITE_KINDS = {SiteKind.RELOCATION: N_("Relocation site"), SiteKind.VILLAGE_POINT: N_("Village point")}
# The county's named campaigns (stored as typed, in Chinese); any other name may be typed too.
KNOWN_CAMPAIGNS = {
    "春风行动": N_("Spring Breeze Action"),
    "送岗位下乡": N_("Sending Jobs to the Countryside"),
    "民营企业招聘周": N_("Private Enterprise Recruitment Week"),
    "就业援助月": N_("Employment Assistance Month"),
    "金秋招聘月": N_("Golden Autumn Recruitment Month"),
}
MAX_LENGTHS = {"name": 120, "venue": 200, "township": 40, "campaign": 80}

NAME_MISSING = N_("Please enter the name of the fair or site.")
TOO_LONG = N_("This text is too long.")
CODE_INVALID = N_("A code has 2 to 16 letters, digits or dashes, and starts with a letter or digit.")
CODE_TAKEN = N_("This code is already used by another fair or site. Please choose another one.")
DATES_REVERSED = N_("The last day is before the first day.")
TOWNSHIP_UNKNOWN = N_("This township is not in the county.")
TOWNSHIP_MISSING = N_("Please choose a township.")
STATUS_INVALID = N_("Please choose a status.")
KIND_INVALID = N_("Please choose the kind of registration point.")
NOT_FOUND = N_("This fair or site no longer exists. Please reload the page.")


class SourceInvalid(FieldError):
    """One or more fields of a fair or site were refused; `errors` maps field name to a message id."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(next(iter(errors.values())))
        self.errors = errors


def _code_taken(session: Session, code: str) -> bool:
    return (session.exec(select(Fair.id).where(Fair.code == code)).first() is not None
            or session.exec(select(Site.id).where(Site.code == code)).first() is not None)


def _check_text(errors: dict[str, str], fields: dict[str, str]) -> dict[str, str]:
    cleaned = {k: (v or "").strip() for k, v in fields.items()}
    for key, value in cleaned.items():
        if len(value) > MAX_LENGTHS[key]:
            errors[key] = TOO_LONG
    if "name" in cleaned and not cleaned["name"]:
        errors["name"] = NAME_MISSING
    return cleaned


def _check_township(errors: dict[str, str], township: str, county: County | None, *, required: bool) -> None:
    if county is None:
        return
    if not township:
        if required:
            errors["township"] = TOWNSHIP_MISSING
    elif county.township(township) is None:
        errors["township"] = TOWNSHIP_UNKNOWN


def _check_code(errors: dict[str, str], code: str | None) -> str:
    code = normalize_code(code)
    if code and not CODE_PATTERN.fullmatch(code):
        errors["code"] = CODE_INVALID
    return code


def _fair_fields(
    errors: dict[str, str], *, name: str, venue: str, township: str, campaign: str, starts_on: date | None,
    ends_on: date | None, status: str, county: County | None,
) -> dict:
    text = _check_text(errors, {"name": name, "venue": venue, "township": township, "campaign": campaign})
    _check_township(errors, text["township"], county, required=False)
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = DATES_REVERSED
    if status not in set(FairStatus):
        errors["status"] = STATUS_INVALID
    return {**text, "starts_on": starts_on, "ends_on": ends_on, "status": str(status)}


def _site_fields(
    errors: dict[str, str], *, name: str, kind: str, township: str, county: County | None,
) -> dict:
    text = _check_text(errors, {"name": name, "township": township})
    _check_township(errors, text["township"], county, required=True)
    if kind not in set(SiteKind):
        errors["kind"] = KIND_INVALID
    return {**text, "kind": str(kind)}


def _insert(engine: Engine, row: Fair | Site, code: str | None, prefix: str) -> None:
    """Add the row under `code`, or under a fresh generated code; a code in use is refused."""
    with unit_of_work(engine) as session:
        if code:
            if _code_taken(session, code):
                raise SourceInvalid({"code": CODE_TAKEN})
            row.code = code
        else:
            row.code = new_code(prefix)
            while _code_taken(session, row.code):
                row.code = new_code(prefix)
        session.add(row)
        try:
            session.flush()
        except IntegrityError:  # the same code saved at the same moment by someone else
            raise SourceInvalid({"code": CODE_TAKEN}) from None
        session.refresh(row)


def create_fair(
    engine: Engine, *, name: str, code: str | None = None, venue: str = "", township: str = "",
    campaign: str = "", starts_on: date | None = None, ends_on: date | None = None,
    status: str = FairStatus.OPEN, county: County | None = None,
) -> Fair:
    """A new fair under `code` (or a generated one). Raises SourceInvalid with every problem found.

    With `county`, the township must be one of the county's (or empty for a county-wide fair).
    """
    errors: dict[str, str] = {}
    code = _check_code(errors, code)
    fields = _fair_fields(errors, name=name, venue=venue, township=township, campaign=campaign,
                          starts_on=starts_on, ends_on=ends_on, status=status, county=county)
    if errors:
        raise SourceInvalid(errors)
    fair = Fair(code=code or "-", **fields)
    _insert(engine, fair, code, "F")
    return fair


def update_fair(
    engine: Engine, fair_id: int, *, name: str, venue: str = "", township: str = "", campaign: str = "",
    starts_on: date | None = None, ends_on: date | None = None, status: str = FairStatus.OPEN,
    county: County | None = None,
) -> Fair:
    """Change a fair's details. Its code stays: printed posters keep working."""
    errors: dict[str, str] = {}
    fields = _fair_fields(errors, name=name, venue=venue, township=township, campaign=campaign,
                          starts_on=starts_on, ends_on=ends_on, status=status, county=county)
    if errors:
        raise SourceInvalid(errors)
    with unit_of_work(engine) as session:
        fair = session.get(Fair, fair_id)
        if fair is None:
            raise SourceInvalid({"name": NOT_FOUND})
        for key, value in fields.items():
            setattr(fair, key, value)
        session.flush()
        session.refresh(fair)
    return fair


def set_fair_status(engine: Engine, fair_id: int, status: str) -> Fair:
    if status not in set(FairStatus):
        raise SourceInvalid({"status": STATUS_INVALID})
    with unit_of_work(engine) as session:
        fair = session.get(Fair, fair_id)
        if fair is None:
            raise SourceInvalid({"status": NOT_FOUND})
        fair.status = str(status)
        session.flush()
        session.refresh(fair)
    return fair


def create_site(
    engine: Engine, *, name: str, code: str | None = None, kind: str = SiteKind.RELOCATION,
    township: str = "", county: County | None = None, active: bool = True,
) -> Site:
    """A new registration point. With `county`, its township is required and must be the county's."""
    errors: dict[str, str] = {}
    code = _check_code(errors, code)
    fields = _site_fields(errors, name=name, kind=kind, township=township, county=county)
    if errors:
        raise SourceInvalid(errors)
    site = Site(code=code or "-", active=bool(active), **fields)
    _insert(engine, site, code, "S")
    return site


def update_site(
    engine: Engine, site_id: int, *, name: str, kind: str = SiteKind.RELOCATION, township: str = "",
    active: bool = True, county: County | None = None,
) -> Site:
    """Change a site's details; its code stays. An inactive site's QR link is refused politely."""
    errors: dict[str, str] = {}
    fields = _site_fields(errors, name=name, kind=kind, township=township, county=county)
    if errors:
        raise SourceInvalid(errors)
    with unit_of_work(engine) as session:
        site = session.get(Site, site_id)
        if site is None:
            raise SourceInvalid({"name": NOT_FOUND})
        for key, value in {**fields, "active": bool(active)}.items():
            setattr(site, key, value)
        session.flush()
        session.refresh(site)
    return site


def set_site_active(engine: Engine, site_id: int, active: bool) -> Site:
    with unit_of_work(engine) as session:
        site = session.get(Site, site_id)
        if site is None:
            raise SourceInvalid({"active": NOT_FOUND})
        site.active = bool(active)
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


def get_fair(engine: Engine, fair_id: int) -> Fair | None:
    with unit_of_work(engine, write=False) as session:
        return session.get(Fair, fair_id)


def get_site(engine: Engine, site_id: int) -> Site | None:
    with unit_of_work(engine, write=False) as session:
        return session.get(Site, site_id)


def all_fairs(engine: Engine) -> list[Fair]:
    """Every fair, the latest first (by first day, then newest created)."""
    with unit_of_work(engine, write=False) as session:
        fairs = list_fairs(session)
    return sorted(fairs, key=lambda f: (f.starts_on or date.max, f.id), reverse=True)


def all_sites(engine: Engine) -> list[Site]:
    with unit_of_work(engine, write=False) as session:
        return list_sites(session)


def sites_for_fair(engine: Engine, fair: Fair) -> list[Site]:
    """The active sites whose posters go with a fair's: those in its township (all for a county-wide fair)."""
    with unit_of_work(engine, write=False) as session:
        query = select(Site).where(Site.active.is_(True)).order_by(Site.id)
        if fair.township:
            query = query.where(Site.township == fair.township)
        return list(session.exec(query))
