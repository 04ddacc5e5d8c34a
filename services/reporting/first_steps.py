"""The organizer's first steps in an empty county, shown on the dashboard until people register.

Each step is done when the database shows it: a fair or a registration point exists; an employer
is approved; a village list was imported; a target is set for the year. Printing the QR posters
leaves no record (the fairs page draws them in the browser), so that step is never ticked: it is
offered once a fair or point exists. The county "has data" from its first registration (a check-in):
then the dashboard's figures speak for themselves and the steps are no longer shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Exists
from sqlmodel import Session, SQLModel

from models import CheckIn, Fair, ImportBatch, Site, Target
from models.employer import Employer, EmployerStatus
from services.core.db import read_only
from services.core.i18n import N_

PLACE, POSTERS, EMPLOYERS, VILLAGE_LIST, TARGETS = "place", "posters", "employers", "village_list", "targets"

# (step, what to do, the route that does it)
STEPS: tuple[tuple[str, str, str], ...] = (
    (PLACE, N_("Create a fair or a registration point"), "fairs"),
    (POSTERS, N_("Print its QR posters and put them up"), "fairs"),
    (EMPLOYERS, N_("Approve the employers who signed up"), "employers"),
    (VILLAGE_LIST, N_("Import a village's labor list"), "imports"),
    (TARGETS, N_("Set this year's targets"), "targets"),
)


@dataclass(frozen=True)
class Step:
    key: str
    label: str  # message id
    route: str
    done: bool | None  # None: the database cannot tell (the posters)


@dataclass(frozen=True)
class FirstSteps:
    steps: list[Step]
    has_data: bool  # someone has registered: the steps are no longer shown

    @property
    def show(self) -> bool:
        return not self.has_data


@read_only
def first_steps(session: Session, *, year: int) -> FirstSteps:
    """Which first steps are done, and whether anyone has registered yet (one statement)."""
    def any_of(table: type[SQLModel], *conds: ColumnElement[bool]) -> Exists:
        return exists(select(1).select_from(table.__table__).where(*conds))  # type: ignore[attr-defined]

    place, approved, imported, targets, registered = session.execute(select(
        any_of(Fair) | any_of(Site),
        any_of(Employer, Employer.__table__.c.status == EmployerStatus.APPROVED),
        any_of(ImportBatch),
        any_of(Target, Target.__table__.c.year == year),
        any_of(CheckIn),
    )).one()
    done: dict[str, bool | None] = {PLACE: bool(place), POSTERS: None, EMPLOYERS: bool(approved),
                                    VILLAGE_LIST: bool(imported), TARGETS: bool(targets)}
    return FirstSteps([Step(k, label, route, done[k]) for k, label, route in STEPS], has_data=bool(registered))
