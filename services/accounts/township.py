"""Which townships a staff member works on: the one scope the village-list import and the repair queue
(and any other per-township work) apply to every call.

Organizers work on every township (`township` None; their pages offer a township chooser that narrows
it); township staff (`Role.TOWNSHIP`) on theirs only (`staff_user.township`, the name as in
config/county.toml). Another role, or a township account without its township, has no scope here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from models import Role, StaffUser
from services.core.db import read_only
from services.core.errors import PortalError
from services.core.i18n import N_

NO_TOWNSHIP_WORK = N_("This account does not work on townships' lists.")
OTHER_TOWNSHIP = N_("This belongs to another township: you work on {township} only.")


@dataclass(frozen=True)
class TownshipScope:
    township: str | None  # None: every township (organizers)

    @property
    def everywhere(self) -> bool:
        return self.township is None

    def allows(self, township: str | None) -> bool:
        return self.township is None or township == self.township

    def narrow(self, chosen: str | None) -> str | None:
        """The township to show: an organizer's choice (None: all), township staff always their own."""
        return chosen or None if self.township is None else self.township

    def check(self, township: str | None) -> None:
        """Refuse (PortalError) what lies in another township."""
        if not self.allows(township):
            raise PortalError(OTHER_TOWNSHIP, township=self.township)


EVERYWHERE = TownshipScope(None)


@read_only
def township_scope(session: Session, user_id: int) -> TownshipScope:
    """The townships this staff member works on (PortalError for a role without township work)."""
    user = session.get(StaffUser, user_id)
    if user is None or not user.active:
        raise PortalError(NO_TOWNSHIP_WORK)
    if user.role == Role.ORGANIZER:
        return EVERYWHERE
    if user.role == Role.TOWNSHIP and user.township:
        return TownshipScope(user.township)
    raise PortalError(NO_TOWNSHIP_WORK)
