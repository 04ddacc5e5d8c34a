"""The database unavailable, with AppTest: every public page says so in the chosen language (no error
box), keeps what was typed, and carries on once the database answers again; a confirm pressed again
after the outage saves one registration. The browser test on a real PostgreSQL that is stopped and
started is tests/browser/test_outage_browser.py."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import create_engine
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from components import outage, runtime
from models import Application, CheckIn, Employer, Seeker
from services.accounts import passwords
from services.core.availability import is_database_unavailable, ping
from services.core.crypto import Vault
from services.core.db import make_engine, unit_of_work
from services.core.validation import make_credit_code
from services.places.sources import create_fair
from services.registration.tickets import format_ticket_code
from tests.apptest_support import APP, ENGLISH_WORD, click, fill_registration, open_page, visible_text
from tests.auth_support import PASSWORD
from tests.conftest import TEST_SECRET
from tests.factories import make_employer, make_vacancy, register

DEAD_PG = "postgresql+psycopg://postgres@127.0.0.1:1/portal"  # nothing listens on port 1: refused at once
ZH = {"message": "服务暂时不可用", "try": "立即重试", "back": "服务已恢复", "next": "下一步：核对信息",
      "confirm": "确认，领取二维码", "done": "登记成功！", "check": "请核对您的信息", "edit": "返回修改"}
EN = {"message": "The service is briefly unavailable", "try": "Try again now", "back": "The service is back",
      "next": "Next: check my details", "confirm": "Confirm and get my ticket", "done": "You are registered.",
      "check": "Please check your details", "edit": "Back to edit"}


class Switch:
    """The app's engine, or a dead one while `down` (a stopped PostgreSQL or an unreadable SQLite file)."""

    def __init__(self, dead: Engine):
        self._down = False
        self.dead = dead
        self.live = runtime.engine

    @property
    def down(self) -> bool:
        return self._down

    @down.setter
    def down(self, value: bool) -> None:
        self._down = value
        outage._last_ok = 0.0  # the shell's ping is shared by the process for a few seconds

    def engine(self) -> Engine:
        return self.dead if self.down else self.live()


@pytest.fixture(params=["postgres-stopped", "sqlite-unreadable"])
def db(request: pytest.FixtureRequest, app_env: str, monkeypatch: pytest.MonkeyPatch, tmp_path) -> Iterator[Switch]:
    dead = (create_engine(DEAD_PG) if request.param == "postgres-stopped"
            else create_engine(f"sqlite:///{tmp_path}/no-such-dir/portal.db"))
    switch = Switch(dead)
    monkeypatch.setattr(runtime, "engine", switch.engine)
    monkeypatch.setattr(outage, "_last_ok", 0.0)
    yield switch
    dead.dispose()


def _texts(at: AppTest) -> str:
    return " ".join(visible_text(at))


def _message(at: AppTest, words: dict[str, str]) -> list[str]:
    return [w.value for w in at.warning if words["message"] in w.value]


def _no_error_box(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _recover(at: AppTest, db: Switch, words: dict[str, str]) -> AppTest:
    db.down = False
    click(at, words["try"])  # what the fragment does by itself every few seconds
    assert not _message(at, words)
    return at


def _seekers(url: str) -> tuple[int, int]:
    with unit_of_work(make_engine(url), write=False) as s:
        return len(s.exec(select(Seeker)).all()), len(s.exec(select(CheckIn)).all())


# --- the rule: which errors mean "unavailable" ---------------------------------------------------


def test_classification_of_real_errors(tmp_path) -> None:
    dead = create_engine(DEAD_PG)
    with pytest.raises(sa_exc.OperationalError) as refused:
        ping(dead)
    assert is_database_unavailable(refused.value)
    with pytest.raises(psycopg.OperationalError) as raw:
        psycopg.connect("host=127.0.0.1 port=1 user=postgres connect_timeout=2")
    assert is_database_unavailable(raw.value)
    with pytest.raises(sa_exc.OperationalError) as unopened:
        ping(create_engine(f"sqlite:///{tmp_path}/missing/x.db"))
    assert is_database_unavailable(unopened.value)
    # a bug is not an outage: SQLite's "no such table" is an OperationalError too
    sqlite = create_engine(f"sqlite:///{tmp_path}/x.db")
    with pytest.raises(sa_exc.OperationalError) as missing_table, sqlite.connect() as conn:
        conn.exec_driver_sql("SELECT * FROM nowhere")
    assert not is_database_unavailable(missing_table.value)
    assert not is_database_unavailable(ValueError("no"))


def test_classification_of_wrapped_errors() -> None:
    lost = sa_exc.DBAPIError("SELECT 1", {}, Exception("server closed the connection"), connection_invalidated=True)
    assert is_database_unavailable(lost)
    assert is_database_unavailable(sa_exc.InterfaceError("SELECT 1", {}, psycopg.InterfaceError("closed")))
    assert is_database_unavailable(sa_exc.TimeoutError("QueuePool limit reached"))
    locked = sa_exc.OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))
    assert is_database_unavailable(locked)
    try:  # raised while handling an outage: found through the chain
        try:
            raise psycopg.OperationalError("connection refused")
        except psycopg.OperationalError as exc:
            raise RuntimeError("while saving") from exc
    except RuntimeError as outer:
        assert is_database_unavailable(outer)
    assert not is_database_unavailable(sa_exc.IntegrityError("INSERT", {}, Exception("duplicate key")))
    assert not is_database_unavailable(sa_exc.ProgrammingError("SELECT", {}, Exception("syntax")))


