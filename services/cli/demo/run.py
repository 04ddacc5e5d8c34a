"""Generating the demo: seekers in batches written in bulk, with the recruiting data of each batch."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from models import CheckIn, Fair, Seeker, SeekerTrade
from models.base import utcnow
from services.cli.demo.applications import DrawnApplication, Recruiter, write_applications
from services.cli.demo.audit import add_audit_events
from services.cli.demo.bulk import secondary_indexes_dropped
from services.cli.demo.employers import APPROVED, PENDING, add_vacancies, bulk_insert, ensure_employers
from services.cli.demo.followups import FollowUpReport, add_follow_ups
from services.cli.demo.households import add_households
from services.cli.demo.loader import LOADED_TABLES, bulk_load
from services.cli.demo.people import MAX_FAIRS, DrawnCheckIn, PeopleFactory
from services.cli.demo.places import ensure_fairs, ensure_sites
from services.cli.demo.subsidies import add_subsidy_demo
from services.cli.demo.targets import ensure_targets
from services.cli.demo.training import TrainingDemo, add_training_demo
from services.cli.demo.village_list import import_village_lists
from services.cli.output import say_line
from services.core.clock import local_today
from services.core.crypto import Vault
from services.core.db import is_sqlite, unit_of_work
from services.core.errors import Message
from services.core.i18n import N_
from services.places.county import County
from services.summaries.rebuild import rebuild


@dataclass
class DemoReport:
    seekers: int = 0
    skipped: int = 0  # drawn people or ticket codes already in the database (replaced by fresh draws)
    checkins: int = 0
    trades: int = 0
    fairs: list[str] = field(default_factory=list)
    sites: list[str] = field(default_factory=list)
    seconds: float = 0.0
    employers: int = 0  # approved employers (found again or new)
    vacancies: int = 0
    applications: int = 0
    stage_changes: int = 0
    hires: int = 0
    scans: int = 0
    follow_ups: FollowUpReport | None = None
    training: TrainingDemo | None = None


# --- bulk writing -------------------------------------------------------------------------------


def _write_batch(engine: Engine, drawn: list[tuple[dict[str, Any], tuple[str, ...], list[DrawnCheckIn]]],
                 recruiter: Recruiter | None = None) -> tuple[int, int, int, tuple[int, int, int, int]]:
    """Insert one batch in one transaction; returns (seekers, trades, check-ins) written and
    (applications, stage changes, hires, booth scans)."""
    ins = bulk_insert(engine)
    seeker_t, trade_t, checkin_t = Seeker.__table__, SeekerTrade.__table__, CheckIn.__table__
    with unit_of_work(engine) as session:
        conn = session.connection()
        if is_sqlite(engine):
            conn.exec_driver_sql("PRAGMA cache_size=-262144")  # 256 MB: index pages stay in memory
        stmt = ins(seeker_t).on_conflict_do_nothing().returning(seeker_t.c.id, seeker_t.c.id_hmac)
        ids = {h: i for i, h in conn.execute(stmt, [d[0] for d in drawn])}
        trades: list[dict[str, Any]] = []
        checkins: list[dict[str, Any]] = []
        applications: list[DrawnApplication] = []
        scans: list[dict[str, Any]] = []
        for row, seeker_trades, seeker_checkins in drawn:
            seeker_id = ids.get(row["id_hmac"])
            if seeker_id is None:
                continue  # already in the database: skipped
            if recruiter is not None:
                applications += recruiter.draw(seeker_id, row, seeker_trades, seeker_checkins)
                if (scan := recruiter.extra_scan(seeker_id, seeker_checkins)) is not None:
                    scans.append(scan)
            trades.extend({"seeker_id": seeker_id, "trade": t} for t in seeker_trades)
            checkins.extend({"seeker_id": seeker_id, "fair_id": f, "site_id": s, "channel": ch,
                             "submission_id": sub, "created_at": ts} for ts, f, s, ch, sub in seeker_checkins)
        if trades:
            conn.execute(ins(trade_t).on_conflict_do_nothing(), trades)
        if checkins:
            conn.execute(ins(checkin_t).on_conflict_do_nothing(), checkins)
        recruited = write_applications(conn, applications, scans)
    return len(ids), len(trades), len(checkins), recruited


def _count_seekers(engine: Engine) -> int:
    with unit_of_work(engine, write=False) as session:
        return session.execute(select(func.count()).select_from(Seeker)).scalar_one()


def generate_demo(
    engine: Engine, vault: Vault, county: County, *, seekers: int, seed: int = 1, fairs: int = 2,
    batch: int = 5000, today: date | None = None, now: datetime | None = None,
    out: Callable[[Message], None] | None = say_line, employers: int = APPROVED, pending: int = PENDING,
    vacancies: int = 3000, village_list: bool = False, bulk: bool = True, workers: int = 1,
) -> DemoReport:
    """Fill a migrated database with sites, fairs and `seekers` new seekers with their check-ins;
    `employers` approved employers (and `pending` waiting ones), `vacancies` new vacancies,
    and applications, hires and booth scans for a share of the new seekers; with `village_list`, two villages'
    lists imported (village_list.py: households, rows left out for the repair queue).

    Into a database without seekers, with `bulk` (the default), the seekers are written by `loader.bulk_load`
    (COPY on PostgreSQL, executemany on SQLite; `workers` writer processes); otherwise batch by batch
    with ON CONFLICT DO NOTHING (a run adding to an existing demo)."""
    if seekers < 0 or batch < 1 or not 1 <= fairs <= MAX_FAIRS or min(employers, pending, vacancies) < 0:
        raise ValueError(f"seekers, employers and vacancies must be >= 0, batch >= 1 and fairs 1-{MAX_FAIRS}")
    say = out or (lambda _msg: None)
    started = time.perf_counter()
    now = now or utcnow()
    today = today or local_today()
    site_rows = ensure_sites(engine, county)
    fair_rows = ensure_fairs(engine, county, fairs, today)
    report = DemoReport(fairs=[f.code for f in fair_rows], sites=[s.code for s in site_rows])
    say((N_("sites: {codes}"), {"codes": ", ".join(report.sites)}))
    say((N_("fairs: {fairs}"), {"fairs": ", ".join(f"{f.code} {f.name} ({f.starts_on})" for f in fair_rows)}))
    existing = _count_seekers(engine)
    rng = random.Random(seed if existing == 0 else f"{seed}/{existing}")
    factory = PeopleFactory(rng, vault, county, fair_rows, site_rows, today=today, now=now)
    recruiter = _recruiting(engine, county, report, fair_rows, seed=seed, existing=existing, employers=employers,
                            pending=pending, vacancies=vacancies, today=today, now=now)
    if recruiter is not None:
        say((N_("employers: {employers} approved; vacancies: {vacancies} new"),
             {"employers": report.employers, "vacancies": report.vacancies}))
    window = ExitStack()  # the bulk load's: secondary indexes dropped until the households are written
    with window:
        if bulk and existing == 0:
            window.enter_context(secondary_indexes_dropped(engine, LOADED_TABLES, say=say))
            say((N_("bulk load ({how}, {workers} writer processes), {batch} seekers per transaction"),
                 {"how": "executemany" if is_sqlite(engine) else "COPY", "workers": workers, "batch": batch}))
            loaded = bulk_load(engine, vault, factory, recruiter, seekers=seekers, batch=batch, workers=workers,
                               say=say)
            report.seekers, report.trades, report.checkins = loaded.seekers, loaded.trades, loaded.checkins
            report.applications, report.stage_changes = loaded.applications, loaded.stage_changes
            report.hires, report.scans = loaded.hires, loaded.scans
        step = max(seekers // 10, 1)
        next_report, fruitless = step, 0
        while report.seekers < seekers:
            drawn = [factory.seeker() for _ in range(min(batch, seekers - report.seekers))]
            written, trades, checkins, (apps, changes, hires, scans) = _write_batch(engine, drawn, recruiter)
            report.applications += apps
            report.stage_changes += changes
            report.hires += hires
            report.scans += scans
            report.seekers += written
            report.skipped += len(drawn) - written
            report.trades += trades
            report.checkins += checkins
            fruitless = 0 if written else fruitless + 1
            if fruitless >= 20:
                raise RuntimeError("20 batches in a row were all already in the database; try another --seed")
            if report.seekers >= next_report or report.seekers == seekers:
                say((N_("seekers {done}/{total} ({percent}%) {seconds} s"),
                     {"done": report.seekers, "total": seekers, "percent": 100 * report.seekers // seekers,
                      "seconds": f"{time.perf_counter() - started:.0f}"}))
                next_report = (report.seekers // step + 1) * step
        if recruiter is not None and (targets := ensure_targets(engine, county, today)):
            say((N_("targets: {n} set for {year} (people employed and transferred out)"),
                 {"n": targets, "year": today.year}))
        say((N_("audit log: {n} demo events"), {"n": add_audit_events(engine, now=now, seed=seed)}))
        if village_list:
            say(import_village_lists(engine, vault, county, seed=seed, today=today))
        report.seconds = time.perf_counter() - started
        done = {"seekers": report.seekers, "checkins": report.checkins, "trades": report.trades,
                "sites": len(report.sites), "fairs": len(report.fairs), "skipped": report.skipped,
                "seconds": f"{report.seconds:.1f}"}
        say((N_("done: {seekers} seekers, {checkins} check-ins, {trades} trades, {sites} sites, {fairs} fairs, "
                "{skipped} drawn rows already present were skipped, in {seconds} s") if report.skipped else
             N_("done: {seekers} seekers, {checkins} check-ins, {trades} trades, {sites} sites, {fairs} fairs "
                "in {seconds} s"), done))
        if recruiter is not None:
            say((N_("recruiting: {employers} employers, {vacancies} vacancies, {applications} applications "
                    "({changes} stage changes), {hires} hires, {scans} booth scans"),
                 {"employers": report.employers, "vacancies": report.vacancies, "applications": report.applications,
                  "changes": report.stage_changes, "hires": report.hires, "scans": report.scans}))
            fu = report.follow_ups = add_follow_ups(engine, seed=seed, today=today, now=now)
            say((N_("follow-ups: {visits} visits for {hires} hires, {done} made ({overdue} overdue), {issues} wage "
                    "issues, {unreachable} unreachable"),
                 {"visits": fu.visits, "hires": fu.hires, "done": fu.done, "overdue": fu.overdue, "issues": fu.issues,
                  "unreachable": fu.unreachable}))
        add_households(engine, seed=seed, today=today, now=now, say=say)
    subsidies = add_subsidy_demo(engine, today=today, seed=seed, now=now)
    say((N_("subsidies: {rules} rules, {versions} changed, {visits} 'still working' visits"),
         {"rules": subsidies.rules, "versions": subsidies.versions, "visits": subsidies.visits}))
    tr = report.training = add_training_demo(engine, county, today=today, seed=seed, now=now)
    say((N_("training: {courses} courses, {enrolments} enrolments, {completions} completed ({certificates} "
            "certificates, {hired} hired within 6 months after), {attendances} attendances"),
         {"courses": tr.courses, "enrolments": tr.enrolments, "completions": tr.completions,
          "certificates": tr.certificates, "hired": tr.hired_after, "attendances": tr.attendances}))
    with unit_of_work(engine) as session:  # the demo's rows bypass the services that keep the summaries
        rebuild(session.connection(), progress=say)
    return report


def _recruiting(engine: Engine, county: County, report: DemoReport, fairs: list[Fair], *, seed: int, existing: int,
                employers: int, pending: int, vacancies: int, today: date, now: datetime) -> Recruiter | None:
    """Employers (found again or added) and this run's vacancies; None when there are none."""
    if not employers:  # no recruiting data at all
        return None
    approved = ensure_employers(engine, county, approved=employers, pending=pending, seed=seed, now=now)
    report.employers = len(approved)
    rng = random.Random(f"{seed}/recruiting/{existing}")
    with unit_of_work(engine) as session:
        jobs = add_vacancies(session.connection(), engine, rng, county, approved, vacancies, today=today, now=now,
                             fairs=fairs)
    report.vacancies = len(jobs)
    return Recruiter(rng, jobs, now, today, {f.id: f for f in fairs if f.id is not None}) if jobs else None
