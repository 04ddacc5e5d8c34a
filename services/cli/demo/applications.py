"""Demo applications with their stage history, hires and booth scans, written in bulk per batch.

* **Applications** from a share of the run's new seekers, to vacancies that fit their trades
  and wish (go out / stay near): on the job board, or at a booth of a fair they came to (then
  with a booth scan). Each moves through the stages with its history (`stage_change`), never
  past the present moment; someone below the age or schooling asked is marked not suitable.
  A hire (`hire`) copies the vacancy's place, trade and contract, with a wage in its range;
  a vacancy takes no more hires than its headcount, a person is hired at most once per run.
  On the fair held today, recruiters also scan people they record nothing for.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Connection

from models import (
    Application,
    BoothScan,
    Fair,
    FairStatus,
    Hire,
    StageChange,
)
from services.cli.demo.employers import Job, pick, round_to
from services.cli.demo.people import DrawnCheckIn
from services.core.reference import EDUCATION_RANK

APPLY_SHARE = 0.25  # share of new seekers with at least one application
BOOTH_APPLY_SHARE = 0.45  # of those who came to a fair: applied at a booth there
EXTRA_SCAN_SHARE = 0.3  # people at today's fair scanned at a booth without anything recorded
# final stage of an application: weights (not suitable is decided by the rules as well)
FINAL_STAGES = {"interested": 40, "interviewed": 14, "offered": 8, "hired": 26, "not_suitable": 12}
PATH = ("interested", "interviewed", "offered", "hired")


# --- applications -------------------------------------------------------------------------------


@dataclass
class DrawnApplication:
    """An application row (without id) with its stage history (from, to, when) and its hire and booth scan."""

    app: dict[str, Any]
    history: list[tuple[str | None, str, datetime]]
    hire: dict[str, Any] | None = None
    scan: dict[str, Any] | None = None


@dataclass
class Recruiter:
    """Draws applications, stage histories, hires and scans for freshly written seekers."""

    rng: random.Random
    jobs: list[Job]
    now: datetime
    today: date
    fairs: dict[int, Fair]
    zone_offset: timedelta = timedelta(hours=8)
    hired_people: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.by_group: dict[str, list[Job]] = {"near": [], "out": []}
        self.by_trade: dict[tuple[str, str], list[Job]] = {}
        self.by_fair: dict[int, list[Job]] = {}
        for job in self.jobs:
            group = "out" if job.scope == "out" else "near"
            self.by_group[group].append(job)
            self.by_trade.setdefault((job.trade, group), []).append(job)
            for f in job.fairs:
                self.by_fair.setdefault(f, []).append(job)
        self.today_fairs = {f.id for f in self.fairs.values() if f.status == FairStatus.OPEN and f.starts_on
                            and f.starts_on <= self.today <= (f.ends_on or f.starts_on)}

    def _local_date(self, t: datetime) -> date:
        return (t + self.zone_offset).date()

    def _choose(self, row: dict[str, Any], trades: tuple[str, ...]) -> Job | None:
        rng = self.rng
        wish = row["intention"]
        group = ("out" if rng.random() < 0.85 else "near") if wish == "go_out" else \
            ("near" if rng.random() < 0.95 else "out") if wish == "nearby" else rng.choice(("near", "out"))
        if trades and rng.random() < 0.65:
            pool = self.by_trade.get((rng.choice(trades), group))
            if pool:
                return rng.choice(pool)
        pool = self.by_group[group] or self.jobs
        return rng.choice(pool) if pool else None

    def _fits(self, row: dict[str, Any], job: Job, when: datetime) -> bool:
        birth: date = row["birth_date"]
        day = self._local_date(when)
        age = day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
        return job.age_min <= age <= job.age_max and \
            EDUCATION_RANK.get(row["education"], 0) >= EDUCATION_RANK.get(job.min_education, 0)

    def draw(self, seeker_id: int, row: dict[str, Any], trades: tuple[str, ...],
             checkins: list[DrawnCheckIn]) -> list[DrawnApplication]:
        """The seeker's applications."""
        rng = self.rng
        out: list[DrawnApplication] = []
        at_fairs = [(c.at, c.fair_id) for c in checkins if c.fair_id is not None]
        if not self.jobs:
            return out
        if at_fairs and rng.random() < BOOTH_APPLY_SHARE:
            visited, fair_id = rng.choice(at_fairs)
            pool = self.by_fair.get(fair_id)
            if pool:
                start = min(visited + timedelta(minutes=rng.uniform(3, 90)), self.now - timedelta(seconds=30))
                out.append(self._application(seeker_id, row, rng.choice(pool), max(start, visited), fair_id))
        elif rng.random() < APPLY_SHARE:
            first = checkins[0].at
            for _ in range(rng.choices((1, 2, 3), weights=(6, 3, 1))[0]):
                job = self._choose(row, trades)
                for _again in range(3):  # people mostly pick jobs they qualify for
                    if job is None or self._fits(row, job, self.now):
                        break
                    job = self._choose(row, trades)
                if job is None or any(a.app["vacancy_id"] == job.id for a in out):
                    continue
                start = max(first, job.created_at) + timedelta(hours=rng.uniform(0.2, 24 * 20))
                if start >= self.now:
                    continue
                out.append(self._application(seeker_id, row, job, start, None))
        return out

    def extra_scan(self, seeker_id: int, checkins: list[DrawnCheckIn]) -> dict[str, Any] | None:
        """A booth scan at today's fair with nothing recorded (a look at the card)."""
        visits = [(c.at, c.fair_id) for c in checkins
                  if c.fair_id is not None and c.fair_id in self.today_fairs and self.by_fair.get(c.fair_id)]
        if not visits or self.rng.random() >= EXTRA_SCAN_SHARE:
            return None
        visited, fair_id = self.rng.choice(visits)
        at = min(visited + timedelta(minutes=self.rng.uniform(1, 60)), self.now - timedelta(seconds=10))
        return dict(employer_id=self.rng.choice(self.by_fair[fair_id]).employer_id, seeker_id=seeker_id,
                    fair_id=fair_id, method=self._method(), at=max(at, visited))

    def _method(self) -> str:
        return "camera" if self.rng.random() < 0.85 else "typed"

    def _application(self, seeker_id: int, row: dict[str, Any], job: Job, start: datetime,
                     fair_id: int | None) -> DrawnApplication:
        rng = self.rng
        booth = fair_id is not None
        final = pick(rng, FINAL_STAGES)
        fits = self._fits(row, job, start)
        step = (lambda: timedelta(minutes=rng.uniform(2, 25))) if booth else \
            (lambda: timedelta(hours=rng.uniform(2, 24 * 6)))
        history: list[tuple[str | None, str, datetime]] = [(None, "interested", start)]
        t = start
        stamps: dict[str, datetime] = {}
        stage = "interested"
        if not fits:
            final = "not_suitable" if rng.random() < 0.8 else "interested"
        target = rng.choice(PATH[:2]) if final == "not_suitable" else final
        for nxt in PATH[1:PATH.index(target) + 1] if target in PATH else ():
            t = t + step()
            if t >= self.now:
                break
            if nxt == "hired" and (job.hired >= job.headcount or seeker_id in self.hired_people):
                break
            history.append((stage, nxt, t))
            stamps[nxt] = t
            stage = nxt
        if final == "not_suitable":
            t = t + step()
            if t < self.now:
                history.append((stage, "not_suitable", t))
                stage = "not_suitable"
        app = dict(vacancy_id=job.id, seeker_id=seeker_id, employer_id=job.employer_id, stage=stage,
                   source="booth" if booth else "board", note="",
                   interviewed_at=stamps.get("interviewed"), offered_at=stamps.get("offered"),
                   hired_at=stamps.get("hired"), created_at=start, updated_at=history[-1][2])
        result = DrawnApplication(app, history)
        if booth:
            result.scan = dict(employer_id=job.employer_id, seeker_id=seeker_id, fair_id=fair_id,
                                  method=self._method(), at=start - timedelta(seconds=rng.uniform(10, 120)))
        if "hired" in stamps:
            job.hired += 1
            self.hired_people.add(seeker_id)
            hired_at = stamps["hired"]
            fair = self.fairs.get(fair_id) if fair_id else None
            day = self._local_date(hired_at)
            at_fair = (fair is not None and fair.starts_on is not None
                       and fair.starts_on <= day <= (fair.ends_on or fair.starts_on))
            result.hire = dict(
                seeker_id=seeker_id, employer_id=job.employer_id, vacancy_id=job.id,
                fair_id=fair_id if at_fair else None, start_date=day + timedelta(days=rng.randrange(3, 15)),
                monthly_wage=round_to(rng.uniform(job.wage_min, job.wage_max)), contract_months=job.contract_months,
                province=job.province, city=job.city, scope=job.scope, trade=job.trade, hired_at=hired_at)
        return result


def write_applications(conn: Connection, drawn: list[DrawnApplication],
                       scans: list[dict[str, Any]]) -> tuple[int, int, int, int]:
    """Insert applications (ids back by RETURNING), their histories, hires and scans; returns the counts."""
    scan_rows = [d.scan for d in drawn if d.scan] + scans
    if drawn:
        table = Application.__table__
        ids = [i for (i,) in conn.execute(table.insert().returning(table.c.id, sort_by_parameter_order=True),
                                          [d.app for d in drawn])]
        changes = [{"application_id": i, "from_stage": a, "to_stage": b, "note": "", "at": t}
                   for i, d in zip(ids, drawn, strict=True) for a, b, t in d.history]
        hires = [{**d.hire, "application_id": i} for i, d in zip(ids, drawn, strict=True) if d.hire]
        conn.execute(StageChange.__table__.insert(), changes)
        if hires:
            conn.execute(Hire.__table__.insert(), hires)
    else:
        changes, hires = [], []
    if scan_rows:
        conn.execute(BoothScan.__table__.insert(), scan_rows)
    return len(drawn), len(changes), len(hires), len(scan_rows)
