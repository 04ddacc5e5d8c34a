"""The meeting report's sections after the charts (report_pdf.EXTRA_SECTIONS): retention, transfer income and
training, each read from the same dashboard the report's other figures come from (its period and township).

* Retention: the hires recorded in the period, at each k-month visit whose date has passed (the dashboard's
  retention panel: reporting/dashboard/retention.py) — still working, of how many, lost and pending beside.
* Transfer income: the wages those hires have earned so far (reporting/dashboard/income.py), by home township.
* Training: people who completed a course in the year the period ends in, against the year's target
  (reporting/dashboard/training.py; a yearly figure, like the targets).

Figures only, never a person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from services.core.i18n import Gettext
from services.followups.labels import months_label
from services.places.county import County
from services.reporting.dashboard.income import Income
from services.reporting.dashboard.retention import Retention
from services.reporting.dashboard.training import TrainingProgress
from services.training.labels import KIND_LABELS, trained_sentence

if TYPE_CHECKING:
    from services.reporting.dashboard import Dashboard


@dataclass(frozen=True)
class Section:
    """A block after the charts: a title, (label, value) figures and optional bars."""

    title: str  # translated already
    figures: list[tuple[str, str]] = field(default_factory=list)
    bars: list[tuple[str, int]] = field(default_factory=list)
    bars_title: str = ""
    note: str = ""


def pct(value: float | None) -> str:
    """A percent with one decimal, "—" when there is none (the report's tables)."""
    return "—" if value is None else f"{value:.1f}%"


def retention_section(d: Dashboard, _: Gettext, county: County, language: str) -> Section | None:
    r = d.extra.get("retention")
    if not isinstance(r, Retention) or not r.months:
        return None
    figures = []
    for k in r.months:
        c = r.overall[k]
        figures.append((_("Still working at {months}", months=months_label(_, k)),
                        f"{pct(c.percent)} ({c.working:,} / {c.reached:,})"))
        figures.append((_("Lost to follow-up / pending at {months}", months=months_label(_, k)),
                        f"{c.lost:,} / {c.pending:,}"))
    return Section(_("Still working after the hire"), figures, note=_(
        "Hires recorded in the period whose k-month visit date has passed; still working = that visit found them "
        "working for the same employer. Lost to follow-up and pending visits are never counted as working."))


def income_section(d: Dashboard, _: Gettext, county: County, language: str) -> Section | None:
    inc = d.extra.get("income")
    if not isinstance(inc, Income):
        return None
    bars = [(county.label(t.township, language) if t.township else _("Other places"), t.income)
            for t in inc.by_township if t.income]
    return Section(_("Transfer income estimate"),
                   [(_("Wages earned so far (estimate), yuan"), f"{inc.total:,}"),
                    (_("Hires started"), f"{inc.hires:,}"), (_("Months of work"), f"{inc.months:,}")],
                   bars, _("Wages earned by home township (yuan)"),
                   _("For each hire recorded in the period: the monthly wage (the latest a visit recorded, else the "
                     "hire's) times the whole months worked so far. Gross wages, an estimate."))


def training_section(d: Dashboard, _: Gettext, county: County, language: str) -> Section | None:
    p = d.extra.get("training")
    if not isinstance(p, TrainingProgress):
        return None
    t = p.trained
    place = county.label(p.township, language) if p.township else _("whole county")
    return Section(_("Skills training in {year}: {place}", year=p.year, place=place),
                   [(_("People trained"), f"{t.people:,}"),
                    (_("Registered poor"), f"{t.poor:,} ({pct(t.poor_share)})"),
                    (_("Target"), "—" if p.target is None else f"{p.target:,}"),
                    (_("Percent"), pct(p.percent))],
                   [(_(KIND_LABELS[k]), t.by_kind.get(k, 0)) for k in KIND_LABELS if t.by_kind.get(k)],
                   _("People trained by course kind"),
                   _("{sentence}. A yearly figure, like the targets: the whole year {year}, not only the period.",
                     sentence=trained_sentence(_, t.people, t.poor, p.target), year=p.year))


SECTIONS = (retention_section, income_section, training_section)
