"""Words for staff: a visit's outcome, its state on the lists, an issue's kind (message ids; pages translate)."""

from __future__ import annotations

from collections.abc import Callable

from models import IssueKind, Outcome
from services.core.i18n import N_
from services.followups.due import DueState

OUTCOME_LABELS: dict[str, str] = {
    Outcome.WORKING: N_("Still working"),
    Outcome.CHANGED_JOB: N_("Changed job"),
    Outcome.RETURNED: N_("Returned home"),
    Outcome.DISPUTE: N_("Unpaid wages or dispute"),
    Outcome.UNREACHABLE: N_("Could not be reached"),
}
STATE_LABELS: dict[str, str] = {
    DueState.UPCOMING: N_("Not yet due"),
    DueState.DUE: N_("Due now"),
    DueState.OVERDUE: N_("Overdue"),
    DueState.DONE: N_("Visited"),
    DueState.CANCELLED: N_("Cancelled"),
}
ISSUE_LABELS: dict[str, str] = {
    IssueKind.UNPAID: N_("Wages not paid"),
    IssueKind.DISPUTE: N_("Dispute"),
    IssueKind.UNSAFE: N_("Not safe"),
}


def months_label(_: Callable[[str], str], k: int) -> str:
    """"1 month", "3 months" in the translator's language (pages' and the report's `_` alike)."""
    return _("1 month") if k == 1 else _("{k} months").format(k=k)
