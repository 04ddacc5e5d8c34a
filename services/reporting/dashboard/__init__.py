"""Figures for the organizers' live dashboard, computed in SQL on SQLite and PostgreSQL.

What each figure counts (the page words them the same way):

* **People** (人数) are distinct job seekers. "Registered today", "at this fair", "in total",
  the home-township, age, gender, education, intention and poor-household figures count
  people: someone who registers twice counts once.
* **Registrations made** (登记人次) are check-ins: every time someone registers (a QR form,
  a kiosk, a desk) is one. The per-hour, per-day and per-registration-point charts count
  these, so a person who registers at two points, or on two days, appears in both.
* **Hires** (录用人次) are recorded hires; "people hired" and the targets count people.

The package, one module per concern:

* filters.py — the filter object, the fairs and sites offered, the check-in conditions;
* buckets.py — local days and hours as UTC boundaries, age bands;
* context.py — one request resolved once (spans, conditions, the fair, the charts' days);
* counting.py — SQL building blocks shared by the panels;
* registrations.py, people.py, completeness.py, hires.py, targets.py — the panels, each documenting
  its figures;
* board.py — the registry of panels and the assembled `Dashboard`;
* tuning.py — per-backend choices and the thread pool the panels run on.
"""

from services.reporting.dashboard.board import PANELS, Dashboard, build_dashboard
from services.reporting.dashboard.buckets import (
    AGE_BANDS,
    age_band_cutoffs,
    day_buckets,
    day_span,
    hour_buckets,
    years_before,
)
from services.reporting.dashboard.context import DEFAULT_DAYS, MAX_DAYS
from services.reporting.dashboard.filters import (
    DashboardFilter,
    FairInfo,
    FilterOptions,
    SiteInfo,
    filter_options,
    running_fair,
)
from services.reporting.dashboard.hires import TOP_EMPLOYERS, EmployerRef, Fill, Hires, Openings
from services.reporting.dashboard.people import (
    INTENTION_SHORT,
    NOT_ANSWERED,
    Profile,
    _profile_by_ranges,
    _profile_grouped,
)
from services.reporting.dashboard.registrations import Place
from services.reporting.dashboard.targets import TRANSFER_SCOPES, TargetProgress

__all__ = [
    "AGE_BANDS", "DEFAULT_DAYS", "INTENTION_SHORT", "MAX_DAYS", "NOT_ANSWERED", "PANELS", "TOP_EMPLOYERS",
    "TRANSFER_SCOPES",
    "Dashboard", "DashboardFilter", "EmployerRef", "FairInfo", "Fill", "FilterOptions", "Hires", "Openings",
    "Place", "Profile", "SiteInfo", "TargetProgress", "_profile_by_ranges", "_profile_grouped",
    "age_band_cutoffs", "build_dashboard", "day_buckets", "day_span", "filter_options", "hour_buckets",
    "running_fair", "years_before",
]
