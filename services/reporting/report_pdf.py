"""The printable report for the bureau's meetings: the county's figures, targets and charts for a period, as a PDF.

Every figure comes from the dashboard (`dashboard.board.build_dashboard` with the period as its
date filter, and the township if one is chosen), so the report and the screen never disagree:

* people registered = the dashboard's "in the chosen dates" (people with a check-in in the period);
* hires, people hired, the poor-household share, registrations by home township and hires by
  destination province = the dashboard's hire and people panels over the same filter;
* targets = the dashboard's targets panel for the calendar year the period ends in (a target is
  yearly: its figure counts the whole year, as on the dashboard), with the percent reached.

Figures only: no name, ID number or phone is ever in the file. `make_report` records the download
(`report_pdf_downloaded`: who, the period, the township, the language) in the audit log.

After the charts: retention, transfer income and training (report_sections.py). Adding a section (households…):
write `section(d: Dashboard, _, county, language) -> Section | None` reading the dashboard's field (or
`d.extra["…"]` until the class names it) and append it to `EXTRA_SECTIONS`;
it is drawn after the charts, with its figures and, if given, its bars.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from fpdf import FPDF
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import AuditEvent
from models.base import utcnow
from services.core.clock import day_start, local_zone
from services.core.db import transactional
from services.core.i18n import Gettext, translator
from services.places.county import County
from services.places.geography import province_label
from services.reporting.dashboard import Dashboard, DashboardFilter, build_dashboard
from services.reporting.report_drawing import bar_chart, heading, new_pdf, note, table, top_with_others, width
from services.reporting.report_sections import SECTIONS, Section, pct
from services.reporting.targets import METRIC_LABELS

AUDIT_ACTION = "report_pdf_downloaded"


SectionFn = Callable[[Dashboard, Gettext, County, str], "Section | None"]
# Retention, transfer income, training (report_sections.py); a later panel adds its function here.
EXTRA_SECTIONS: list[SectionFn] = list(SECTIONS)


@dataclass(frozen=True)
class ReportRequest:
    start: date  # local dates, both included
    end: date
    township: str | None = None

    def ordered(self) -> ReportRequest:
        return self if self.start <= self.end else ReportRequest(self.end, self.start, self.township)


def report_dashboard(engine: Engine, request: ReportRequest, *, now: datetime | None = None) -> Dashboard:
    """The dashboard for the period. Its targets are those of the year the period ends in: the
    dashboard counts a target's figure over the year of its "today", so that day is the period's last
    (or now, when the period reaches today)."""
    request = request.ordered()
    now = now or utcnow()
    end_of_period = day_start(request.end + timedelta(days=1)) - timedelta(seconds=1)
    flt = DashboardFilter(township=request.township, start=request.start, end=request.end)
    return build_dashboard(engine, flt, now=min(now, end_of_period), zone=local_zone(), parallel=False)


def _n(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def render_report(d: Dashboard, request: ReportRequest, *, county: County, language: str,
                  made_at: datetime | None = None) -> bytes:
    """The PDF of one period's dashboard, in `language`."""
    _ = translator(language)
    request = request.ordered()
    made = (made_at or utcnow()).astimezone(local_zone())
    place = county.label(request.township, language) if request.township else _("whole county")
    title = _("{county}: employment report", county=county.display_name(language))
    pdf = new_pdf(title, language)
    pdf.add_page()
    pdf.set_font("report", size=20)
    pdf.multi_cell(width(pdf), 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("report", size=12)
    pdf.multi_cell(width(pdf), 7, _("Period: {start} to {end} (China dates, both included). Scope: {place}.",
                                    start=request.start.isoformat(), end=request.end.isoformat(), place=place),
                   new_x="LMARGIN", new_y="NEXT")
    note(pdf, _("Made on {when} (China time). Figures as on the live dashboard; no personal data.",
                when=made.strftime("%Y-%m-%d %H:%M")))

    heading(pdf, _("Figures for the period"))
    h = d.hires
    table(pdf, [_("Figure"), _("Count")], [
        [_("People registered (a registration in the period)"), _n(d.people_total)],
        [_("From registered-poor households"), f"{_n(d.profile.poor['yes'])} ({pct(d.profile.poor_share)})"],
        [_("Hires"), _n(h.total)],
        [_("People hired"), _n(h.people)],
        [_("Hires from registered-poor households"), f"{_n(h.poor)} ({pct(h.poor_share)})"],
        [_("Vacancies posted"), _n(d.openings.total.vacancies)],
        [_("Positions posted / filled"),
         f"{_n(d.openings.total.positions)} / {_n(d.openings.total.hired)} ({pct(d.openings.total.percent)})"],
    ], (5, 2))

    heading(pdf, _("Targets for {year}", year=d.year))
    table(pdf, [_("Figure"), _("Reached"), _("Target"), _("Percent")],
          [[_(METRIC_LABELS.get(t.metric, t.metric)), _n(t.count), _n(t.target), pct(t.percent)]
           for t in d.targets], (4, 2, 2, 2))
    note(pdf, _("A target counts the whole year {year} (as on the dashboard), not only the period.", year=d.year))

    others = _("Others")
    heading(pdf, _("People by home township"))
    bar_chart(pdf, top_with_others([(county.label(t, language) or _("Unknown"), n)
                                    for t, n in d.profile.by_township.items()], others),
              empty=_("Nothing to show for these filters."))
    heading(pdf, _("Hires by destination province"))
    bar_chart(pdf, top_with_others([(province_label(p, language) or _("Unknown"), n) for p, n in h.by_province],
                                   others), empty=_("Nothing to show for these filters."))

    for make in EXTRA_SECTIONS:
        section = make(d, _, county, language)
        if section is None:
            continue
        heading(pdf, section.title)
        if section.figures:
            table(pdf, [_("Figure"), _("Count")], [list(f) for f in section.figures], (5, 2))
        if section.bars:
            if section.bars_title:
                note(pdf, section.bars_title, size=10)
            bar_chart(pdf, top_with_others(section.bars, others), empty=_("Nothing to show for these filters."))
        if section.note:
            note(pdf, section.note)
    _page_numbers(pdf, _)
    return bytes(pdf.output())


MARGIN_FOOT = 12.0


def _page_numbers(pdf: FPDF, _: Gettext) -> None:
    pages = pdf.pages_count
    pdf.set_auto_page_break(False)
    for number in range(1, pages + 1):
        pdf.page = number
        pdf.set_font("report", size=8)
        text = _("Page {page} of {pages}", page=number, pages=pages)
        pdf.text((pdf.w - pdf.get_string_width(text)) / 2, pdf.h - MARGIN_FOOT + 4, text)


@transactional
def record_download(session: Session, *, actor: str, request: ReportRequest, language: str,
                    now: datetime | None = None) -> None:
    session.add(AuditEvent(at=now or utcnow(), actor=actor[:40], action=AUDIT_ACTION, detail={
        "period": f"{request.start.isoformat()} – {request.end.isoformat()}", "township": request.township,
        "language": language}))


def make_report(engine: Engine, request: ReportRequest, *, county: County, language: str, actor: str,
                now: datetime | None = None, read_engine: Engine | None = None) -> bytes:
    """The report's PDF for `request`, its download recorded in the audit log (after the file is made).

    The figures are read from `read_engine` when given (a replica, services/core/read_db.py); the
    record is written to `engine`."""
    if not actor:
        raise ValueError("a report download needs the user name of who asked for it")
    request = request.ordered()
    now = now or utcnow()
    figures = report_dashboard(read_engine or engine, request, now=now)
    pdf = render_report(figures, request, county=county, language=language, made_at=now)
    record_download(engine, actor=actor, request=request, language=language, now=now)
    return pdf


__all__ = ["AUDIT_ACTION", "EXTRA_SECTIONS", "ReportRequest", "Section", "make_report", "record_download",
           "render_report", "report_dashboard"]
