"""The migrations build exactly the schema the models declare, and downgrade cleanly."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import models  # noqa: F401
from services.core.db import alembic_config, migrate


def test_models_and_migrations_agree(engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_downgrade_to_base_and_up_again(engine) -> None:
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    migrate(engine)
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == "0040"


def test_0009_drops_the_id_mask_and_keeps_every_seeker(engine, vault, county) -> None:
    """A database at 0008 with a seeker (and their trades and check-in): after 0009 the clear mask
    is gone, the row and what refers to it are kept, and the ticket look-up still finds it."""
    from sqlalchemy import inspect, text

    from services.places.sources import Source
    from services.registration.register import register_seeker, validate_registration
    from services.registration.tickets import find_ticket
    from tests.factories import form, person_id

    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008")
        conn.execute(text(
            "INSERT INTO seeker (ticket_code, name, id_hmac, id_enc, id_masked, phone_hmac, phone_enc, phone_masked,"
            " birth_date, gender, township, village, education, intention, willing_to_train, poor_household,"
            " leave_constraint, consent_version, consented_at, source_kind, created_at, updated_at) VALUES"
            " ('ABCD2345', '王秀兰', :ih, :ie, :im, :ph, :pe, '139****5678', '1980-05-17', 'F', '城关镇', '城关社区',"
            " 'junior', 'nearby', false, 'no', 'none', 'v1', '2026-01-01 00:00:00', 'direct',"
            " '2026-01-01 00:00:00', '2026-01-01 00:00:00')"),
            {"ih": vault.digest("id", person_id()), "ie": vault.encrypt(person_id()),
             "im": person_id()[:6] + "********" + person_id()[-4:], "ph": vault.digest("phone", "13912345678"),
             "pe": vault.encrypt("13912345678")})
        conn.execute(text("INSERT INTO seeker_trade (seeker_id, trade) SELECT id, 'cleaning' FROM seeker"))
    migrate(engine)
    with engine.connect() as conn:
        assert "id_masked" not in {c["name"] for c in inspect(conn).get_columns("seeker")}
        assert conn.execute(text("SELECT count(*) FROM seeker_trade")).scalar_one() == 1
        assert conn.execute(text("SELECT id_last4_hmac FROM seeker")).scalar_one() is None
    assert find_ticket(engine, vault, phone="13912345678", id_last4=person_id()[-4:]).ticket.code == "ABCD2345"
    again = register_seeker(engine, vault, validate_registration(form(), county=county),
                            source=Source.direct(), submission_id="m1")
    assert not again.created


def test_0010_makes_the_profile_optional_and_keeps_every_seeker_and_what_refers_to_them(engine, vault, county
                                                                                        ) -> None:
    """A database at 0009 with a registered seeker, their trades and check-in: after 0010 (SQLite rebuilds
    the table) nothing is lost, nothing cascades away, and the old row counts as a complete profile."""
    from sqlalchemy import inspect, text

    from services.places.sources import Source
    from services.registration.profile import get_profile
    from services.registration.register import register_seeker, validate_registration
    from tests.factories import form

    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0009")
        conn.execute(text(
            "INSERT INTO seeker (ticket_code, name, id_hmac, id_enc, phone_hmac, phone_enc, phone_masked,"
            " birth_date, gender, township, village, education, intention, willing_to_train, poor_household,"
            " leave_constraint, consent_version, consented_at, source_kind, created_at, updated_at) VALUES"
            " ('ABCD2345', '王秀兰', 'ih', 'ie', 'ph', 'pe', '139****5678', '1980-05-17', 'F', '城关镇', '东门村',"
            " 'junior', 'nearby', false, 'no', 'none', 'v1', '2026-01-01 00:00:00', 'direct',"
            " '2026-01-01 00:00:00', '2026-01-01 00:00:00')"))
        conn.execute(text("INSERT INTO seeker_trade (seeker_id, trade) SELECT id, 'cleaning' FROM seeker"))
        conn.execute(text("INSERT INTO checkin (seeker_id, channel, submission_id, created_at)"
                          " SELECT id, 'qr', 'old', '2026-01-01 00:00:00' FROM seeker"))
    migrate(engine)
    with engine.connect() as conn:
        columns = {c["name"]: c for c in inspect(conn).get_columns("seeker")}
        assert all(columns[c]["nullable"] for c in ("education", "intention", "willing_to_train", "poor_household",
                                                   "leave_constraint"))
        assert conn.execute(text("SELECT count(*) FROM seeker_trade")).scalar_one() == 1
        assert conn.execute(text("SELECT count(*) FROM checkin")).scalar_one() == 1
    assert get_profile(engine, ticket_code="ABCD2345").complete
    fresh = register_seeker(engine, vault, validate_registration(form(), county=county), source=Source.direct(),
                            submission_id="new")
    assert get_profile(engine, ticket_code=fresh.ticket_code).complete


def test_head_revision_is_alembics_head() -> None:
    from alembic.script import ScriptDirectory

    from services.core.db import HEAD_REVISION

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD_REVISION


def test_a_current_database_is_opened_without_importing_alembic(tmp_path) -> None:
    """App servers start on a migrated database: Alembic (about 12 MB) stays out of their memory."""
    import subprocess
    import sys
    from pathlib import Path

    from services.core.db import make_engine

    url = f"sqlite:///{tmp_path / 'portal.db'}"
    migrate(make_engine(url))
    probe = ("import sys; from services.core.db import make_engine, migrate; "
             f"migrate(make_engine({url!r})); print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         cwd=str(Path(__file__).resolve().parents[2]))
    assert out.stdout.strip() == "False"


def test_a_database_with_households_from_before_0029_is_filled_on_the_way_up(engine) -> None:
    """0029, 0036 and 0039 each fill the status rows with the one fill of `rebuild-summaries`, which then
    writes only the columns that revision has: a county with households before 0029 reaches the head, its rows
    and counters right (`--verify`), this year's and last year's income counted."""
    from datetime import date

    from sqlalchemy import text

    from services.core.clock import local_today
    from services.summaries.household_rebuild import verify_status

    today = local_today()
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0027")
        conn.execute(text(
            "INSERT INTO household (township, village, code, size, poor, annual_wage_income, income_declared_on,"
            " created_at, updated_at) VALUES ('城关镇', '东门村', 'A1', 2, true, 9000, :last, :now, :now),"
            " ('河口乡', '西村', 'B1', 1, false, 5000, :this, :now, :now)"),
            {"last": date(today.year - 1, 6, 1), "this": today, "now": "2026-01-01 00:00:00"})
    migrate(engine)
    with engine.begin() as conn:
        rows = conn.execute(text("SELECT township, declared, lifted, prev_declared, prev_lifted FROM household_status"
                                 " ORDER BY township")).all()
        assert [tuple(r) for r in rows] == [("城关镇", None, 0, 9000, 1), ("河口乡", 5000, 1, None, 0)]
        counts = conn.execute(text("SELECT sum(households), sum(lifted), sum(prev_lifted), sum(prev_lifted_poor)"
                                   " FROM household_count")).one()
        assert tuple(counts) == (2, 1, 1, 1)
        assert verify_status(conn)[0] == (0, 0)
