"""On a kept ticket opened from a fair's or site's QR link: one tap to say "I am here" (a check-in)."""

from __future__ import annotations

import streamlit as st

from components import outage, runtime
from components.registration_form import submission_id
from components.text import literal
from services.core.i18n import Translator
from services.places.sources import Source
from services.registration.checkin import check_in_ticket

DONE = "kept_checkin_done"  # (ticket code, fair id, site id) checked in by this session


@outage.callback
def _check_in(code: str, source: Source) -> None:
    check_in_ticket(runtime.engine(), ticket_code=code, source=source, submission_id=submission_id())
    st.session_state[DONE] = (code, source.fair_id, source.site_id)


def offer_check_in(_: Translator, *, code: str, source: Source) -> None:
    """The check-in button for `source`, or "checked in" once pressed (nothing for a direct link)."""
    if source.fair_id is None and source.site_id is None:
        return
    if st.session_state.get(DONE) == (code, source.fair_id, source.site_id):
        st.success(_("You are checked in at {place}.").format(place=literal(source.name)), icon="✅")
        return
    label = _("I am here at {place}: check me in").format(place=literal(source.name))
    st.button(label, type="primary", width="stretch", icon="🙋", on_click=_check_in,
              args=(code, source), key="kept_checkin")
