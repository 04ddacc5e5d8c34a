"""Import a village list (organizers, and township staff for their township): download the template, upload
the filled list, confirm its columns, check it (a dry run: problems grouped by column, repairs apart), fix
rows in place or leave them out (their error workbook goes back to the village, encrypted), then import the
chosen rows in one transaction and see the summary. The work is done by services.imports (reading, headers,
template, checking, error_book, saving); the steps are drawn by components/import_*.py. Township staff import
their township's people only (`accounts.township`: other townships' rows are refused row by row);
organizers import for the whole county or choose one township."""

from dataclasses import replace

import streamlit as st

from components import auth, import_fixes, import_report, import_save, import_upload, runtime
from components import import_state as state
from models import Role
from services.accounts.township import township_scope
from services.core.errors import PortalError
from services.imports import checking

_ = runtime.page()
user = auth.require(Role.ORGANIZER, Role.TOWNSHIP)
engine, county, lang = runtime.engine(), runtime.county(), runtime.language()
try:
    scope = township_scope(engine, user.user_id)
except PortalError as exc:
    st.error(_(exc.message, **exc.values))
    st.stop()

st.title(_("Import village lists"))
st.caption(_("Village cadres keep their workers in Excel. Check a list here before anything is saved: every "
             "problem is shown with its row and column, and only the rows you choose are imported."))
if scope.everywhere:
    chosen = st.selectbox(_("Import for"), ["", *(t.name for t in county.townships)], key="imp_township",
                          on_change=state.ask_check,
                          format_func=lambda t: county.label(t, lang) if t else _("All townships"),
                          help=_("Choose a township to refuse the rows of other townships."))
    township = scope.narrow(chosen)
else:
    township = scope.township
    st.info(_("You import the people of {township} only.", township=county.label(township or "", lang)))
place = county.township(township) if township else None
import_upload.template_download(_, replace(county, townships=(place,)) if place else county, lang)
uploaded = import_upload.upload(_)
if uploaded is None:
    st.stop()
table, mapping = uploaded
if not import_upload.confirm_columns(_, table, mapping):
    st.stop()

if state.get(state.RUN_CHECK) or state.get(state.REPORT) is None:
    bar, progress = state.progress_bar(_, _("Checking…"))
    checked_table = checking.apply_edits(table, state.edits()) if state.edits() else table
    state.checked(checking.check_table(engine, runtime.vault(), checked_table, mapping, county=county,
                                       progress=progress, township=township))
    bar.empty()
report = state.get(state.REPORT)

import_report.render(_, report)
import_fixes.render(_, report)
import_save.render(_, engine, runtime.vault(), report, staff_id=user.user_id, township=township)
