"""Retention at k months and the open wage issues, on SQLite and PostgreSQL, against counts made by
hand from the table in after_hire_support.py (never against the same SQL)."""

from __future__ import annotations

from datetime import date

from services.followups.issues import employer_issue_flag
from services.reporting.dashboard import DashboardFilter, build_dashboard
from services.reporting.dashboard.issues import OpenIssues
from services.reporting.dashboard.retention import BREAKDOWNS, Retention, RetentionCounts
from tests.reporting.after_hire_support import NOW, ZONE, build


def _board(engine, flt: DashboardFilter | None = None):
    return build_dashboard(engine, flt or DashboardFilter(), now=NOW, zone=ZONE, parallel=False)


# by hand (after_hire_support): reached, working, changed job, returned, dispute, lost, pending
EXPECTED = {
    1: RetentionCounts(6, 4, 0, 0, 0, 2, 0),  # h1 h2 h3 h4 working; h5 unreachable, h9 window closed
    3: RetentionCounts(5, 1, 1, 1, 1, 1, 0),  # h5 working; h2 changed; h3 returned; h4 dispute; h1 gap
    6: RetentionCounts(4, 1, 1, 0, 0, 1, 1),  # h1 working; h2 changed; h3 closed; h4 open until 12-04
}


def test_retention_at_k_months(engine, vault) -> None:
    build(engine, vault)
    r: Retention = _board(engine).extra["retention"]
    assert r.months == (1, 3, 6)
    assert r.overall == EXPECTED
    assert r.overall[1].percent == 100.0 * 4 / 6
    for counts in r.overall.values():  # every hire counted is in exactly one column
        assert counts.reached == counts.working + counts.changed_job + counts.returned + counts.dispute \
            + counts.lost + counts.pending


def test_each_breakdown_adds_up_to_the_county(engine, vault) -> None:
    world = build(engine, vault)
    r: Retention = _board(engine).extra["retention"]
    assert set(r.by) == set(BREAKDOWNS)
    for breakdown, rows in r.by.items():
        for k in r.months:
            total = [sum(getattr(row.counts, f) for row in rows if row.month == k) for f in
                     ("reached", "working", "changed_job", "returned", "dispute", "lost", "pending")]
            assert RetentionCounts(*total) == r.overall[k], (breakdown, k)
    employers = {(row.month, row.name): row.counts for row in r.by["employer"]}
    assert employers[(1, "东莞市华丰电子有限公司")] == RetentionCounts(4, 3, 0, 0, 0, 1, 0)  # h1-3, h9; not h6
    assert employers[(1, "宁波市甬江服饰有限公司")] == RetentionCounts(2, 1, 0, 0, 0, 1, 0)  # h4 h5
    townships = {(row.month, row.key): row.counts.reached for row in r.by["township"]}
    assert townships == {(1, "城关镇"): 4, (1, "大河乡"): 2, (3, "城关镇"): 3, (3, "大河乡"): 2,
                         (6, "城关镇"): 3, (6, "大河乡"): 1}
    fairs = {(row.month, row.key, row.name): row.counts.working for row in r.by["fair"]}
    assert fairs[(6, world.fair_id, "春风行动招聘会")] == 1 and fairs[(6, None, "")] == 0
    destinations = {(row.month, row.key) for row in r.by["destination"]}
    assert (1, ("广东省", "某市")) in destinations and (1, ("云南省", "某市")) in destinations
    trades = {(row.month, row.key): row.counts.reached for row in r.by["trade"]}
    assert trades[(1, "electronics_assembly")] == 4 and trades[(1, "garment_sewing")] == 2


def test_the_filter_chooses_the_hires(engine, vault) -> None:
    world = build(engine, vault)
    r = _board(engine, DashboardFilter(township="大河乡")).extra["retention"]
    assert r.overall[1] == RetentionCounts(2, 1, 0, 0, 0, 1, 0)  # h4 h5: the township's people
    assert r.overall[6] == RetentionCounts(1, 0, 0, 0, 0, 0, 1)
    r = _board(engine, DashboardFilter(fair_id=world.fair_id)).extra["retention"]
    assert r.overall == {1: RetentionCounts(1, 1), 3: RetentionCounts(1, 0, 0, 0, 0, 1), 6: RetentionCounts(1, 1)}
    r = _board(engine, DashboardFilter(site_id=world.sites["S1"])).extra["retention"]
    assert r.overall == {k: RetentionCounts() for k in (1, 3, 6)}  # nobody checked in there
    r = _board(engine, DashboardFilter(start=date(2026, 4, 1), end=date(2026, 4, 30))).extra["retention"]
    assert r.reached == 0 and all(rows == [] for rows in r.by.values())  # every hire was recorded on 1 March


def test_nothing_before_any_visit_date(engine) -> None:
    r = _board(engine).extra["retention"]
    assert r.overall == {k: RetentionCounts() for k in (1, 3, 6)} and r.overall[1].percent is None


def test_open_wage_issues(engine, vault) -> None:
    world = build(engine, vault)
    got: OpenIssues = _board(engine).extra["open_issues"]
    # open: h3 unpaid 3,000 since 15 July (A), h4 dispute (B); h1's is resolved, h6's hire cancelled
    assert (got.count, got.unpaid, got.disputes, got.unsafe, got.amount, got.employers, got.since) == \
        (2, 1, 1, 0, 3000, 2, date(2026, 7, 15))
    # a dispute has no "unpaid since": B's is the day it was reported, as the employers page's flag says
    flag_b = employer_issue_flag(engine, world.employers["B"])
    assert flag_b is not None and flag_b.since is not None
    assert [(e.employer_id, e.count, e.amount, e.since) for e in got.by_employer] == [
        (world.employers["A"], 1, 3000, date(2026, 7, 15)), (world.employers["B"], 1, 0, flag_b.since)]
    assert employer_issue_flag(engine, world.employers["A"]).since == date(2026, 7, 15)  # type: ignore[union-attr]
    got = _board(engine, DashboardFilter(township="大河乡")).extra["open_issues"]
    assert (got.count, got.amount, got.employers) == (1, 0, 1)
