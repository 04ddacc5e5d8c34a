"""The reports that may read from a replica (services/core/read_db.py): given a read-only engine they read
there and write their audit records to the primary; on both backends (the read engine on the same database,
read-only) and on a real streaming replica (tests/pg.py)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from models import AuditEvent
from services.core.clock import local_today
from services.core.db import unit_of_work
from services.core.read_db import make_read_engine
from services.places.sources import Source
from services.registration.register import register_seeker, validate_registration
from services.reporting.audit_log import EXPORT_ACTION, AuditFilter, export_audit_log
from services.reporting.exports import ExportFilter, export_full_ids, export_registrations
from services.reporting.report_pdf import AUDIT_ACTION, ReportRequest, make_report
from tests.factories import form, person_id
from tests.replica_support import replica


@pytest.fixture
def reads(engine: Engine) -> Iterator[Engine]:
    """A read-only engine on the test database (as READ_DATABASE_URL naming the primary would give)."""
    read_engine = make_read_engine(engine.url.render_as_string(hide_password=False))
    yield read_engine
    read_engine.dispose()


def _register(engine: Engine, vault, county, n: int) -> None:
    draft = validate_registration(form(id_number=person_id(n), phone=f"139{n:08d}"), county=county)
    register_seeker(engine, vault, draft, source=Source.direct(), submission_id=f"reads-{n}")


def _actions(engine: Engine) -> list[str]:
    with unit_of_work(engine, write=False) as s:
        return list(s.exec(select(AuditEvent.action).order_by(AuditEvent.id)))


def _all_three(primary: Engine, reads: Engine, vault, county, settle: Callable[[], None] = lambda: None) -> None:
    """The full-ID export, the audit-log export and the meeting report, reading through `reads` (`settle`:
    until the reads see what the primary wrote)."""
    out = io.BytesIO()
    result = export_full_ids(primary, vault, out, actor="org1", flt=ExportFilter(), fmt="csv", language="en",
                             county=county, read_engine=reads)
    assert result.rows == 2 and out.getvalue().count(b"\r\n") == 3
    masked = export_registrations(reads, io.BytesIO(), vault=vault, flt=ExportFilter(), fmt="xlsx", language="en",
                                  county=county)
    assert masked.rows == 2
    settle()
    rows = export_audit_log(primary, io.BytesIO(), flt=AuditFilter(), fmt="csv", language="en", actor="org1",
                            read_engine=reads)
    assert rows == 1  # the full export's event
    today = local_today()
    pdf = make_report(primary, ReportRequest(date(today.year, 1, 1), today, None), county=county, language="en",
                      actor="org1", read_engine=reads)
    assert pdf.startswith(b"%PDF")
    assert _actions(primary)[-3:] == ["export_full_ids", EXPORT_ACTION, AUDIT_ACTION]


def test_reads_on_a_read_only_engine_records_on_the_primary(engine, reads, vault, county) -> None:
    _register(engine, vault, county, 1)
    _register(engine, vault, county, 2)
    _all_three(engine, reads, vault, county)


@pytest.mark.postgres
def test_reads_on_a_streaming_replica_records_on_the_primary(streaming_replica, vault, county) -> None:
    with replica(streaming_replica) as r:
        _register(r.primary, vault, county, 1)
        _register(r.primary, vault, county, 2)
        r.wait_caught_up()
        _all_three(r.primary, r.reads, vault, county, settle=r.wait_caught_up)
