"""The training subsidy report: what each course's completions are owed under the training rules kept as
data (`subsidy_rule` rows of the kinds TRAINED_PERSON, CERTIFIED, PROVIDER_HEAD: services/subsidies/kinds.py),
per provider and course, with the people behind each amount (masked names) and the rule version each used.

A completion counts when the enrolment is completed and the course not cancelled, its completion date (local)
in the period; it is judged by each rule's version valid on its completion date (so a past period gives the
amounts it gave then). Per person: CERTIFIED pays instead of TRAINED_PERSON when the completion's certificate
is of at least its level (never both); `poor_only` 1 leaves out people not of registered poor households; an
amount of 0 pays nothing (no line). PROVIDER_HEAD is owed to the provider for every completion.

One query fetches the period's completions (with the certificate's level); the rules are applied in Python
(`judge`, a pure function the tests compare with the parameters).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from models import Certificate, Course, Enrolment, PoorHousehold, RuleKind, Seeker
from services.core.db import read_only, select_wide
from services.registration.tickets import mask_name
from services.subsidies.kinds import TRAINING_KINDS
from services.subsidies.report import Period
from services.subsidies.rules import RuleVersion, rule_versions
from services.training.figures import completed_in, completions

LEVEL_RANK = {"": 0, "basic": 1, "intermediate": 2, "advanced": 3}  # models.training.CertificateLevel

_e, _c, _s, _cert = Enrolment.__table__.c, Course.__table__.c, Seeker.__table__.c, Certificate.__table__.c


@dataclass(frozen=True)
class Completion:
    enrolment_id: int
    course_id: int
    kind: str  # the course's kind
    name: str  # masked (王*兰)
    completed_on: date
    poor: bool
    level: str  # the certificate's level ("" none, or a certificate of completion only)


@dataclass(frozen=True)
class Paid:
    rule: RuleVersion
    amount: int


def judge(c: Completion, versions: Iterable[RuleVersion]) -> list[Paid]:
    """What one completion is owed: (version, amount) per rule that pays it (amount > 0)."""
    valid = [v for v in versions if v.kind in TRAINING_KINDS and v.valid_on(c.completed_on)]

    def for_whom(v: RuleVersion) -> bool:
        return c.poor or not int(v.params.get("poor_only", 0))

    certified = [Paid(v, int(v.params["amount"])) for v in valid if v.kind == RuleKind.CERTIFIED and for_whom(v)
                 and LEVEL_RANK.get(c.level, 0) >= int(v.params["min_level"]) and int(v.params["amount"]) > 0]
    person = certified or [Paid(v, int(v.params.get(c.kind, 0))) for v in valid
                           if v.kind == RuleKind.TRAINED_PERSON and for_whom(v) and int(v.params.get(c.kind, 0)) > 0]
    provider = [Paid(v, int(v.params["amount"])) for v in valid
                if v.kind == RuleKind.PROVIDER_HEAD and int(v.params["amount"]) > 0]
    return person + provider


@dataclass
class TrainingLine:
    rule: RuleVersion
    count: int = 0  # completions
    amount: int = 0  # yuan
    trace: list[Completion] = field(default_factory=list)

    @property
    def to_provider(self) -> bool:
        return self.rule.kind == RuleKind.PROVIDER_HEAD


@dataclass
class CourseSubsidy:
    course_id: int
    title: str
    kind: str
    provider: str
    lines: list[TrainingLine]

    @property
    def to_people(self) -> int:
        return sum(ln.amount for ln in self.lines if not ln.to_provider)

    @property
    def to_provider(self) -> int:
        return sum(ln.amount for ln in self.lines if ln.to_provider)

    @property
    def total(self) -> int:
        return self.to_people + self.to_provider


@dataclass
class TrainingSubsidyReport:
    period: Period
    courses: list[CourseSubsidy]

    @property
    def total(self) -> int:
        return sum(c.total for c in self.courses)

    def providers(self) -> list[tuple[str, int, int]]:
        """(provider, to the people, to the provider) per provider, by name."""
        out: dict[str, tuple[int, int]] = {}
        for c in self.courses:
            people, provider = out.get(c.provider, (0, 0))
            out[c.provider] = (people + c.to_people, provider + c.to_provider)
        return [(p, a, b) for p, (a, b) in sorted(out.items())]


@read_only
def training_subsidy_report(session: Session, period: Period) -> TrainingSubsidyReport:
    versions = [v for v in rule_versions(session) if v.kind in TRAINING_KINDS]
    source = completions().outerjoin(Certificate.__table__, _cert.enrolment_id == _e.id)
    stmt = (select_wide(_e.id, _c.id, _c.title, _c.kind, _c.provider, _s.name, _e.completed_on, _s.poor_household,
                        _cert.level)
            .select_from(source).where(*completed_in(period.start, period.end))
            .order_by(_c.provider, _c.title, _c.id, _e.completed_on, _e.id))
    courses: dict[int, CourseSubsidy] = {}
    for eid, cid, title, kind, provider, name, on, poor, level in session.execute(stmt):
        c = Completion(int(eid), int(cid), kind, mask_name(name), on, poor == PoorHousehold.YES, level or "")
        paid = judge(c, versions)
        if not paid:
            continue
        course = courses.setdefault(c.course_id, CourseSubsidy(c.course_id, title, kind, provider, []))
        for p in paid:
            line = next((ln for ln in course.lines if ln.rule.id == p.rule.id), None)
            if line is None:
                line = TrainingLine(p.rule)
                course.lines.append(line)
            line.count += 1
            line.amount += p.amount
            line.trace.append(c)
    return TrainingSubsidyReport(period, list(courses.values()))


__all__ = ["Completion", "CourseSubsidy", "Paid", "TrainingLine", "TrainingSubsidyReport", "judge",
           "training_subsidy_report"]
