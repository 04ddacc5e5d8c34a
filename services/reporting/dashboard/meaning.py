"""One filter, one meaning: what a chosen place counts, for each group of figures on the dashboard.

A place filter means one of two things, and every figure the page shows under it says which:

* **where people registered** (REGISTERED): check-ins at the chosen fair or registration point, or
  at the fairs held and the points located in the chosen township. The registration figures
  (today, at this fair, in total, per hour, per day, by registration point), the people's
  profile charts and "profiles incomplete" count this way (filters.place_conditions);
* **where people live** (HOME): `seeker.township`, wherever they registered. With a township
  chosen, the hires and the targets count this way: "how many of this township's people found
  work" is what a township's targets ask (hires.py, targets.py).

A registration point chosen, the hires are those of the people who registered there (REGISTERED),
and the targets stay the county's (targets are set per township). Without a place, nothing needs
saying.
"""

from __future__ import annotations

from services.core.i18n import N_
from services.reporting.dashboard.filters import DashboardFilter

REGISTERED = "registered"
HOME = "home"

REGISTRATIONS, HIRES, TARGETS = "registrations", "hires", "targets"
GROUPS = (REGISTRATIONS, HIRES, TARGETS)

# What the page says under each group; {place} is the township's or the point's name.
SAYS: dict[tuple[str, str], str] = {
    (REGISTERED, "township"): N_("Counted where people registered: at the fairs and registration points "
                                 "in {place}, wherever the people live."),
    (REGISTERED, "site"): N_("Counted where people registered: at {place}, wherever the people live."),
    (REGISTERED, "fair"): N_("Counted where people registered: at the chosen fair."),
    (HOME, "township"): N_("Counted where people live: people whose home township is {place}, "
                           "wherever they registered."),
}


def place_kind(flt: DashboardFilter) -> str | None:
    """"site", "township" or "fair": the narrowest place chosen (None: no place)."""
    if flt.site_id is not None:
        return "site"
    if flt.township is not None:
        return "township"
    return "fair" if flt.fair_id is not None else None


def basis(flt: DashboardFilter, group: str) -> str | None:
    """REGISTERED or HOME: how `group`'s figures count the chosen place (None: no place chosen, or
    the group is not narrowed by it)."""
    kind = place_kind(flt)
    if kind is None:
        return None
    if group == REGISTRATIONS:
        return REGISTERED
    if group == HIRES:
        return HOME if kind == "township" else REGISTERED
    if group == TARGETS:
        return HOME if flt.township is not None else None  # a point or a fair: the county's targets
    raise ValueError(f"unknown group {group!r}")


def says(flt: DashboardFilter, group: str) -> str | None:
    """The message id saying what `group` counts under this filter (format it with place=)."""
    b = basis(flt, group)
    if b is None:
        return None
    kind = place_kind(flt)
    if kind == "fair" and group == HIRES:
        return N_("Counted at the chosen fair: hires recorded there.")
    return SAYS[(b, kind or "")]
