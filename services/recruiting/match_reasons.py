"""Matching's hard rules said in plain words where they are NOT met (match_rules says when they are).

* `failed_reasons`: why one vacancy does not fit a seeker, one short line per failed hard rule
  (`match_rules.failed_rules`): the closest jobs of a trade that finds nothing
  (services/recruiting/match_gaps.py) and the "still interested?" question before interest is
  recorded (services/recruiting/interest.py).
* `trade_reasons`: why NO vacancy of a trade fits, from that trade's counts (one line per hard rule
  that every one of its vacancies fails, e.g. "Electric welding jobs all ask for age 55 or under").
* `answer_hints`: which profile answers not given yet would find better jobs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.core.i18n import N_
from services.core.reference import EDUCATION_LEVELS, EDUCATION_RANK, TRADES
from services.core.validation import age_on
from services.recruiting.match_rules import Job, Reason, SeekerProfile, cannot_leave, failed_rules, wanted_scopes

# profile groups (services/registration/profile.PROFILE_GROUPS) that change which jobs are found
ANSWER_HINTS: dict[str, str] = {
    "trades": N_("Tell us your trades to see the jobs that fit them first."),
    "place": N_("Tell us where you can work (near home or away) to see the jobs in the right places."),
    "education": N_("Tell us your schooling: jobs that ask for some schooling are shown only then."),
    "wage": N_("Tell us the wage you expect to see the jobs that pay it first."),
}

# a rank's name: its first level ("senior", not "vocational", for 3)
_LEVEL_OF_RANK = {rank: code for code, rank in reversed(list(EDUCATION_RANK.items()))}


def answer_hints(missing_groups: list[str] | tuple[str, ...]) -> tuple[Reason, ...]:
    """The answers not given yet that would find better jobs, in the order given."""
    return tuple(Reason(ANSWER_HINTS[g]) for g in missing_groups if g in ANSWER_HINTS)


def _place_reason(seeker: SeekerProfile, scope: str) -> Reason:
    if scope == "local":
        return Reason(N_("Near home; you want to work away from home"))
    if cannot_leave(seeker):
        return Reason(N_("Away from home; you said you cannot leave home"))
    return Reason(N_("Away from home; you want to work nearby"))


def failed_reasons(seeker: SeekerProfile, job: Job, today: date) -> tuple[Reason, ...]:
    """Why a vacancy does not fit a seeker: one line per failed hard rule, in `HARD_RULES` order."""
    reasons = []
    for rule in failed_rules(seeker, job, today):
        if rule == "age":
            age = age_on(seeker.birth_date, today)
            reasons.append(Reason(N_("Asks for age {max} or under; you are {age}"), {"max": job.age_max, "age": age})
                           if age > job.age_max else
                           Reason(N_("Asks for age {min} or over; you are {age}"), {"min": job.age_min, "age": age}))
        elif rule == "education":
            values: dict[str, object] = {"education": EDUCATION_LEVELS[job.min_education]}
            reasons.append(Reason(N_("Asks for {education} or above"), values, ("education",)) if seeker.education
                           else Reason(N_("Asks for {education} or above; you have not told us your schooling"),
                                       values, ("education",)))
        elif rule == "gender":
            reasons.append(Reason(N_("Men only") if job.gender == "M" else N_("Women only")))
        else:
            reasons.append(_place_reason(seeker, job.scope))
    return tuple(reasons)


@dataclass(frozen=True)
class TradeCounts:
    """One trade's vacancies on the board, counted in SQL (services/recruiting/match_gaps.py)."""

    trade: str
    total: int
    fitting: int
    failing: dict[str, int]  # per hard rule: how many of them fail it
    oldest_age_max: int  # the highest upper age limit among them
    youngest_age_min: int  # the lowest lower age limit
    lowest_education_rank: int
    out_of_province: int  # how many are in another province
    local: int  # how many are nearby


def trade_reasons(seeker: SeekerProfile, counts: TradeCounts, today: date) -> tuple[Reason, ...]:
    """Why none of a trade's vacancies fits: each hard rule that all of them fail, in plain words."""
    trade: dict[str, object] = {"trade": TRADES.get(counts.trade, counts.trade)}
    if counts.total == 0:
        return (Reason(N_("There are no {trade} jobs on the board right now."), trade, ("trade",)),)
    reasons = []
    for rule in (r for r in counts.failing if counts.failing[r] == counts.total):
        if rule == "age":
            age = age_on(seeker.birth_date, today)
            if age > counts.oldest_age_max:
                reasons.append(Reason(N_("{trade} jobs all ask for age {max} or under"),
                                      {**trade, "max": counts.oldest_age_max}, ("trade",)))
            elif age < counts.youngest_age_min:
                reasons.append(Reason(N_("{trade} jobs all ask for age {min} or over"),
                                      {**trade, "min": counts.youngest_age_min}, ("trade",)))
            else:
                reasons.append(Reason(N_("No {trade} job takes people of your age ({age})"), {**trade, "age": age},
                                      ("trade",)))
        elif rule == "education":
            level = _LEVEL_OF_RANK.get(counts.lowest_education_rank, "primary")
            reasons.append(Reason(N_("{trade} jobs all ask for {education} or above"),
                                  {**trade, "education": EDUCATION_LEVELS[level]}, ("trade", "education")))
        elif rule == "gender":
            reasons.append(Reason(N_("{trade} jobs are all for women only") if seeker.gender == "M"
                                  else N_("{trade} jobs are all for men only"), trade, ("trade",)))
        elif wanted_scopes(seeker) == ("local",):
            reasons.append(Reason(N_("{trade} jobs are all in other provinces") if counts.out_of_province ==
                                  counts.total else N_("{trade} jobs are all away from home"), trade, ("trade",)))
        else:
            reasons.append(Reason(N_("{trade} jobs are all near home"), trade, ("trade",)))
    if not reasons:
        reasons.append(Reason(N_("No {trade} job fits all your answers; the closest are below."), trade, ("trade",)))
    return tuple(reasons)
