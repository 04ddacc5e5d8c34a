"""Exports of registered job seekers (organizers): masked by default; full ID numbers after a
confirmation, recorded in the audit log. The files are produced by services.reporting.exports and
handed out as encrypted ZIP archives whose one-time password only this page shows
(components.private_download): a copied download link is useless."""

import logging
import tempfile

import streamlit as st

from components import auth, outage, private_download, runtime
from models import Role
from services.reporting.exports import (
    DateField,
    ExportFilter,
    ExportFormat,
    count_registrations,
    export_choices,
    export_full_ids,
    export_registrations,
)

FILE = "exp_file"  # the prepared archive: {"match", "data", "name", "password", "rows", "full", …}
GO_FULL = "exp_go_full"  # set by the confirmed button's callback

_ = runtime.page()
user = auth.require(Role.ORGANIZER)
engine, county, lang = runtime.engine(), runtime.county(), runtime.language()
reads = runtime.read_engine()  # a replica with READ_DATABASE_URL; the full export's audit record goes to `engine`

st.title(_("Exports"))
st.caption(_("Registered job seekers as a spreadsheet. ID numbers and mobile numbers are masked "
             "unless you ask for the full numbers below."))

choices = export_choices(reads)
sources = {"": _("All fairs and sites")}
sources |= {f"fair:{p.id}": _("Fair: {name}", name=p.name) for p in choices.fairs}
sources |= {f"site:{p.id}": _("Site: {name}", name=p.name) for p in choices.sites}
source = st.selectbox(_("Fair or registration site"), list(sources), format_func=sources.get, key="exp_source")
township = st.selectbox(_("Township where the job seeker lives"), ["", *(t.name for t in county.townships)],
                        format_func=lambda t: county.label(t, lang) if t else _("All townships"),
                        key="exp_township")
date_labels = {DateField.CHECKIN: _("Check-in date (any registration or re-registration)"),
               DateField.REGISTERED: _("Date of first registration")}
date_field = st.radio(_("Date range applies to"), list(DateField), format_func=date_labels.get, horizontal=True,
                      key="exp_dates")
col_from, col_to = st.columns(2)
date_from = col_from.date_input(_("From (China date)"), value=None, format="YYYY-MM-DD", key="exp_from")
date_to = col_to.date_input(_("To (China date, included)"), value=None, format="YYYY-MM-DD", key="exp_to")
incomplete_only = st.checkbox(_("Only people whose profile is incomplete (to call them and fill it in)"),
                              key="exp_incomplete")
format_labels = {ExportFormat.CSV: _("CSV (UTF-8, opens in Excel and WPS)"), ExportFormat.XLSX: _("Excel (.xlsx)")}
fmt = st.radio(_("File format"), list(ExportFormat), format_func=format_labels.get, horizontal=True,
               key="exp_format")

if date_from and date_to and date_from > date_to:
    st.error(_("The start date is after the end date."))
    st.stop()
kind, _sep, place_id = source.partition(":")
flt = ExportFilter(fair_id=int(place_id) if kind == "fair" else None,
                   site_id=int(place_id) if kind == "site" else None,
                   township=township or None, date_field=date_field, date_from=date_from, date_to=date_to,
                   incomplete_only=incomplete_only)

count = count_registrations(reads, flt)
st.metric(_("Job seekers matching these filters"), f"{count:,}")
if count == 0:
    st.info(_("No job seekers match these filters. A file would contain only the column headers."))


def produce(full: bool) -> None:
    """Write the file with a progress bar; keep it in the session for the download button."""
    bar = st.progress(0.0, text=_("Preparing the file…"))

    def progress(done: int, total: int) -> None:
        bar.progress(done / total if total else 1.0, text=_("{done} of {total} rows", done=f"{done:,}",
                                                             total=f"{total:,}"))

    args = dict(flt=flt, fmt=fmt, language=lang, county=county, progress=progress)
    with tempfile.TemporaryFile() as out:  # unnamed: gone when closed, even for the full numbers
        try:
            result = (export_full_ids(engine, runtime.vault(), out, actor=user.username, read_engine=reads, **args)
                      if full else export_registrations(reads, out, vault=runtime.vault(), **args))
        except Exception as exc:
            bar.empty()
            if outage.is_unavailable(exc):
                raise  # "briefly unavailable" (components.outage): the choices stay, press again when back
            logging.getLogger(__name__).exception("export failed")
            st.error(_("The file could not be produced (nothing was recorded). Please try again."))
            return
        # handed out only now, after the full export's audit event committed; encrypted (see the component)
        out.seek(0)
        private_download.seal(FILE, out, filename=result.filename, match=(flt, fmt, lang, full),
                              rows=result.rows, full=full)
    bar.empty()


def offer(full: bool) -> None:
    """The password and the download button for a file prepared with exactly the current choices."""
    ready = st.session_state.get(FILE)
    if not ready or ready["match"] != (flt, fmt, lang, full):
        return
    st.success(_("The file is ready: {rows} rows.", rows=f"{ready['rows']:,}"))
    if ready["rows"] == 0:
        st.info(_("The file holds only the column headers: no job seeker matches these filters."))
    # The full numbers leave the session once downloaded; preparing again is logged again.
    private_download.offer(_, FILE, label=_("Download {name}", name=ready["name"]),
                           button_key=f"exp_download_{int(full)}", once=full)


ready = st.session_state.get(FILE)
if ready and ready["match"][:3] != (flt, fmt, lang):
    private_download.forget(FILE)  # the choices changed: that file no longer matches them

st.subheader(_("Masked export"))
st.caption(_("ID numbers show only their first 6 and last 4 characters, mobile numbers their first 3 and last 4."))
if st.button(_("Prepare file"), key="exp_prepare"):
    with outage.guard(action=True):
        produce(full=False)
offer(full=False)

st.subheader(_("Export with full ID numbers"))
st.warning(_("This file contains full ID numbers and mobile numbers: personal data protected by law. "
             "Keep it on a bureau computer, do not send it by chat or e-mail, and delete it when the work "
             "is done. Every export is recorded with your user name, the filters and the number of rows."))
if fmt == ExportFormat.CSV:
    st.caption(_("Excel shows an 18-digit ID number in a CSV file as a rounded number such as 5.30627E+17. "
                 "Choose Excel (.xlsx) to keep ID numbers as text."))


def confirm_full() -> None:
    """Before the run: take the confirmation and untick it, so each full export is confirmed anew."""
    if st.session_state.get("exp_confirm"):
        st.session_state["exp_confirm"] = False
        st.session_state[GO_FULL] = True
        private_download.forget(FILE)  # the masked file above would show a stale password in this run


confirmed = st.checkbox(_("I understand that this file contains personal data, and I need the full numbers "
                          "for official work."), key="exp_confirm")
st.button(_("Prepare file with full ID numbers"), key="exp_prepare_full", disabled=not confirmed,
          on_click=confirm_full)
if st.session_state.pop(GO_FULL, False):
    with outage.guard(action=True):  # confirmed again after an outage (each full export is confirmed anew)
        produce(full=True)
offer(full=True)
