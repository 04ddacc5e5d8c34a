"""The meeting report's PDF: it opens, holds the dashboard's figures for the period (not others), the
targets with their percent, the Chinese font embedded; no personal data; the download is audited."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pypdfium2 as pdfium
import pytest
from sqlalchemy import select

from models import AuditEvent, CheckIn, Seeker
from services.core.db import unit_of_work
from services.reporting.dashboard import DashboardFilter, build_dashboard
from services.reporting.report_drawing import nice_step, top_with_others
from services.reporting.report_pdf import AUDIT_ACTION, ReportRequest, make_report, render_report, report_dashboard
from services.reporting.targets import save_targets
from services.summaries.record import Visit, record
from tests.factories import make_employer
from tests.reporting.test_dashboard_hires import add_job, add_person, record_hire

NOW = datetime(2026, 11, 23, 3, 30, tzinfo=UTC)
PERIOD = ReportRequest(date(2026, 11, 1), date(2026, 11, 23))


def text_of(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


@pytest.fixture
def world(engine, vault, county):
    people = [add_person(engine, vault, n, township, "yes" if n % 2 else "no", None)
              for n, township in enumerate(["城关镇", "城关镇", "大河乡", "龙泉镇"])]
    dongguan = make_employer(engine, name="东莞市华丰电子有限公司", serial=1)
    ningbo = make_employer(engine, name="宁波市甬江服饰有限公司", serial=2, province="浙江省", city="宁波市")
    gd = add_job(engine, dongguan, province="广东省", city="东莞市", scope="out", trade="electronics_assembly",
                 headcount=5, created_at=datetime(2026, 11, 2, 2, tzinfo=UTC))
    zj = add_job(engine, ningbo, province="浙江省", city="宁波市", scope="out", trade="garment_sewing",
                 headcount=3, created_at=datetime(2026, 11, 3, 2, tzinfo=UTC))
    record_hire(engine, people[0], gd, datetime(2026, 11, 10, 2, tzinfo=UTC))
    record_hire(engine, people[1], gd, datetime(2026, 11, 11, 2, tzinfo=UTC))
    record_hire(engine, people[2], zj, datetime(2026, 11, 12, 2, tzinfo=UTC))
    record_hire(engine, people[3], zj, datetime(2026, 10, 1, 2, tzinfo=UTC))  # before the period
    with unit_of_work(engine) as session:  # three of them came back in the period (check-ins then, counted)
        visits = []
        for n in (0, 1, 2):
            at = datetime(2026, 11, 5 + n, 2, tzinfo=UTC)
            session.add(CheckIn(seeker_id=people[n].id, channel="qr", submission_id=f"back-{n}", created_at=at))
            registered = session.execute(select(Seeker.created_at).where(Seeker.id == people[n].id)).scalar_one()
            visits.append(Visit(people[n].id, None, None, at, registered))
        session.flush()
        record(session.connection(), visits=visits)  # as check_in_ticket does: the summaries count them
        save_targets(session, 2026, {("", "employed"): 8, ("", "registrations"): 40}, county=county, actor="boss")
    return people


def test_the_report_holds_the_dashboard_figures(engine, county, world) -> None:
    d = report_dashboard(engine, PERIOD, now=NOW)
    same = build_dashboard(engine, DashboardFilter(start=PERIOD.start, end=PERIOD.end), now=NOW, parallel=False)
    assert (d.hires.total, d.people_total, d.hires.by_province) == \
        (same.hires.total, same.people_total, same.hires.by_province)
    assert d.hires.total == 3 and dict(d.hires.by_province) == {"广东省": 2, "浙江省": 1}
    assert d.people_total == 3 and dict(d.profile.by_township) == {"城关镇": 2, "大河乡": 1}
    pdf = render_report(d, PERIOD, county=county, language="zh_CN", made_at=NOW)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    text = text_of(pdf)
    assert "2026-11-01" in text and "2026-11-23" in text
    assert "广东省 2" in text and "浙江省 1" in text and "城关镇 2" in text and "大河乡 1" in text
    assert "龙泉镇" not in text  # registered before the period, hired before it
    employed = next(t for t in d.targets if t.metric == "employed")
    assert employed.count == 4 and employed.target == 8  # the whole year's hires, as on the dashboard
    assert "50.0%" in text  # 4 of 8
    flat = re.sub(r"\s+", "", text)
    assert "全县" in flat and "录用人员去向（省份）" in flat  # Chinese extracted: the font maps its glyphs back
    for name in ("测试", "139000"):  # names and phones never appear
        assert name not in text


def test_the_chinese_font_is_embedded(engine, county, world) -> None:
    pdf = render_report(report_dashboard(engine, PERIOD, now=NOW), PERIOD, county=county, language="zh_CN")
    assert re.search(rb"/FontFile[23]?\b", pdf), "a font program is embedded"
    assert re.search(rb"/BaseFont\s*/[A-Z]{6}\+NotoSansCJK", pdf), "the CJK font, subset"
    doc = pdfium.PdfDocument(pdf)
    try:
        assert len(doc) >= 1
        page = doc[0].render(scale=0.5).to_pil()  # it draws
        assert page.size[0] > 100
    finally:
        doc.close()


def test_english_report_and_an_empty_county(engine, county) -> None:
    pdf = render_report(report_dashboard(engine, PERIOD, now=NOW), PERIOD, county=county, language="en")
    text = text_of(pdf)
    assert "Targets for 2026" in text and "Nothing to show" in text


def test_a_past_period_uses_that_years_targets(engine, county, world) -> None:
    with unit_of_work(engine) as session:
        save_targets(session, 2025, {("", "employed"): 5}, county=county, actor="boss")
    d = report_dashboard(engine, ReportRequest(date(2025, 3, 1), date(2025, 6, 30)), now=NOW)
    assert d.year == 2025
    assert next(t for t in d.targets if t.metric == "employed").target == 5


def test_the_download_is_audited(engine, county, world) -> None:
    pdf = make_report(engine, ReportRequest(PERIOD.end, PERIOD.start, "城关镇"), county=county, language="zh_CN",
                      actor="boss", now=NOW)
    assert pdf.startswith(b"%PDF-")
    with unit_of_work(engine, write=False) as session:
        events = session.execute(select(AuditEvent).where(AuditEvent.action == AUDIT_ACTION)).scalars().all()
    assert [(e.actor, e.detail["period"], e.detail["township"]) for e in events] == \
        [("boss", "2026-11-01 – 2026-11-23", "城关镇")]


@pytest.mark.parametrize(("largest", "step"), [(0, 1), (1, 1), (5, 1), (6, 2), (10, 2), (11, 5), (23, 5),
                                               (101, 50), (999, 200), (24000, 5000)])
def test_ticks_are_whole_numbers(largest, step) -> None:
    assert nice_step(largest) == step


def test_top_bars_then_others() -> None:
    items = [(f"p{i:02d}", 100 - i) for i in range(20)] + [("zero", 0)]
    bars = top_with_others(items, "others", top=12)
    assert len(bars) == 13 and bars[-1] == ("others", sum(100 - i for i in range(12, 20)))
    assert top_with_others(items[:13], "others", top=12) == items[:13]  # one more is drawn, not "others"


def test_a_later_panel_adds_its_section(engine, county, monkeypatch) -> None:
    from services.reporting import report_pdf

    def retention(d, _, county, language):
        return report_pdf.Section(title="Retention at 6 months", figures=[("Still working", "12 of 20 (60.0%)")],
                                  bars=[("广东省", 7), ("浙江省", 5)], bars_title="Still working by destination")

    monkeypatch.setattr(report_pdf, "EXTRA_SECTIONS", [retention, lambda d, _, county, language: None])
    text = text_of(render_report(report_dashboard(engine, PERIOD, now=NOW), PERIOD, county=county, language="en"))
    assert "Retention at 6 months" in text and "12 of 20 (60.0%)" in text and "广东省 7" in text


def test_retention_income_and_training_follow_the_charts(engine, vault, county) -> None:
    """The after-the-hire figures and training for the period, as the dashboard's panels give them."""
    from services.reporting.dashboard.income import Income
    from services.reporting.dashboard.retention import Retention
    from services.reporting.dashboard.training import TrainingProgress
    from tests.reporting.after_hire_support import build

    build(engine, vault)
    year = ReportRequest(date(2026, 1, 1), date(2026, 11, 23))
    d = report_dashboard(engine, year, now=NOW)
    r, inc, tr = d.extra["retention"], d.extra["income"], d.extra["training"]
    assert isinstance(r, Retention) and isinstance(inc, Income) and isinstance(tr, TrainingProgress)
    assert r.reached and inc.total > 0
    text = text_of(render_report(d, year, county=county, language="en", made_at=NOW))
    flat = re.sub(r"\s+", " ", text)
    for k in r.months:
        c = r.overall[k]
        label = "1 month" if k == 1 else f"{k} months"
        pct = "—" if c.percent is None else f"{c.percent:.1f}%"
        assert f"Still working at {label} {pct} ({c.working:,} / {c.reached:,})" in flat, flat
    assert f"Wages earned so far (estimate), yuan {inc.total:,}" in flat
    assert f"Hires started {inc.hires:,}" in flat and f"Months of work {inc.months:,}" in flat
    assert "Skills training in 2026: whole county" in flat and f"People trained {tr.trained.people:,}" in flat
    zh = re.sub(r"\s+", "", text_of(render_report(d, year, county=county, language="zh_CN", made_at=NOW)))
    assert "录用后稳岗情况" in zh and "务工收入估算" in zh and f"{inc.total:,}" in zh
