"""The county's subsidy rules as first set (DOMAIN.md, "Employer subsidies"; and the training rules of issue 16),
valid from 2019-01-01.

`ensure_default_rules` adds each rule whose code has no version yet, as version 1; it never touches a
rule that exists (changed or not), so it is safe at every start and in the demo. The descriptions are
English message ids (translated where shown); a description an organizer types is shown as typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from models import RuleKind, SubsidyRule
from models.base import utcnow
from services.core.db import transactional
from services.core.i18n import N_

DEFAULT_FROM = date(2019, 1, 1)


@dataclass(frozen=True)
class DefaultRule:
    code: str
    kind: str
    params: dict[str, Any]
    description: str


DEFAULT_RULES: tuple[DefaultRule, ...] = (
    DefaultRule("hire_contract", RuleKind.PER_HIRE, {"amount": 400, "min_contract_months": 13}, N_(
        "400 yuan per hire with a contract of more than 12 months: contracts are whole months, so 13 months or "
        "more; exactly 12 months does not qualify. Not paid where the older-worker rule pays. A hire is judged "
        "by the version valid on its start date; cancelled hires never count.")),
    DefaultRule("hire_older", RuleKind.OLDER_WORKER,
                {"amount": 1000, "min_contract_months": 12, "man_min_age": 46, "woman_min_age": 36}, N_(
        "1,000 yuan instead of 400 for a man over 45 or a woman over 35 with a contract of at least 12 months "
        "(12 included). 'Over 45' is read as age in whole years (周岁) on the hire's start date: 46 or older; "
        "a man whose 45th birthday is the start date, or who is 45 years and some months, does not qualify; "
        "women likewise at 36. The age comes from the birth date in the ID number. A hire is judged by the "
        "version valid on its start date.")),
    DefaultRule("poor_hires", RuleKind.POOR_BAND, {"bands": [
        {"min": 2, "max": 10, "amount": 20000},
        {"min": 11, "max": 30, "amount": 30000},
        {"min": 31, "max": None, "amount": 50000},
    ]}, N_(
        "Once per employer and period: 20,000 yuan for 2–10, 30,000 for 11–30, 50,000 for 31 or more "
        "registered-poor local hires. The policy's '2–10 / 10–30 / more than 30' overlaps at 10 and 30: "
        "read as 10 → 20,000 and 30 → 30,000. Counted: different people of registered poor households "
        "(every registered seeker is from this county) hired by the employer with a start date in the "
        "period, cancelled hires left out. The band is the version valid on the period's last day.")),
    DefaultRule("retained_9m", RuleKind.RETAINED, {"amount": 1000, "months": 9}, N_(
        "1,000 yuan per worker retained 9 months, paid once per hire: in the period of the first follow-up "
        "visit on or after 9 months from the start date that finds the worker still working for this "
        "employer (a changed job does not count: the worker left). A hire is judged by the version valid on "
        "its start date; cancelled hires never count.")),
    # training subsidies (issue 16): DOMAIN.md gives no figures; these are a start the county changes on the page
    DefaultRule("train_person", RuleKind.TRAINED_PERSON,
                {"guiding": 200, "skills": 1200, "targeted": 1500, "entrepreneurship": 1000, "poor_only": 0}, N_(
        "Training subsidy that follows the person: per person who completed a course (a course not cancelled), "
        "by the course's kind. A completion is judged by the version valid on its completion date. Placeholder "
        "amounts: set the county's own as a new version.")),
    DefaultRule("train_certificate", RuleKind.CERTIFIED, {"amount": 2000, "min_level": 2, "poor_only": 0}, N_(
        "A higher amount, instead of the per-person one, for a completion with a certificate of intermediate "
        "level (四级) or higher. Judged by the version valid on the completion date. Placeholder amount.")),
    DefaultRule("train_provider", RuleKind.PROVIDER_HEAD, {"amount": 300}, N_(
        "Paid to the training provider per person who completed its course (a course not cancelled), judged "
        "by the version valid on the completion date. Placeholder amount.")),
)


@transactional
def ensure_default_rules(session: Session, *, now: datetime | None = None) -> int:
    """Add the default rules whose code has no version yet; returns how many were added."""
    have = set(session.scalars(select(col(SubsidyRule.code)).distinct()))
    missing = [r for r in DEFAULT_RULES if r.code not in have]
    if not missing:
        return 0
    # two first starts at once: the second one's rows are already there (the unique code + version)
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = insert(SubsidyRule.__table__).on_conflict_do_nothing(index_elements=["code", "version"])
    session.execute(stmt, [dict(code=r.code, kind=r.kind, version=1, valid_from=DEFAULT_FROM, valid_to=None,
                                params=r.params, description=r.description, changed_by=None,
                                changed_at=now or utcnow()) for r in missing])
    return len(missing)
