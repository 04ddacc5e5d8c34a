"""Households (organizers and township staff): the zero-employment households and the households that need a
plan (一户一策) per township and site, plans overdue, each household's plan recorded and followed, and the
households lifted over the poverty line by wage income. Township staff see their own township only. The rules
are services.households'; the plan form and history are components/household_plan.py."""

import pandas as pd
import streamlit as st

from components import auth, household_plan, runtime
from models import Role
from services.core.clock import local_today
from services.core.errors import PortalError
from services.core.settings import get_settings
from services.households import income, lists, scope

_ = runtime.page()
user = auth.require(Role.ORGANIZER, Role.TOWNSHIP)
engine, county, lang = runtime.engine(), runtime.county(), runtime.language()
today = local_today()

st.title(_("Households"))
st.caption(_("The households with working-age members and nobody in work, and the relocated households without a "
             "member in stable work, each with a plan: the next step, by whom, by when. A household leaves the list "
             "when a member is hired and still working at the next visit."))
try:
    own = scope.township_of(engine, user.user_id)
except PortalError as exc:
    st.error(_(exc.message).format(**exc.values))
    st.stop()


def place(name: str) -> str:
    return county.label(name, lang) if name else "—"


if own is None:
    township = st.selectbox(_("Township"), ["", *(t.name for t in county.townships)], key="hh_township",
                            format_func=lambda t: place(t) if t else _("All townships")) or None
else:
    township = own
    st.caption(_("Township: {township}").format(township=place(own)))

figures = lists.township_figures(engine, today=today, township=township)
totals = [sum(getattr(f, k) for f in figures) for k in ("zero", "needs_plan", "without_plan", "overdue")]
for column, label, value in zip(st.columns(4), (_("Zero-employment households"), _("Need a plan"),
                                                _("Without a plan"), _("Plans overdue")), totals, strict=True):
    column.metric(label, f"{value:,}")
if township is None and figures:
    st.dataframe(pd.DataFrame([{
        _("Township"): place(f.key), _("Households"): f.households, _("Zero-employment households"): f.zero,
        _("Need a plan"): f.needs_plan, _("Without a plan"): f.without_plan, _("Plans overdue"): f.overdue}
        for f in figures]), hide_index=True, width="stretch")

plans_tab, zero_tab, income_tab = st.tabs([_("Plans"), _("Zero-employment households"), _("Income")])


def pager(total: int, key: str, per_page: int = lists.PAGE) -> int:
    pages = max(1, -(-total // per_page))
    if pages == 1:
        return 0
    return int(st.number_input(_("Page"), min_value=1, max_value=pages, value=1, key=key)) - 1


def household_table(rows: list[lists.HouseholdRow]) -> None:
    st.dataframe(pd.DataFrame([{
        _("Household"): f"{place(r.village)} {r.code}", _("Head of household"): r.head_name or "—",
        _("Township"): place(r.township), _("Members"): r.members, _("Working age"): r.working_age,
        _("Situation"): (_("Hired, waiting for a visit") if r.in_work
                         else _("Nobody in work") if r.zero else _("No stable work yet")),
        _("Site"): r.site_name or "—",
        _("Next step"): r.plan.next_step if r.plan else _("No plan yet"),
        _("By whom"): r.plan.by_whom if r.plan else "",
        _("By when"): (f"{r.plan.due_on:%Y-%m-%d}" + (" ⚠ " + _("overdue") if r.plan.overdue else "")
                       if r.plan else "")} for r in rows]), hide_index=True, width="stretch")


with plans_tab:
    kinds = {lists.ListKind.NEEDS_PLAN: _("All on the list"), lists.ListKind.WITHOUT_PLAN: _("Without a plan"),
             lists.ListKind.OVERDUE: _("Plans overdue")}
    kind = st.segmented_control(_("Show"), list(kinds), format_func=kinds.get, key="hh_kind",
                                default=lists.ListKind.NEEDS_PLAN) or lists.ListKind.NEEDS_PLAN
    kind = lists.ListKind(kind)
    total = sum(getattr(f, kind.value) for f in figures)  # the figures count the same households
    page = pager(total, "hh_plan_page")
    rows, total = lists.household_list(engine, today=today, kind=kind, township=township, page=page, total=total)
    if rows:
        st.caption(_("{total} households.").format(total=f"{total:,}"))
        household_table(rows)
        household_plan.render(_, engine, rows, user_id=user.user_id, township=own, place=place, today=today)
    else:
        st.success(_("No household here needs a plan."))

with zero_tab:
    sites = lists.site_figures(engine, today=today, township=township)
    if sites:
        st.dataframe(pd.DataFrame([{
            _("Site"): f.label, _("Households"): f.households, _("Zero-employment households"): f.zero,
            _("Need a plan"): f.needs_plan, _("Plans overdue"): f.overdue} for f in sites]),
            hide_index=True, width="stretch")
    by_site = {int(f.key): f.label for f in sites}
    site_id = st.selectbox(_("Site"), [None, *by_site], key="hh_site",
                           format_func=lambda s: by_site[s] if s is not None else _("All households"))
    total = (sum(f.zero for f in figures) if site_id is None
             else next(f.zero for f in sites if f.key == str(site_id)))
    page = pager(total, "hh_zero_page")
    rows, total = lists.household_list(engine, today=today, kind=lists.ListKind.ZERO, township=township,
                                       site_id=site_id, page=page, total=total)
    if rows:
        st.caption(_("{total} households with working-age members and nobody in work.").format(total=f"{total:,}"))
        household_table(rows)
    else:
        st.success(_("No zero-employment household here."))

with income_tab:
    line = get_settings().poverty_line
    st.caption(_("Wage income per member per year against the poverty line of {line} yuan: from the hires (monthly "
                 "wage × months worked, from the visits) or the village list's annual wage income, the larger. "
                 "Income exactly at the line reaches it.").format(line=f"{line:,}"))
    left, right = st.columns(2)
    year = left.selectbox(_("Year"), [today.year, today.year - 1], key="hh_year")
    poor_only = right.toggle(_("Registered poor households only"), key="hh_poor")
    by_town = income.income_figures(engine, year=year, today=today, township=township, poor_only=poor_only)
    if by_town:
        st.dataframe(pd.DataFrame([{
            _("Township"): place(f.township), _("Households"): f.households, _("Lifted"): f.lifted,
            _("Not yet"): f.not_yet} for f in by_town]), hide_index=True, width="stretch")
    not_yet = sum(f.not_yet for f in by_town)
    page = pager(not_yet, "hh_income_page", income.PAGE)
    shown, count = income.income_list(engine, year=year, today=today, township=township, lifted=False,
                                      poor_only=poor_only, page=page, total=not_yet)
    if shown:
        st.caption(_("Not lifted yet, the lowest income per member first: {first}–{last} of {total}.").format(
            first=page * income.PAGE + 1, last=page * income.PAGE + len(shown), total=f"{count:,}"))
        st.dataframe(pd.DataFrame([{
            _("Household"): f"{place(r.village)} {r.code}", _("Head of household"): r.head_name or "—",
            _("Members"): r.income.members, _("Wage income (yuan)"): r.income.income,
            _("Per member (yuan)"): r.income.per_member, _("Short of the line (yuan)"):
                max(0, line * r.income.members - r.income.income)} for r in shown]), hide_index=True, width="stretch")
    elif by_town:
        st.success(_("Every household here has reached the line in {year}.").format(year=year))
