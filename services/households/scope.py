"""Whose households a staff member sees: an organizer every township, township staff their own only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from models import Role, StaffUser
from services.core.db import read_only
from services.core.errors import PortalError
from services.core.i18n import N_

NO_TOWNSHIP = N_("Your account is not tied to a township. Ask an organizer to set it on the staff accounts page.")


@dataclass(frozen=True)
class Cadre:
    user_id: int
    name: str


@read_only
def township_of(session: Session, user_id: int) -> str | None:
    """None for an organizer (every township); the township of a township staff member (PortalError if unset)."""
    user = session.get(StaffUser, user_id)
    if user is None or user.role != Role.TOWNSHIP:
        return None
    if not user.township:
        raise PortalError(NO_TOWNSHIP)
    return user.township


@read_only
def cadres(session: Session, township: str | None) -> list[Cadre]:
    """Active accounts that can be a household's responsible cadre: organizers and the township's staff."""
    stmt = select(StaffUser).where(col(StaffUser.active).is_(True),
                                   col(StaffUser.role).in_([Role.ORGANIZER, Role.TOWNSHIP]))
    users = [u for u in session.exec(stmt.order_by(col(StaffUser.display_name)))
             if township is None or u.role == Role.ORGANIZER or u.township == township]
    return [Cadre(u.id, u.display_name) for u in users if u.id is not None]
