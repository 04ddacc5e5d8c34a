"""The matching rules, each in Python (for one seeker and one vacancy) beside its SQL form (for queries).

**Hard rules.** A vacancy is shown to a seeker, and a seeker to a vacancy, only if ALL hold:

* the vacancy is on the public board (`rules.is_on_board`: open, closing date today or later,
  employer approved);
* the seeker's age (from the birth date, on that day) is within [age_min, age_max];
* the seeker's education ranks at least the vacancy's minimum (`reference.EDUCATION_RANK`,
  vocational school ranks with senior high);
* the vacancy asks for no gender, or for the seeker's;
* the place is where the seeker wants to work: a seeker who wants nearby work, or who cannot
  leave home (`leave_constraint` other than "none"), only gets local vacancies; one who wants to
  go out gets vacancies elsewhere in the province or in another province; "either" gets every scope.

Python: `hard_rules_ok`. SQL: `vacancy_conditions` (the vacancies that fit one seeker) and
`seeker_conditions` (the seekers that fit one vacancy). tests/recruiting/test_match_rules.py
checks both SQL forms against `hard_rules_ok` on generated data, on both backends.

**Points** (vacancies for a seeker): `score` in Python, `score_sql` in SQL; ties go to more pay
left (`rules.pay_left`), then to the newest vacancy. **Points of a candidate** (seekers for a
vacancy): 40 for the trade, 20 for a fitting wage (`candidate_wage_fits`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from sqlalchemy import ColumnElement, and_, case, literal, or_

from models import EmployerStatus, Seeker, Vacancy
from services.core.i18n import N_, Translator
from services.core.reference import EDUCATION_RANK, TRADES
from services.core.validation import age_on
from services.recruiting.rules import is_on_board, on_board_sql

TRADE_POINTS = 40
WAGE_TOP_POINTS = 20
WAGE_BOTTOM_POINTS = 10
HOUSING_POINTS = 10
MEALS_POINTS = 5
NEAR_HOME_POINTS = 5
# the most a vacancy outside the seeker's trades can score
OTHER_TRADE_MAX = WAGE_TOP_POINTS + WAGE_BOTTOM_POINTS + HOUSING_POINTS + MEALS_POINTS + NEAR_HOME_POINTS
CANDIDATE_WAGE_POINTS = 20

ALL_SCOPES = ("local", "province", "out")

vacancy_table = Vacancy.__table__.c
seeker_table = Seeker.__table__.c


@dataclass(frozen=True)
class Reason:
    """One reason in plain words: an English message id and its values.

    Values named in `labels` are message ids themselves (a trade, an education level) and
    are translated before they go into the message.
    """

    message: str
    values: dict[str, object] = field(default_factory=dict)
    labels: tuple[str, ...] = ()

    def text(self, _: Translator) -> str:
        values = {k: (_(str(v)) if k in self.labels else v) for k, v in self.values.items()}
        return _(self.message, **values)


class Job(Protocol):
    """What the points and the rules in plain words read of a vacancy (a Vacancy or a result row)."""

    @property
    def trade(self) -> str: ...
    @property
    def wage_min(self) -> int: ...
    @property
    def wage_max(self) -> int: ...
    @property
    def housing(self) -> bool: ...
    @property
    def meals(self) -> bool: ...
    @property
    def scope(self) -> str: ...
    @property
    def age_min(self) -> int: ...
    @property
    def age_max(self) -> int: ...
    @property
    def min_education(self) -> str: ...
    @property
    def gender(self) -> str: ...


@dataclass(frozen=True)
class SeekerProfile:
    """What matching knows about a seeker: nothing that identifies them."""

    seeker_id: int
    birth_date: date
    gender: str
    education: str
    intention: str
    leave_constraint: str
    expected_wage: int | None
    trades: frozenset[str]


# --- hard rules: Python ------------------------------------------------------------------------


def wanted_scopes(seeker: SeekerProfile) -> tuple[str, ...]:
    if seeker.intention == "nearby" or seeker.leave_constraint != "none":
        return ("local",)
    if seeker.intention == "go_out":
        return ("province", "out")
    return ALL_SCOPES


def education_ok(education: str, min_education: str) -> bool:
    return EDUCATION_RANK.get(education, 0) >= EDUCATION_RANK.get(min_education, 0)


def hard_rules_ok(seeker: SeekerProfile, vacancy: Vacancy, today: date, *,
                  employer_status: str = EmployerStatus.APPROVED) -> bool:
    """The seeker and the vacancy may be shown to each other (`employer_status`: the vacancy's employer's)."""
    age = age_on(seeker.birth_date, today)
    return (is_on_board(vacancy.status, vacancy.closing_date, employer_status, today)
            and vacancy.age_min <= age <= vacancy.age_max
            and education_ok(seeker.education, vacancy.min_education)
            and vacancy.gender in ("", seeker.gender)
            and vacancy.scope in wanted_scopes(seeker))


# --- hard rules: SQL ---------------------------------------------------------------------------


def vacancy_conditions(seeker: SeekerProfile, today: date, *, sqlite: bool = False) -> list[ColumnElement]:
    """`hard_rules_ok` for one seeker, as criteria on the vacancy table (only ix_vacancy_match columns)."""
    age = age_on(seeker.birth_date, today)
    rank = EDUCATION_RANK.get(seeker.education, 0)
    allowed_minimums = [code for code, r in EDUCATION_RANK.items() if r <= rank]
    return [
        on_board_sql(today, avoid_board_indexes=sqlite),
        vacancy_table.scope.in_(wanted_scopes(seeker)),
        vacancy_table.age_min <= age, vacancy_table.age_max >= age,
        vacancy_table.min_education.in_(allowed_minimums),
        vacancy_table.gender.in_(sorted({"", seeker.gender})),
    ]


def latest_birth_for_age(today: date, age: int) -> date:
    """The latest birth date of someone who is at least `age` years old on `today`."""
    year = today.year - age
    if today.month == 2 and today.day == 29 and not _leap(year):
        return date(year, 2, 28)
    return date(year, today.month, today.day)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def seeker_conditions(job: Vacancy, today: date) -> list[ColumnElement]:
    """`hard_rules_ok` for one vacancy on the board, as criteria on the seeker table.

    The vacancy's own part (on the board) is checked in Python before: `is_on_board`.
    """
    min_rank = EDUCATION_RANK.get(job.min_education, 0)
    conditions = [
        seeker_table.birth_date <= latest_birth_for_age(today, job.age_min),
        seeker_table.birth_date > latest_birth_for_age(today, job.age_max + 1),
        seeker_table.education.in_([code for code, rank in EDUCATION_RANK.items() if rank >= min_rank]),
    ]
    if job.gender:
        conditions.append(seeker_table.gender == job.gender)
    if job.scope == "local":
        conditions.append(or_(seeker_table.intention.in_(("nearby", "either")),
                              seeker_table.leave_constraint != "none"))
    else:
        conditions.append(and_(seeker_table.leave_constraint == "none",
                               seeker_table.intention.in_(("go_out", "either"))))
    return conditions


# --- points: Python and SQL --------------------------------------------------------------------


def money(n: int) -> str:
    return f"{n:,}"


def score(seeker: SeekerProfile, job: Job) -> tuple[int, tuple[Reason, ...]]:
    """The points a vacancy earns for a seeker, with a reason for each."""
    points, reasons = 0, []
    if job.trade in seeker.trades:
        points += TRADE_POINTS
        reasons.append(Reason(N_("Your trade: {trade}"), {"trade": TRADES.get(job.trade, job.trade)}, ("trade",)))
    expected = seeker.expected_wage
    if expected is not None and job.wage_max >= expected:
        points += WAGE_TOP_POINTS
        if job.wage_min >= expected:
            points += WAGE_BOTTOM_POINTS
        reasons.append(Reason(N_("Wage {min}–{max} ≥ your {expected}"),
                              {"min": money(job.wage_min), "max": money(job.wage_max), "expected": money(expected)}))
    if job.housing:
        points += HOUSING_POINTS
        reasons.append(Reason(N_("Housing provided")))
    if job.meals:
        points += MEALS_POINTS
        reasons.append(Reason(N_("Meals provided")))
    if seeker.intention == "either" and job.scope == "local":
        points += NEAR_HOME_POINTS
        reasons.append(Reason(N_("Near home")))
    return points, tuple(reasons)


def score_sql(seeker: SeekerProfile) -> ColumnElement[int]:
    """`score`'s points as a column expression on the vacancy table."""
    trade: ColumnElement[int] = literal(0)
    if seeker.trades:
        trade = case((vacancy_table.trade.in_(sorted(seeker.trades)), TRADE_POINTS), else_=0)
    wage: ColumnElement[int] = literal(0)
    expected = seeker.expected_wage
    if expected is not None:
        bottom = case((vacancy_table.wage_min >= expected, WAGE_BOTTOM_POINTS), else_=0)
        wage = case((vacancy_table.wage_max >= expected, WAGE_TOP_POINTS + bottom), else_=0)
    near: ColumnElement[int] = literal(0)
    if seeker.intention == "either":
        near = case((vacancy_table.scope == "local", NEAR_HOME_POINTS), else_=0)
    return (trade + wage + case((vacancy_table.housing, HOUSING_POINTS), else_=0)
            + case((vacancy_table.meals, MEALS_POINTS), else_=0) + near)


def candidate_wage_fits(expected: int | None, job: Vacancy) -> bool:
    """A candidate's expected wage fits: none given, or at most the top of the range."""
    return expected is None or expected <= job.wage_max


def candidate_wage_fits_sql(job: Vacancy) -> ColumnElement[bool]:
    return or_(seeker_table.expected_wage.is_(None), seeker_table.expected_wage <= job.wage_max)


def candidate_points(trades: tuple[str, ...] | frozenset[str], expected: int | None, job: Vacancy) -> int:
    return ((TRADE_POINTS if job.trade in trades else 0)
            + (CANDIDATE_WAGE_POINTS if candidate_wage_fits(expected, job) else 0))