# --- the registration flow ----------------------------------------------------------------------


@pytest.mark.parametrize("words", [ZH, EN], ids=["zh", "en"])
def test_confirm_during_outage_keeps_everything_and_saves_once(db: Switch, words: dict[str, str]) -> None:
    at = open_page("register", **({"lang": "en"} if words is EN else {}))
    fill_registration(at)
    click(at, words["next"])
    db.down = True
    click(at, words["confirm"])
    _no_error_box(at)
    assert _message(at, words)
    assert [t.value for t in at.toast] == [_message(at, words)[0]]  # also where the person is looking
    assert words["check"] in _texts(at) and "王秀兰" in _texts(at)  # the confirmation step, as it was
    if words is ZH:
        assert [t for t in visible_text(at) if ENGLISH_WORD.search(t.replace("English", ""))] == []
    click(at, words["confirm"])  # pressed again while still down: the same message, nothing else
    _no_error_box(at)
    assert _message(at, words)
    click(at, words["edit"])  # the form behind it keeps every value
    assert at.text_input(key="reg_name").value == "王秀兰"
    assert at.session_state["reg_place"] == "城关镇/东门村"
    assert at.checkbox(key="reg_consent").value is True
    click(at, words["next"])
    assert _seekers(db.live().url.render_as_string(hide_password=False)) == (0, 0)

    _recover(at, db, words)
    assert any(words["back"] in i.value for i in at.info)
    click(at, words["confirm"])
    assert at.success[0].value == words["done"]
    assert _seekers(db.live().url.render_as_string(hide_password=False)) == (1, 1)


def test_saved_but_the_answer_lost_is_still_one_registration(db: Switch, monkeypatch: pytest.MonkeyPatch) -> None:
    """The connection drops after the commit, before the page hears of it: the person sees the message,
    presses confirm again once the database is back, and the submission id makes it one registration."""
    from components import registration_form

    real = registration_form.register_or_claim

    def commit_then_lose_the_answer(*args, **kwargs):
        real(*args, **kwargs)
        monkeypatch.setattr(registration_form, "register_or_claim", real)
        raise sa_exc.OperationalError("COMMIT", {}, psycopg.OperationalError("server closed the connection"))

    monkeypatch.setattr(registration_form, "register_or_claim", commit_then_lose_the_answer)
    at = open_page("register")
    fill_registration(at)
    click(at, ZH["next"])
    click(at, ZH["confirm"])
    _no_error_box(at)
    assert _message(at, ZH)
    url = db.live().url.render_as_string(hide_password=False)
    assert _seekers(url) == (1, 1)
    _recover(at, db, ZH)
    click(at, ZH["confirm"])
    assert at.success and "登记" in at.success[0].value
    assert _seekers(url) == (1, 1)


def test_register_opened_while_down_still_offers_the_form(db: Switch) -> None:
    create_fair(db.live(), name="2026年春风行动招聘会", code="SPRING26", township="城关镇")
    db.down = True
    at = open_page("register", fair="SPRING26")
    _no_error_box(at)
    assert _message(at, ZH)
    fill_registration(at)
    click(at, ZH["next"])
    assert ZH["check"] in _texts(at)
    db.down = False
    click(at, ZH["try"])
    assert at.subheader[0].value == "2026年春风行动招聘会"  # the link's fair, looked up again
    click(at, ZH["confirm"])
    assert at.success[0].value == ZH["done"]
    with unit_of_work(db.live(), write=False) as s:
        assert s.exec(select(CheckIn.fair_id)).one() is not None


