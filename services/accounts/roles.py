"""Giving a staff account another role (a desk worker becomes township staff, an organizer hands over).

The role decides what an account may see and do, so a change ends all its sessions at once (the
person signs in again with the new menu). What ties an account to a company, a site, a township or a
city follows the role (`check_ties`, shared with creating an account). The last active organizer keeps
the role; an organizer who gives their own account another role confirms it first (`OwnRole`), as
with disabling it (`services.accounts.staff.OwnAccount`).
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from models import AuditEvent, Employer, Role, Site, StaffUser
from models.base import utcnow
from services.accounts.sessions import revoke_sessions
from services.accounts.signin import find_user, normalize_username
from services.core.db import transactional
from services.core.errors import FieldErrors, PortalError
from services.core.i18n import N_


class LastOrganizerRole(PortalError):
    message = N_("This is the last active organizer account; it keeps the organizer role.")


class OwnRole(PortalError):
    """An organizer asked to give their own account another role without confirming it."""

    message = N_("This is your own account. With another role you are signed out at once and lose the "
                 "organizer's pages; only another organizer can give the role back.")


class SameRole(FieldErrors):
    def __init__(self) -> None:
        super().__init__({"role": N_("The account has this role and place already.")})


def check_ties(session: Session, role: str, *, employer_id: int | None, site_id: int | None) -> None:
    """A recruiter belongs to an existing company; desk staff may work for one existing site; no other
    role has either (FieldErrors on `employer_id` / `site_id`)."""
    if Role(role) == Role.RECRUITER:
        if employer_id is None or session.get(Employer, employer_id) is None:
            raise FieldErrors.one("employer_id", N_("A recruiter account belongs to a company: please choose one."))
    elif employer_id is not None:
        raise FieldErrors.one("employer_id", N_("An organizer account belongs to no company."))
    if site_id is not None and (Role(role) != Role.DESK or session.get(Site, site_id) is None):
        raise FieldErrors.one("site_id", N_("Only a registration desk account works for a site."))


def check_place(role: str, *, township: str | None, city: str | None) -> tuple[str | None, str | None]:
    """(township, city) of a new account: township staff work for one of the county's townships, a
    labor-export workstation for one destination city (typed as vacancies spell it); other roles for none."""
    township, city = (township or "").strip() or None, (city or "").strip() or None
    if Role(role) == Role.TOWNSHIP:
        from services.core.settings import get_settings
        from services.places.county import load_county

        if township is None or load_county(get_settings().county_file).township(township) is None:
            raise FieldErrors.one("township", N_("A township account works for a township: please choose one."))
    elif township is not None:
        raise FieldErrors.one("township", N_("Only a township account works for a township."))
    if Role(role) == Role.WORKSTATION:
        if city is None:
            raise FieldErrors.one("city", N_("A workstation account works in a city: please type it."))
        from services.places.geography import canonical_city

        city = canonical_city(city)  # 东莞 → 东莞市, as vacancies and hires spell it
    elif city is not None:
        raise FieldErrors.one("city", N_("Only a workstation account works in a city."))
    return township, city


def active_organizers(session: Session) -> int:
    return session.exec(select(func.count()).select_from(StaffUser).where(
        StaffUser.role == Role.ORGANIZER, StaffUser.active)).one()


@transactional
def change_role(session: Session, *, username: str, role: str, actor: str, employer_id: int | None = None,
                site_id: int | None = None, township: str | None = None, city: str | None = None,
                own_confirmed: bool = False) -> StaffUser:
    """Give `username` the role `role` with what ties it (company, site, township, city), end its sessions
    and record who did it, with the role before and after."""
    user = find_user(session, username)
    township, city = check_place(role, township=township, city=city)
    check_ties(session, role, employer_id=employer_id, site_id=site_id)
    before = (user.role, user.employer_id, user.site_id, user.township, user.city)
    if before == (Role(role).value, employer_id, site_id, township, city):
        raise SameRole()
    if user.role == Role.ORGANIZER and Role(role) != Role.ORGANIZER:
        if user.active and active_organizers(session) <= 1:
            raise LastOrganizerRole()
        if user.username == normalize_username(actor) and not own_confirmed:
            raise OwnRole()
    user.role, user.employer_id, user.site_id, user.township, user.city = (
        Role(role).value, employer_id, site_id, township, city)
    user.updated_at = utcnow()
    assert user.id is not None  # a saved row
    revoke_sessions(session, user.id)
    detail: dict[str, object] = {"username": user.username, "from_role": before[0], "role": user.role}
    for key, value in (("employer_id", employer_id), ("site_id", site_id), ("township", township),
                       ("city", city)):
        if value is not None:
            detail[key] = value
    session.add(AuditEvent(actor=actor, action="account_role_changed", detail=detail))
    session.flush()
    return user
