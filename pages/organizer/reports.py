"""The meeting report (organizers): a PDF of the county's figures, targets and charts for a period.

The figures are the live dashboard's (services.reporting.report_pdf builds them with the dashboard's
own panels). The PDF is made when the button is pressed (Streamlit runs the callable then, on its own
thread) and each download is recorded in the audit log. It holds figures only, so a plain download.
"""

import logging
from datetime import date

import streamlit as st

from components import auth, routes, runtime
from models import Role
from services.core.clock import local_today
from services.core.i18n import LANGUAGE_NAMES
from services.reporting.report_pdf import ReportRequest, make_report

_ = runtime.page()
user = auth.require(Role.ORGANIZER)
engine, county, lang = runtime.engine(), runtime.county(), runtime.language()
reads = runtime.read_engine()  # the figures (a replica with READ_DATABASE_URL); the download's record: `engine`
today = local_today()

st.title(_("Meeting report (PDF)"))
st.caption(_("A printable report for the bureau's meetings: the figures of a period, the year's targets with the "
             "percent reached, registrations by township and hires by destination. The same figures as the live "
             "dashboard; no personal data."))

period = st.date_input(_("Period (China dates)"), value=(today.replace(day=1), today), max_value=today,
                       format="YYYY-MM-DD", key="rep_period")
townships = [t.name for t in county.townships]
township = st.selectbox(_("Township"), [None, *townships], key="rep_township",
                        format_func=lambda t: _("Whole county") if t is None else county.label(t, lang))
language = st.radio(_("Language of the report"), list(LANGUAGE_NAMES), format_func=LANGUAGE_NAMES.get,
                    horizontal=True, key="rep_language")

if not isinstance(period, tuple) or len(period) != 2:
    st.info(_("Choose the first and the last day of the period."))
    st.stop()
start, end = period
request = ReportRequest(start, end, township).ordered()
actor = user.username


def _pdf() -> bytes:
    """Made on the click (its own thread: no Streamlit calls here); the download is audited."""
    try:
        return make_report(engine, request, county=county, language=language, actor=actor, read_engine=reads)
    except Exception:
        logging.getLogger(__name__).exception("meeting report failed")
        raise


def _name(start: date, end: date) -> str:
    return f"report-{start:%Y%m%d}-{end:%Y%m%d}.pdf"


st.download_button(_("Download the report (PDF)"), data=_pdf, file_name=_name(request.start, request.end),
                   mime="application/pdf", on_click="ignore", key="rep_download", icon=":material/picture_as_pdf:",
                   type="primary")
st.caption(_("Making the file takes a few seconds. Each download is recorded in the audit log."))
st.page_link(routes.file("dashboard"), label=_("Open the live dashboard"), icon=":material/monitoring:")
