"""The profile answers that come after the ticket, one group at a time, and what is still missing.

A person gets the ticket with name, ID number, mobile and village (forms.validate_identity);
then "tell us more and we find you better jobs": each group below is answered (or skipped) with
one press, and `seeker.profile_answered` names the groups answered. The one rule for "profile
incomplete" is `missing_groups` (SQL: `profile_complete_sql`): the booth card, the organizers'
lists and the ticket page all use it.

An empty answer is an answer where it means something: no trades (no particular skill), an
open wage (any wage is fine). A group not answered leaves its columns NULL; matching treats
them as its rules say (services/recruiting/match_rules.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, delete, insert, select, update
from sqlmodel import Session

from models import Seeker, SeekerTrade
from models.base import utcnow
from services.core.db import read_only, transactional
from services.core.errors import Checker, FieldError, FieldErrors, NotFound
from services.core.i18n import N_
from services.core.reference import EDUCATION_LEVELS, INTENTIONS, LEAVE_CONSTRAINTS, POOR_HOUSEHOLD, YES_NO
from services.core.validation import choice, parse_wage
from services.registration.forms import GROUP_FIELDS, PROFILE_GROUPS, check_trades, join_groups, split_groups
from services.summaries.profiles import move

__all__ = [
    "GROUP_FIELDS", "GROUP_LABELS", "PROFILE_GROUPS", "SeekerProfile", "get_profile", "missing_groups",
    "profile_complete_sql", "save_profile_group",
]

GROUP_LABELS: dict[str, str] = {
    "trades": N_("Trades and skills"),
    "place": N_("Where to work"),
    "education": N_("Education"),
    "wage": N_("Expected monthly wage"),
    "training": N_("Skills training"),
    "poor_household": N_("Registered poor household"),
}
COMPLETE = join_groups(frozenset(PROFILE_GROUPS))


def missing_groups(profile_answered: str | None) -> list[str]:
    """The profile groups not answered yet, in the order the ticket page asks them."""
    return _missing(split_groups(profile_answered))


def _missing(answered: frozenset[str]) -> list[str]:
    return [g for g in PROFILE_GROUPS if g not in answered]


def profile_complete_sql(column: Any = None) -> ColumnElement[bool]:
    """SQL: every group answered (the stored text is sorted, so one comparison)."""
    return (Seeker.__table__.c.profile_answered if column is None else column) == COMPLETE


@dataclass(frozen=True)
class SeekerProfile:
    """The answers given so far (None: not answered) and the groups still missing."""

    ticket_code: str
    trades: tuple[str, ...]
    intention: str | None
    leave_constraint: str | None
    education: str | None
    expected_wage: int | None
    willing_to_train: bool | None
    poor_household: str | None
    answered: frozenset[str]

    @property
    def missing(self) -> list[str]:
        return _missing(self.answered)

    @property
    def complete(self) -> bool:
        return not self.missing


def _seeker(session: Session, ticket_code: str) -> Seeker:
    seeker = session.execute(select(Seeker).where(Seeker.__table__.c.ticket_code == ticket_code)).scalar_one_or_none()
    if seeker is None:
        raise NotFound(N_("No ticket with this code was found."))
    return seeker


@read_only
def get_profile(session: Session, *, ticket_code: str) -> SeekerProfile:
    seeker = _seeker(session, ticket_code)
    trades = session.execute(select(SeekerTrade.__table__.c.trade).where(
        SeekerTrade.__table__.c.seeker_id == seeker.id).order_by(SeekerTrade.__table__.c.trade)).scalars().all()
    return SeekerProfile(
        ticket_code=seeker.ticket_code, trades=tuple(trades), intention=seeker.intention,
        leave_constraint=seeker.leave_constraint, education=seeker.education, expected_wage=seeker.expected_wage,
        willing_to_train=seeker.willing_to_train, poor_household=seeker.poor_household,
        answered=split_groups(seeker.profile_answered),
    )


def _place(answers: Mapping[str, Any], fields: Checker) -> dict[str, Any]:
    leave = answers.get("leave_constraint") or "none"
    intention = answers.get("intention")
    if leave != "none" and not intention:
        intention = "nearby"  # cannot leave home: work nearby
    leave = fields.check("leave_constraint", choice, leave, LEAVE_CONSTRAINTS, N_("Please answer this question."))
    intention = fields.check("intention", choice, intention, INTENTIONS, N_("Please choose where you want to work."))
    if leave not in (None, "none") and intention == "go_out":
        fields.add("intention", N_("You said you cannot leave home: choose work nearby, or say you can leave home."))
    return {"intention": intention, "leave_constraint": leave}


def _values(group: str, answers: Mapping[str, Any], fields: Checker) -> dict[str, Any]:
    """The group's columns from its answers; problems go to `fields`."""
    answer = N_("Please answer this question.")
    if group == "trades":
        return {"trades": fields.check("trades", check_trades, answers.get("trades") or ())}
    if group == "place":
        return _place(answers, fields)
    if group == "education":
        return {"education": fields.check("education", choice, answers.get("education"), EDUCATION_LEVELS,
                                          N_("Please choose your education."))}
    if group == "wage":
        return {"expected_wage": fields.check("expected_wage", parse_wage, answers.get("expected_wage"))}
    if group == "training":
        willing = fields.check("willing_to_train", choice, answers.get("willing_to_train"), YES_NO, answer)
        return {"willing_to_train": None if willing is None else willing == "yes"}
    if group == "poor_household":
        return {"poor_household": fields.check("poor_household", choice, answers.get("poor_household"),
                                               POOR_HOUSEHOLD, answer)}
    raise FieldError(N_("Please choose one of the options."))


@transactional
def save_profile_group(session: Session, *, ticket_code: str, group: str, answers: Mapping[str, Any]
                       ) -> SeekerProfile:
    """Validate one group's answers and save them (FieldErrors keyed by field: nothing saved)."""
    if group not in GROUP_FIELDS:
        raise FieldErrors.one(group, N_("Please choose one of the options."))
    fields = Checker()
    values = _values(group, answers, fields)
    fields.raise_if_any()
    seeker = _seeker(session, ticket_code)
    conn = session.connection()
    table = Seeker.__table__
    answered = join_groups(split_groups(seeker.profile_answered) | {group})
    columns = {k: v for k, v in values.items() if k != "trades"}
    conn.execute(update(table).where(table.c.id == seeker.id).values(
        **columns, profile_answered=answered, updated_at=utcnow()))
    if group == "trades":
        trades = SeekerTrade.__table__
        conn.execute(delete(trades).where(trades.c.seeker_id == seeker.id))
        if values["trades"]:
            conn.execute(insert(trades), [{"seeker_id": seeker.id, "trade": t} for t in values["trades"]])
    assert seeker.id is not None
    move(conn, [seeker.id])  # the people panel's summaries (services/summaries/profiles.py)
    session.expire(seeker)
    return get_profile(session, ticket_code=ticket_code)
