"""Audit log (organizers): who did what, when; filtered by who, what, dates and text; paged; exported.

Read from services.reporting.audit_log (paged in SQL, newest first); each action in words and each
detail readable and masked by services.reporting.audit_detail. The export is an encrypted ZIP
(components.private_download: the details name people and accounts) and is itself recorded.
"""

import logging
import tempfile

import pandas as pd
import streamlit as st

from components import auth, outage, private_download, runtime
from models import Role
from services.core.clock import local_today, local_zone
from services.reporting.audit_detail import action_words, actor_words, detail_text
from services.reporting.audit_log import (
    PER_PAGE,
    AuditFilter,
    AuditFormat,
    action_counts,
    audit_actions,
    audit_actors,
    audit_page,
    export_audit_log,
    export_filename,
)

FILE = "aud_file"  # the prepared export: {"match", "data", "name", "password", "rows", …}
ALL = "*"  # the "everyone" / "all actions" choice (no user name or action is "*")
PAGE, PAGE_OF = "aud_page", "aud_page_of"  # the page shown, and the filter it is a page of

_ = runtime.page()
user = auth.require(Role.ORGANIZER)
engine, lang = runtime.engine(), runtime.language()
reads = runtime.read_engine()  # a replica with READ_DATABASE_URL; the export's own record goes to `engine`
zone = local_zone()

st.title(_("Audit log"))
st.caption(_("Who did what, and when: account and employer changes, targets, exports, desk and kiosk actions. "
             "ID numbers and phone numbers are shown masked."))

actors = audit_actors(reads)
actions = sorted(audit_actions(reads), key=lambda a: action_words(a, _))
c1, c2 = st.columns(2)
who = c1.selectbox(_("Who"), [ALL, *actors], key="aud_who",
                   format_func=lambda a: _("Everyone") if a == ALL else actor_words(a, _))
what = c2.selectbox(_("What"), [ALL, *actions], key="aud_what",
                    format_func=lambda a: _("All actions") if a == ALL else action_words(a, _))
c3, c4, c5 = st.columns([1, 1, 2])
date_from = c3.date_input(_("From (China date)"), value=None, max_value=local_today(), format="YYYY-MM-DD",
                          key="aud_from")
date_to = c4.date_input(_("To (China date, included)"), value=None, format="YYYY-MM-DD", key="aud_to")
text = c5.text_input(_("Text in the details"), key="aud_text", max_chars=100,
                     placeholder=_("e.g. a user name, a company, a site code"))
if date_from and date_to and date_from > date_to:
    st.error(_("The start date is after the end date."))
    st.stop()
flt = AuditFilter(actor=None if who == ALL else who, action=None if what == ALL else what, date_from=date_from,
                  date_to=date_to, text=text or "")

counts = action_counts(reads, flt)
with st.expander(_("Events per action ({n} in all)", n=f"{sum(n for _a, n in counts):,}")):
    if counts:
        st.dataframe(pd.DataFrame({_("What"): [action_words(a, _) for a, _n in counts],
                                   _("Events"): [n for _a, n in counts]}), hide_index=True, width="stretch")
    else:
        st.caption(_("Nothing to show for these filters."))

if st.session_state.get(PAGE_OF) != flt:  # other filters: back to the newest events
    st.session_state[PAGE_OF], st.session_state[PAGE] = flt, 1
found = audit_page(reads, flt, page=st.session_state[PAGE], per_page=PER_PAGE)
st.session_state[PAGE] = found.page


def _turn(by: int) -> None:
    st.session_state[PAGE] = max(1, st.session_state.get(PAGE, 1) + by)


if found.total == 0:
    st.info(_("No events match these filters."))
else:
    st.markdown(_("**{total}** events, newest first.", total=f"{found.total:,}"))
    st.dataframe(pd.DataFrame({
        _("Time (China)"): [r.at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S") for r in found.rows],
        _("Who"): [actor_words(r.actor, _) for r in found.rows],
        _("What"): [action_words(r.action, _) for r in found.rows],
        _("Details"): [detail_text(r.detail, _) for r in found.rows],
    }), hide_index=True, width="stretch",
        column_config={_("Details"): st.column_config.TextColumn(width="large")})
    if found.pages > 1:
        back, where, forward = st.columns([1, 2, 1], vertical_alignment="center")
        back.button(_("Newer"), key="aud_newer", on_click=_turn, args=(-1,), disabled=found.page == 1,
                    icon=":material/chevron_left:", width="stretch")
        where.markdown(_("Page {page} of {pages}", page=found.page, pages=found.pages), text_alignment="center")
        forward.button(_("Older"), key="aud_older", on_click=_turn, args=(1,), disabled=found.page == found.pages,
                       icon=":material/chevron_right:", width="stretch")

st.subheader(_("Export"))
format_labels = {AuditFormat.CSV: _("CSV (UTF-8, opens in Excel and WPS)"), AuditFormat.XLSX: _("Excel (.xlsx)")}
fmt = st.radio(_("File format"), list(AuditFormat), format_func=format_labels.get, horizontal=True, key="aud_format")
st.caption(_("The file holds the events matching the filters above, with the details as shown here. "
             "The export itself is recorded in this log."))
match = (flt, fmt, lang)
private_download.sealed(FILE, match)  # a file made for other choices is forgotten
if st.button(_("Prepare file"), key="aud_prepare", disabled=found.total == 0):
    with tempfile.TemporaryFile() as out, outage.guard(action=True):  # database down: the message, press again
        try:
            rows = export_audit_log(engine, out, flt=flt, fmt=fmt, language=lang, actor=user.username,
                                    read_engine=reads)
        except Exception as exc:
            if outage.is_unavailable(exc):
                raise
            logging.getLogger(__name__).exception("audit-log export failed")
            st.error(_("The file could not be produced (nothing was recorded). Please try again."))
        else:
            out.seek(0)
            private_download.seal(FILE, out, filename=export_filename(fmt), match=match, rows=rows)
ready = private_download.sealed(FILE, match)
if ready:
    st.success(_("The file is ready: {rows} rows.", rows=f"{ready['rows']:,}"))
    private_download.offer(_, FILE, label=_("Download {name}", name=ready["name"]), button_key="aud_download",
                           once=False)
