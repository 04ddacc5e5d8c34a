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

**Answers not given yet** (registration is "ticket first": the profile comes later, group by group):
no education passes only vacancies without a minimum education; no intention counts as "either"
(but earns no "near home" points); no leave constraint as "none"; no trades, no trade points; no
expected wage, no wage points.

Each hard rule after "on the board" has a name (`HARD_RULES`: age, education, gender, place).
Python: `failed_rules` (the names a vacancy fails for a seeker) and `hard_rules_ok`. SQL:
`rule_holds_sql` (each rule as a criterion on the vacancy table, by name), `vacancy_conditions`
(the vacancies that fit one seeker) and `seeker_conditions` (the seekers that fit one vacancy).
tests/recruiting/test_match_rules.py checks the SQL forms against the Python forms (whole and rule
by rule) on generated data, on both backends.

**Points** (vacancies for a seeker): `score` in Python, `score_sql` in SQL; the expected wage uses
`rules.wage_reaches` (the top of the range reaches it), the board's "lowest wage" filter's rule;
ties go to more pay left (`rules.pay_left`), then to the newest vacancy. **Points of a candidate** (seekers for a
vacancy): 40 for the trade, 20 for a fitting wage (`candidate_wage_fits`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from sqlalchemy import ColumnElement, and_, case, func, literal, or_

from models import EmployerStatus, Seeker, Vacancy
from services.core.i18n import N_, Translator
from services.core.reference import EDUCATION_RANK, TRADES
from services.core.validation import age_on
from services.recruiting.rules import (
    is_on_board,
    money,
    on_board_sql,
    wage_figure,
    wage_reaches,
    wage_reaches_sql,
)

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
HARD_RULES = ("age", "education", "gender", "place")  # after "on the board", in this order

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
    """What matching knows about a seeker: nothing that identifies them. None: not answered yet."""

    seeker_id: int
    birth_date: date
    gender: str
    education: str | None
    intention: str | None
    leave_constraint: str | None
    expected_wage: int | None
    trades: frozenset[str]


# --- hard rules: Python ------------------------------------------------------------------------


def cannot_leave(seeker: SeekerProfile) -> bool:
    """The seeker said they cannot leave home (no answer: they can)."""
    return (seeker.leave_constraint or "none") != "none"


def wanted_scopes(seeker: SeekerProfile) -> tuple[str, ...]:
    if seeker.intention == "nearby" or cannot_leave(seeker):
        return ("local",)
    if seeker.intention == "go_out":
        return ("province", "out")
    return ALL_SCOPES  # "either", or not answered yet


def education_ok(education: str | None, min_education: str) -> bool:
    """No answer ranks as no schooling: it passes only vacancies without a minimum."""
    return EDUCATION_RANK.get(education or "none", 0) >= EDUCATION_RANK.get(min_education, 0)


def failed_rules(seeker: SeekerProfile, job: Job, today: date) -> tuple[str, ...]:
    """The names of the hard rules (`HARD_RULES`, after "on the board") a vacancy fails for a seeker."""
    age = age_on(seeker.birth_date, today)
    holds = {"age": job.age_min <= age <= job.age_max,
             "education": education_ok(seeker.education, job.min_education),
             "gender": job.gender in ("", seeker.gender),
             "place": job.scope in wanted_scopes(seeker)}
    return tuple(name for name in HARD_RULES if not holds[name])


def hard_rules_ok(seeker: SeekerProfile, vacancy: Vacancy, today: date, *,
                  employer_status: str = EmployerStatus.APPROVED) -> bool:
    """The seeker and the vacancy may be shown to each other (`employer_status`: the vacancy's employer's)."""
    return (is_on_board(vacancy.status, vacancy.closing_date, employer_status, today)
            and not failed_rules(seeker, vacancy, today))


# --- hard rules: SQL ---------------------------------------------------------------------------


def rule_holds_sql(seeker: SeekerProfile, today: date) -> dict[str, ColumnElement[bool]]:
    """Each of `HARD_RULES` for one seeker, as a criterion on the vacancy table (ix_vacancy_match columns)."""
    age = age_on(seeker.birth_date, today)
    rank = EDUCATION_RANK.get(seeker.education or "none", 0)
    return {
        "age": and_(vacancy_table.age_min <= age, vacancy_table.age_max >= age),
        "education": vacancy_table.min_education.in_([code for code, r in EDUCATION_RANK.items() if r <= rank]),
        "gender": vacancy_table.gender.in_(sorted({"", seeker.gender})),
        "place": vacancy_table.scope.in_(wanted_scopes(seeker)),
    }


def vacancy_conditions(seeker: SeekerProfile, today: date, *, sqlite: bool = False) -> list[ColumnElement]:
    """`hard_rules_ok` for one seeker, as criteria on the vacancy table (only ix_vacancy_match columns)."""
    return [on_board_sql(today, avoid_board_indexes=sqlite), *rule_holds_sql(seeker, today).values()]


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
    education = seeker_table.education.in_([code for code, rank in EDUCATION_RANK.items() if rank >= min_rank])
    conditions = [
        seeker_table.birth_date <= latest_birth_for_age(today, job.age_min),
        seeker_table.birth_date > latest_birth_for_age(today, job.age_max + 1),
        or_(education, seeker_table.education.is_(None)) if min_rank == 0 else education,
    ]
    if job.gender:
        conditions.append(seeker_table.gender == job.gender)
    leave = func.coalesce(seeker_table.leave_constraint, "none")  # not answered: can leave home
    if job.scope == "local":
        conditions.append(or_(seeker_table.intention.in_(("nearby", "either")), seeker_table.intention.is_(None),
                              leave != "none"))
    else:
        conditions.append(and_(leave == "none", or_(seeker_table.intention.in_(("go_out", "either")),
                                                    seeker_table.intention.is_(None))))
    return conditions


# --- points: Python and SQL --------------------------------------------------------------------


def score(seeker: SeekerProfile, job: Job) -> tuple[int, tuple[Reason, ...]]:
    """The points a vacancy earns for a seeker, with a reason for each."""
    points, reasons = 0, []
    if job.trade in seeker.trades:
        points += TRADE_POINTS
        reasons.append(Reason(N_("Your trade: {trade}"), {"trade": TRADES.get(job.trade, job.trade)}, ("trade",)))
    expected = seeker.expected_wage
    if expected is not None and wage_reaches(job.wage_max, expected):
        points += WAGE_TOP_POINTS
        if job.wage_min >= expected:
            points += WAGE_BOTTOM_POINTS
        reasons.append(Reason(N_("Wage {wage} ≥ your {expected}"),
                              {"wage": wage_figure(job.wage_min, job.wage_max), "expected": money(expected)}))
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
        wage = case((wage_reaches_sql(expected), WAGE_TOP_POINTS + bottom), else_=0)
    near: ColumnElement[int] = literal(0)
    if seeker.intention == "either":
        near = case((vacancy_table.scope == "local", NEAR_HOME_POINTS), else_=0)
    return (trade + wage + case((vacancy_table.housing, HOUSING_POINTS), else_=0)
            + case((vacancy_table.meals, MEALS_POINTS), else_=0) + near)


def candidate_wage_fits(expected: int | None, job: Vacancy) -> bool:
    """A candidate's expected wage fits: none given, or the top of the range reaches it (`wage_reaches`)."""
    return expected is None or wage_reaches(job.wage_max, expected)


def candidate_wage_fits_sql(job: Vacancy) -> ColumnElement[bool]:
    # `wage_reaches` seen from the seeker table: the vacancy's top is a constant here
    return or_(seeker_table.expected_wage.is_(None), seeker_table.expected_wage <= job.wage_max)


def candidate_points(trades: tuple[str, ...] | frozenset[str], expected: int | None, job: Vacancy) -> int:
    return ((TRADE_POINTS if job.trade in trades else 0)
            + (CANDIDATE_WAGE_POINTS if candidate_wage_fits(expected, job) else 0))