# --- the other public pages -----------------------------------------------------------------------


@pytest.mark.parametrize("words", [ZH, EN], ids=["zh", "en"])
@pytest.mark.parametrize("page", ["home", "jobs", "ticket", "join", "register"])
def test_every_public_page_says_so_and_recovers(db: Switch, page: str, words: dict[str, str]) -> None:
    at = open_page(**({"lang": "en"} if words is EN else {}))
    db.down = True
    at.switch_page(f"pages/public/{page}.py").run()
    _no_error_box(at)
    assert _message(at, words), _texts(at)
    if words is ZH:
        assert [t for t in visible_text(at) if ENGLISH_WORD.search(t.replace("English", ""))] == []
    _recover(at, db, words)
    _no_error_box(at)


def test_ticket_lookup_keeps_what_was_typed(db: Switch) -> None:
    at = open_page("ticket")
    at.text_input[0].input("139 1234 5678")
    at.text_input[1].input("2462")
    db.down = True
    click(at, "找回我的二维码")
    _no_error_box(at)
    assert _message(at, ZH)
    assert (at.text_input[0].value, at.text_input[1].value) == ("139 1234 5678", "2462")
    _recover(at, db, ZH)
    assert any(ZH["back"] in i.value for i in at.info)
    assert (at.text_input[0].value, at.text_input[1].value) == ("139 1234 5678", "2462")


def test_interest_keeps_the_typed_code_and_counts_once(db: Switch) -> None:
    """"I am interested" on a job (the job itself still shown from the board's short cache)."""
    engine = db.live()
    vacancy = make_vacancy(engine, make_employer(engine, name="华丰电子", serial=1), title="东莞电子普工",
                           age_max=60)
    # someone the job's rules fit (else the form first asks "still interested?": issue 10)
    ticket = format_ticket_code(register(engine, Vault.from_secret(TEST_SECRET), 7, intention="either",
                                         leave_constraint="none").ticket_code)
    at = open_page("jobs", vacancy=str(vacancy))
    at.text_input(key="interest_code").input(ticket)
    db.down = True
    at.button(key="FormSubmitter:interest-告诉企业我想去").click().run()
    _no_error_box(at)
    assert _message(at, ZH)
    assert at.text_input(key="interest_code").value == ticket
    _recover(at, db, ZH)
    at.button(key="FormSubmitter:interest-告诉企业我想去").click().run()
    assert at.success[0].value.startswith("成功了！华丰电子现在能看到您的手机号")
    with unit_of_work(engine, write=False) as s:
        assert len(s.exec(select(Application)).all()) == 1


def test_join_keeps_what_was_typed(db: Switch) -> None:
    passwords.BCRYPT_ROUNDS = 4
    at = open_page("join", lang="en")
    typed = {"name": "永康市五金制品有限公司", "credit_code": make_credit_code("330784", 777), "province": "浙江省",
             "city": "永康市", "industry": "manufacturing", "contact_name": "陈经理", "contact_phone": "13812345678",
             "username": "yongkang", "display_name": "陈招聘", "password": PASSWORD, "password_repeat": PASSWORD}
    for field, value in typed.items():
        widget = at.selectbox(key=f"join_{field}") if field in {"province", "industry"} else at.text_input(
            key=f"join_{field}")
        widget.set_value(value)
    db.down = True
    click(at, "Send for approval")
    _no_error_box(at)
    assert _message(at, EN)
    kept = {f: (at.selectbox if f in {"province", "industry"} else at.text_input)(key=f"join_{f}").value
            for f in typed}
    assert kept == typed
    _recover(at, db, EN)
    assert any(EN["back"] in i.value for i in at.info)
    click(at, "Send for approval")
    assert at.success, [e.value for e in at.error]
    with unit_of_work(db.live(), write=False) as s:
        assert len(s.exec(select(Employer)).all()) == 1


# --- start-up: migrations at the first request ----------------------------------------------------


def test_start_up_with_the_database_down(app_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    real_migrate, dead = runtime.migrate, create_engine(DEAD_PG)
    state = {"down": True}

    def migrate(engine: Engine) -> None:
        real_migrate(dead if state["down"] else engine)

    monkeypatch.setattr(runtime, "migrate", migrate)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    _no_error_box(at)
    assert _message(at, EN)
    at.run()  # still down: still the message, still no crash
    _no_error_box(at)
    assert _message(at, EN)
    state["down"] = False
    click(at, EN["try"])
    assert not _message(at, EN)
    assert at.page_link  # the home page's links
    dead.dispose()
