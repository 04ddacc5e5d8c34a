"""Follow-up visits after the hire (organizers, township staff, labor-export workstation staff).

The figures (visits overdue, due and upcoming per township, employer or workstation city), then the
visits themselves, overdue first, a page at a time; choosing one opens the form that records what the
visit found. Township staff see their township only, workstation staff their city
(`followups.lists.scope_for`). Below: the open wage issues in the same scope. The work is done by
services.followups; the pieces are components/followup_*.py.
"""

from dataclasses import replace

import pandas as pd
import streamlit as st

from components import auth, followup_counts, followup_issues, followup_record, routes, runtime
from components.text import literal
from models import Role
from services.core.clock import local_today
from services.core.errors import PortalError
from services.followups import issues as wage_issues
from services.followups import lists, page_queries
from services.followups.due import DueState, Schedule
from services.followups.labels import STATE_LABELS
from services.places.geography import city_label

# On a phone (workstation staff at a factory gate) a table scrolls sideways instead of breaking names letter by letter
_CSS = """<style>
[data-testid="stTable"] { overflow-x: auto; }
[data-testid="stTable"] table { width: max-content; min-width: 100%; }
[data-testid="stTable"] td, [data-testid="stTable"] th { white-space: nowrap; }
</style>"""

_ = runtime.page()
user = auth.require(Role.ORGANIZER, Role.TOWNSHIP, Role.WORKSTATION)
engine, county, lang = runtime.engine(), runtime.county(), runtime.language()
today = local_today()
st.html(_CSS)
st.title(_("Follow-up visits"), anchor=False)
try:
    scope = page_queries.visit_scope(engine, user.user_id)
except PortalError as exc:  # e.g. a township account without its township
    st.error(_(exc.message).format(**exc.values))
    st.stop()
if scope.township:
    st.caption(_("Workers from {township}").format(township=county.label(scope.township, lang)))
elif scope.city:
    st.caption(_("Workers in {city}").format(city=city_label(scope.city, lang)))
else:
    months = _.pgettext("list separator", ", ").join(str(k) for k in Schedule.from_settings().months)
    st.caption(_("Every hired worker is visited {months} months after starting work: record what each visit "
                 "found.").format(months=months))
followup_record.flash(_, engine)
followup_counts.render(_, engine, scope, today, county=county, language=lang)

if user.is_organizer:
    names = ["", *(t.name for t in county.townships)]
    chosen = st.selectbox(_("Township"), names, key="fu_township",
                          format_func=lambda t: county.label(t, lang) if t else _("All townships"))
    scope = replace(scope, township=chosen or None)

STATE_CHOICES = {s: _(STATE_LABELS[s]) for s in (DueState.OVERDUE, DueState.DUE, DueState.UPCOMING)}
STATE_CHOICES |= {"all": _("All to make"), DueState.DONE: _(STATE_LABELS[DueState.DONE])}
state = st.segmented_control(_("Visits"), list(STATE_CHOICES), key="fu_state", required=True,
                             default=DueState.OVERDUE, format_func=STATE_CHOICES.get,
                             on_change=followup_record.forget, args=("fu_page",))
page_no = int(st.session_state.get("fu_page", 1))
found = lists.visit_list(engine, scope, today, state=None if state == "all" else DueState(state), page=page_no - 1)
pages = max(1, -(-found.total // 50))
if page_no > pages:  # fewer visits than when this page was chosen
    st.session_state["fu_page"] = pages
    st.rerun()
if not found.rows:
    st.info(_("No visits here."))
else:
    rows = {r.follow_up_id: r for r in found.rows}

    def place(r) -> str:
        town = county.label(r.township, lang) if r.township else ""
        return f"{town} {r.village}".strip()

    st.table(pd.DataFrame([{
        _("Worker"): literal(r.name), _("Village"): literal(place(r)), _("Employer"): literal(r.employer or ""),
        _("City"): city_label(r.city, lang), _("Visit"): followup_record.visit_label(_, r.month),
        _("Due date"): r.due_date.isoformat(), _("State"): _(followup_record.STATES.get(r.state, r.state)),
        _("Mobile"): r.phone_masked} for r in found.rows]), hide_index=True)
    if pages > 1:
        st.number_input(_("Page ({pages} pages, {total} visits)").format(pages=pages, total=found.total),
                        min_value=1, max_value=pages, key="fu_page")
    picked = st.selectbox(_("Record a visit"), list(rows), index=None, key=f"fu_pick_{state}_{page_no}",
                          placeholder=_("Choose a worker"),
                          format_func=lambda i: f"{rows[i].name} · {place(rows[i])} · {rows[i].employer} · "
                                                f"{rows[i].due_date.isoformat()}")
    if picked is not None:
        st.session_state[followup_record.CHOSEN] = (rows[picked], place(rows[picked]))
# kept while its form is filled in, even when the list changes meanwhile (someone else recorded it)
chosen = st.session_state.get(followup_record.CHOSEN)
if chosen is not None:
    followup_record.chosen_visit(_, engine, chosen[0], user_id=user.user_id, today=today, place=chosen[1])

st.subheader(_("Open wage issues"), anchor=False)
issues = wage_issues.open_issues(engine, township=scope.township, city=scope.city,
                                      employer_id=getattr(scope, "employer_id", None))
if issues:
    followup_issues.table(_, issues, county=county, language=lang)
    if user.is_organizer:
        st.page_link(routes.file("employers"), label=_("Resolve them on the employers page"),
                     icon=":material/apartment:")
else:
    st.caption(_("No open wage issues."))
