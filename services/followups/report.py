"""What a visit found (`VisitReport`) and its rules (`validate_report`): every problem beside its field.

- outcome: one of `Outcome`;
- visited_on: given, not after today (the county's date), not before the hire's start;
- monthly_wage: asked for "still working" and "changed job", but may be unknown (None); when given,
  500–50,000 yuan (the hire's range). Kept for a dispute (still working there); dropped for "returned" and
  "unreachable";
- new_employer: needed for "changed job" (the new employer's name);
- note: the dispute's short description, needed for "dispute"; otherwise any remark;
- "paid?" / "safe?": True, False or None (not asked); nobody was asked when unreachable;
- unpaid_amount (yuan, >= 0) and unpaid_since (not in the future): only when the wage was not paid.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from models import Outcome
from services.core.errors import Checker
from services.core.i18n import N_

WAGE_MIN, WAGE_MAX = 500, 50_000  # as a hire's wage (services.recruiting.hires)
AMOUNT_MAX = 10_000_000
NOTE_MAX, EMPLOYER_MAX = 500, 120
WAGE_OUTCOMES = (Outcome.WORKING, Outcome.CHANGED_JOB, Outcome.DISPUTE)


@dataclass(frozen=True)
class VisitReport:
    outcome: str
    visited_on: date
    monthly_wage: int | None = None
    new_employer: str = ""
    wage_paid: bool | None = None
    safe: bool | None = None
    unpaid_amount: int | None = None
    unpaid_since: date | None = None
    note: str = ""


def _clean(text: str | None, limit: int) -> str:
    return " ".join((text or "").split())[:limit]


def validate_report(report: VisitReport, *, today: date, start_date: date | None = None,
                    window_opens: date | None = None) -> VisitReport:
    """The report cleaned (spaces collapsed, answers that do not apply dropped); FieldErrors with a message
    beside each field otherwise. `start_date`: the hire's, when known (a visit cannot be before it);
    `window_opens`: a scheduled k-month visit's (a visit before its window does not say whether the worker was
    still there after k months: it is an extra visit, or it would count them as retained too early)."""
    check = Checker()
    outcome = report.outcome
    if outcome not in set(Outcome):
        check.add("outcome", N_("Choose what the visit found."))
    visited_on: date | None = report.visited_on  # a page may pass None: the day was not given
    if visited_on is None:
        check.add("visited_on", N_("Enter the day of the visit."))
    elif visited_on > today:
        check.add("visited_on", N_("The day of the visit cannot be in the future."))
    elif start_date is not None and visited_on < start_date:
        check.add("visited_on", (N_("The visit cannot be before the job started ({date})."),
                                 {"date": start_date.isoformat()}))
    elif window_opens is not None and visited_on < window_opens:
        check.add("visited_on", (N_("This visit can be recorded from {date}, when its window opens. A visit before "
                                    "then is an extra visit: record it with \"Record an extra visit for this "
                                    "worker\"."),
                                 {"date": window_opens.isoformat()}))
    wage = report.monthly_wage if outcome in WAGE_OUTCOMES else None
    if wage is not None and not WAGE_MIN <= wage <= WAGE_MAX:
        check.add("monthly_wage", N_("The monthly wage must be between 500 and 50,000 yuan."))
    new_employer = _clean(report.new_employer, EMPLOYER_MAX) if outcome == Outcome.CHANGED_JOB else ""
    if outcome == Outcome.CHANGED_JOB and not new_employer:
        check.add("new_employer", N_("Enter the name of the new employer."))
    note = _clean(report.note, NOTE_MAX)
    if outcome == Outcome.DISPUTE and not note:
        check.add("note", N_("Describe the dispute in a few words."))
    reached = outcome != Outcome.UNREACHABLE
    paid = report.wage_paid if reached else None
    amount, since = (report.unpaid_amount, report.unpaid_since) if paid is False else (None, None)
    if amount is not None and not 0 <= amount <= AMOUNT_MAX:
        check.add("unpaid_amount", N_("The amount owed must be a whole number of yuan, 0 or more."))
    if since is not None and since > today:
        check.add("unpaid_since", N_("The day the wages were first owed cannot be in the future."))
    check.raise_if_any()
    return replace(report, monthly_wage=wage, new_employer=new_employer, note=note, wage_paid=paid,
                   safe=report.safe if reached else None, unpaid_amount=amount, unpaid_since=since)
