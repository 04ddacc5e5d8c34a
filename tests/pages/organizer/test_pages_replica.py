"""Organizer pages reading from a streaming replica (READ_DATABASE_URL, tests/pg.py) with AppTest: the dashboard
shows a registration made on the primary, says how far behind the replica is while its replay is paused and
stops saying it once it caught up; the exports and the audit log read there and write their records to the
primary."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlmodel import select

from components import routes
from models import AuditEvent
from services.core.db import unit_of_work
from services.core.read_db import replica_lag
from services.core.settings import get_settings
from services.places.sources import Source
from services.registration.register import register_seeker, validate_registration
from tests.auth_support import open_staff_page
from tests.conftest import TEST_SECRET
from tests.factories import form, person_id
from tests.pg import _free_port
from tests.replica_support import Replica, replica, wait_for

ROOT = Path(__file__).resolve().parents[3]
LAG = "Figures from the replica"


@pytest.fixture
def on_replica(streaming_replica, warm_streamlit, monkeypatch: pytest.MonkeyPatch, tmp_path) -> Iterator[Replica]:
    """The app configured with the pair: DATABASE_URL the primary, READ_DATABASE_URL the standby; a lag over
    1 s is said."""
    with replica(streaming_replica) as r:
        monkeypatch.setenv("DATABASE_URL", r.pair.primary_url)
        monkeypatch.setenv("READ_DATABASE_URL", r.pair.standby_url)
        monkeypatch.setenv("PORTAL_REPLICA_LAG_SECONDS", "1")
        monkeypatch.setenv("PORTAL_SECRET_KEY", TEST_SECRET)
        monkeypatch.setenv("PORTAL_DATA_DIR", str(tmp_path / "data"))
        monkeypatch.delenv("PORTAL_ENV", raising=False)
        get_settings.cache_clear()
        st.cache_resource.clear()
        st.cache_data.clear()
        try:
            yield r
        finally:
            get_settings.cache_clear()
            st.cache_resource.clear()  # the app's engines on the pair
            st.cache_data.clear()


def _register(r: Replica, vault, county, n: int) -> None:
    draft = validate_registration(form(id_number=person_id(n), phone=f"139{n:08d}"), county=county)
    register_seeker(r.primary, vault, draft, source=Source.direct(), submission_id=f"page-replica-{n}")


def _total(at) -> str:
    return {m.label: m.value for m in at.metric}["In total"]


def _lag_warnings(at) -> list[str]:
    return [w.value for w in at.warning if str(w.value).startswith(LAG)]


@pytest.mark.postgres
def test_the_dashboard_reads_the_replica_and_says_when_it_lags(on_replica: Replica, vault, county) -> None:
    r = on_replica
    url = r.pair.primary_url
    _register(r, vault, county, 1)
    r.wait_caught_up()
    at = open_staff_page(url, "dashboard", lang="en")  # the organizer's account and session: on the primary
    assert not at.exception, [e.value for e in at.exception]
    assert _total(at) == "1" and _lag_warnings(at) == []

    r.pause()
    _register(r, vault, county, 2)
    wait_for(lambda: replica_lag(r.reads, primary=r.primary).lags(1), timeout=60,
             what="the paused replica over 1 s behind")
    st.cache_data.clear()  # the next refresh, without waiting for the cache's 5 s
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert _total(at) == "1"  # the replica's figures: the second registration is not replayed yet
    [said] = _lag_warnings(at)
    assert said.startswith("Figures from the replica, ") and said.endswith(" behind.")

    r.resume()
    r.wait_caught_up()
    st.cache_data.clear()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert _total(at) == "2" and _lag_warnings(at) == []


def _events(r: Replica, action: str) -> list[AuditEvent]:
    with unit_of_work(r.primary, write=False) as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == action)))


@pytest.mark.postgres
def test_the_full_export_reads_the_replica_and_records_on_the_primary(on_replica: Replica, vault, county) -> None:
    r = on_replica
    _register(r, vault, county, 1)
    _register(r, vault, county, 2)
    r.wait_caught_up()
    at = open_staff_page(r.pair.primary_url, "exports", lang="en")
    at.switch_page(str(ROOT / routes.file("exports"))).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.metric[0].value == "2"
    at.checkbox(key="exp_confirm").check().run()
    at.button(key="exp_prepare_full").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["exp_file"]["rows"] == 2
    [event] = _events(r, "export_full_ids")
    assert (event.actor, event.detail["rows"]) == ("org1", 2)


@pytest.mark.postgres
def test_the_audit_log_reads_the_replica_and_its_export_is_recorded_on_the_primary(on_replica: Replica) -> None:
    r = on_replica
    at = open_staff_page(r.pair.primary_url, "audit", lang="en")  # creating the organizer is audited
    r.wait_caught_up()
    at.switch_page(str(ROOT / routes.file("audit"))).run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.dataframe[-1].value) >= 1
    at.button(key="aud_prepare").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.actor for e in _events(r, "audit_log_exported")] == ["org1"]


@pytest.mark.postgres
def test_the_meeting_report_page_opens_on_the_replica(on_replica: Replica) -> None:
    at = open_staff_page(on_replica.pair.primary_url, "reports", lang="en")
    at.switch_page(str(ROOT / routes.file("reports"))).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Meeting report (PDF)"


def test_a_replica_that_cannot_be_reached_is_an_outage_not_an_error(app_env, monkeypatch) -> None:
    """The dashboard says "briefly unavailable" (and retries) when READ_DATABASE_URL does not answer; the
    organizer stays signed in (the session is on the primary)."""
    monkeypatch.setenv("READ_DATABASE_URL", f"postgresql://postgres@127.0.0.1:{_free_port()}/portal")
    get_settings.cache_clear()
    at = open_staff_page(app_env, "dashboard", lang="en")
    assert not at.exception, [e.value for e in at.exception]
    assert [w.value for w in at.warning if "The service is briefly unavailable" in w.value]
    assert "Sign in" not in [t.value for t in at.title]
