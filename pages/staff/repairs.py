"""The data-repair queue (organizers: every township, with a chooser; township staff: theirs only): the figures (open
items, the oldest wait), the rows imports left out (fixed in place or dismissed with a reason), incomplete profiles,
identity claims not reviewed (settled at the staff desk), and a person's history of changes with an undo. The work
is done by services.repairs; the left-out rows and the history are drawn by components/repair_*.py."""

import pandas as pd
import streamlit as st

from components import auth, profile_groups, repair_history, repair_left_out, repair_unreachable, routes, runtime
from models import Role
from models.base import utcnow
from services.accounts.township import township_scope
from services.core.errors import PortalError
from services.registration.profile import GROUP_LABELS
from services.repairs import queue

_ = runtime.page()
user = auth.require(Role.ORGANIZER, Role.TOWNSHIP)
engine, county, vault, lang = runtime.engine(), runtime.county(), runtime.vault(), runtime.language()
try:
    scope = township_scope(engine, user.user_id)
except PortalError as exc:
    st.error(_(exc.message, **exc.values))
    st.stop()

st.title(_("Data repair queue"))
st.caption(_("The people and records that need attention, per township: fix them here, or at the registration "
             "desk where the ID card is needed."))

figures = queue.figures(engine, township=scope.township)
now = utcnow()
if figures:
    st.dataframe(pd.DataFrame([{
        _("Township"): county.label(f.township, lang) if f.township else "—", _("Identity claims"): f.claims,
        _("Incomplete profiles"): f.incomplete, _("Rows left out of imports"): f.left_out,
        _("Phones unreachable at follow-up"): f.unreachable,
        _("Oldest waiting (days)"): f.waited_days(now)} for f in figures]), hide_index=True)
else:
    st.success(_("Nothing is waiting for repair."))

if scope.everywhere:
    names = ["", *(t.name for t in county.townships)]
    township = scope.narrow(st.selectbox(_("Township"), names, key="repair_township",
                                         format_func=lambda t: county.label(t, lang) if t else _("All townships")))
else:
    township = scope.township



has_desk = user.role in routes.ROLES[routes.Audience.DESK]


def desk_link() -> None:
    """The desk settles what needs the ID card; township staff have no desk page: the desk does it."""
    if has_desk:
        st.page_link(routes.file("desk"), label=_("Open the registration desk"), icon=":material/badge:")


left_tab, incomplete_tab, claims_tab, unreachable_tab, history_tab = st.tabs(
    [_("Rows left out of imports"), _("Incomplete profiles"), _("Identity claims"),
     _("Phones unreachable at follow-up"), _("History of changes")])

with left_tab:
    items, total = queue.left_out_rows(engine, vault, township=township, language=lang)
    if total > len(items):
        st.caption(_("The {shown} oldest of {total}.").format(shown=len(items), total=total))
    repair_left_out.render(_, engine, vault, items, staff_id=user.user_id, county=county, township=scope.township)

with incomplete_tab:
    st.caption(_("Answer the missing questions with the person here, or at the registration desk by ticket code."))
    page_count = max(1, -(-queue.incomplete(engine, township=township, per_page=1)[1] // queue.PAGE))
    page = st.number_input(_("Page"), min_value=1, max_value=page_count, value=1, key="repair_incomplete_page") - 1
    people, total = queue.incomplete(engine, township=township, page=int(page))
    st.caption(_("{total} people with an incomplete profile.").format(total=total))
    if people:
        st.dataframe(pd.DataFrame([{
            _("Name"): p.name, _("Ticket code"): p.ticket_code, _("Village"): p.village, _("Mobile"): p.phone_masked,
            _("Missing answers"): "、".join(_(GROUP_LABELS[g]) for g in p.missing),
            _("Registered"): f"{p.registered_at:%Y-%m-%d}"} for p in people]), hide_index=True)
        shown = {p.ticket_code: p for p in people}
        person = st.selectbox(_("Answer the missing questions of"), ["", *shown], key="repair_incomplete_person",
                              format_func=lambda c: f"{shown[c].name} · {c}" if c else _("Choose a person"))
        if person:
            profile_groups.render(_, person, staff=(user.user_id, scope.township))
    desk_link()

with claims_tab:
    claims = queue.open_claims(engine, vault, township=township)
    st.caption(_("Someone registered an ID number that is already registered from another mobile. Check the ID "
                 "card at the registration desk: it changes the mobile and closes the claim."))
    if claims:
        st.dataframe(pd.DataFrame([{
            _("Registered name"): c.registered_name, _("Ticket code"): c.ticket_code,
            _("Name typed"): c.claimed_name, _("New mobile"): c.claimed_mobile,
            _("Since"): f"{c.created_at:%Y-%m-%d}"} for c in claims]), hide_index=True)
    else:
        st.info(_("No identity claims waiting here."))
    desk_link()

with unreachable_tab:
    repair_unreachable.render(_, engine, township=township, staff_id=user.user_id, county=county, language=lang,
                              desk=has_desk)

with history_tab:
    repair_history.render(_, engine, staff_id=user.user_id, township=scope.township)
