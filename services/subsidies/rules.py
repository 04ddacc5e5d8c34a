"""The rules' versions, and changing a rule: a new version, never an overwrite, audited.

`change_rule` checks the new parameters (services/subsidies/kinds.py) and the new version's first
day (after the current version's), closes the current version the day before (`valid_to`) and adds
the new one with who and when; an `audit_event` ("subsidy_rule_changed") keeps both parameter sets.
Two organizers changing one rule at once: the second is refused with `StateChanged` (the form says
which version it was changing), never a silent overwrite.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from models import AuditEvent, StaffUser, SubsidyRule
from models.base import utcnow
from services.core.db import read_only, transactional
from services.core.errors import Checker, FieldErrors, NotFound, StateChanged
from services.core.i18n import N_
from services.subsidies.kinds import parse_params

DESCRIPTION_MAX = 1000
LAST_DAY = date(2100, 12, 31)


@dataclass(frozen=True)
class RuleVersion:
    id: int
    code: str
    kind: str
    version: int
    valid_from: date
    valid_to: date | None
    params: dict[str, Any]
    description: str
    changed_by: str  # the username; "" for the defaults
    changed_at: datetime

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@read_only
def rule_versions(session: Session, code: str | None = None) -> list[RuleVersion]:
    """Every version (of one rule, or of all), by code, then newest version first."""
    r, u = SubsidyRule.__table__.c, StaffUser.__table__.c
    stmt = (select(SubsidyRule, u.username).outerjoin(StaffUser.__table__, u.id == r.changed_by)
            .order_by(r.code, r.version.desc()))
    if code is not None:
        stmt = stmt.where(r.code == code)
    return [RuleVersion(row.id or 0, row.code, row.kind, row.version, row.valid_from, row.valid_to, dict(row.params),
                        row.description, username or "", row.changed_at)
            for row, username in session.execute(stmt)]


def current_versions(versions: list[RuleVersion]) -> dict[str, RuleVersion]:
    """Each rule's newest version (the one a change follows), by code."""
    out: dict[str, RuleVersion] = {}
    for v in versions:
        if v.code not in out or v.version > out[v.code].version:
            out[v.code] = v
    return out


def valid_on(versions: list[RuleVersion], day: date) -> dict[str, RuleVersion]:
    """The version of each rule valid on `day`, by code (a rule with none valid then is left out)."""
    return {v.code: v for v in versions if v.valid_on(day)}


@dataclass(frozen=True)
class RuleChange:
    """A change as the form gives it: the parameters as typed (bands: a list of rows), from when."""

    code: str
    base_version: int  # the version the organizer saw (and changes)
    params: Mapping[str, object]
    valid_from: date | None
    description: str


def validate_change(change: RuleChange, current: RuleVersion) -> tuple[dict[str, Any], date, str]:
    """(parameters, first day, description) or FieldErrors beside each field (valid_from, description,
    a parameter's name, band_<i>_<field>)."""
    check = Checker()
    params = parse_params(current.kind, change.params, check)
    if change.valid_from is None:
        check.add("valid_from", N_("Enter the first day of the new version."))
    elif change.valid_from <= current.valid_from:
        check.add("valid_from", (N_("The new version must start after the current one, which starts on {day}."),
                                 {"day": current.valid_from.isoformat()}))
    elif change.valid_from > LAST_DAY:
        check.add("valid_from", N_("Enter a date before 2101."))
    description = " ".join((change.description or "").split())
    if len(description) > DESCRIPTION_MAX:
        check.add("description", N_("The description can have at most 1,000 characters."))
    check.raise_if_any()
    if params == current.params and description == current.description:
        raise FieldErrors.one("params", N_("Nothing changed: change a figure or the description."))
    assert change.valid_from is not None
    return params, change.valid_from, description


@transactional
def change_rule(session: Session, change: RuleChange, *, user_id: int | None, actor: str,
                now: datetime | None = None) -> RuleVersion:
    """Add the new version of `change.code`; the current one ends the day before it starts."""
    stmt = select(SubsidyRule).where(col(SubsidyRule.code) == change.code).order_by(col(SubsidyRule.version).desc())
    current = session.scalars(stmt.limit(1).with_for_update()).first()
    if current is None:
        raise NotFound(N_("This subsidy rule does not exist."))
    if current.version != change.base_version:
        raise StateChanged(N_("Someone changed this rule meanwhile (now version {version}): look at it and try "
                              "again."), version=current.version)
    seen = rule_versions(session, change.code)[0]
    params, valid_from, description = validate_change(change, seen)
    now = now or utcnow()
    current.valid_to = valid_from - timedelta(days=1)
    new = SubsidyRule(code=current.code, kind=current.kind, version=current.version + 1, valid_from=valid_from,
                      valid_to=None, params=params, description=description, changed_by=user_id, changed_at=now)
    session.add(new)
    session.add(AuditEvent(at=now, actor=actor[:40], action="subsidy_rule_changed", detail={
        "code": current.code, "old_version": current.version, "new_version": new.version,
        "valid_from": valid_from.isoformat(), "old_params": current.params, "new_params": params,
        "description": description}))
    session.flush()
    return rule_versions(session, change.code)[0]
