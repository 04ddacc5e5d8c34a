"""What a page that reads from a replica says when the replica lags (services/core/read_db.py).

Nothing without READ_DATABASE_URL (no query either); with it, the lag is read at most every few seconds
per process, like the figures, and shown only beyond `PORTAL_REPLICA_LAG_SECONDS`.
"""

from __future__ import annotations

import streamlit as st

from components import runtime
from services.core.i18n import Translator
from services.core.read_db import ReplicaLag, replica_lag

CACHE_SECONDS = 5


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False, max_entries=4)
def _lag(read_url: str) -> ReplicaLag:
    """`read_url` only keys the cache."""
    return replica_lag(runtime.read_engine(), primary=runtime.engine())


def lag_words(_: Translator, lag: ReplicaLag) -> str:
    if lag.seconds is None:
        return _("Figures from the replica, which is behind the main database.")
    if lag.seconds < 120:
        return _("Figures from the replica, {seconds} s behind.", seconds=int(lag.seconds))
    return _("Figures from the replica, {minutes} min behind.", minutes=int(lag.seconds // 60))


def lag_note(_: Translator) -> None:
    """The warning when the figures come from a replica that lags; with a replica, an empty slot otherwise
    (drawn on every run, so a refresh that adds or removes the warning shifts nothing below). Without a
    replica: nothing at all."""
    current = runtime.settings()
    if not current.reads_from_replica:
        return
    with st.container():
        lag = _lag(current.effective_read_database_url)
        if lag.lags(current.replica_lag_seconds):
            st.warning(lag_words(_, lag), icon=":material/schedule:")
