"""The kiosk page (/kiosk?site=CODE) with AppTest: the site from the link, one question per screen with the
phone form's messages beside the field, Back and the language switch keeping every answer, confirm once
(channel kiosk, the site), the claim screen, the profile questions (saved, skipped, "did you mean 4,000?"),
the final screen, and nothing of the person left after the reset.

Tests that touch the database run on SQLite and on PostgreSQL (`kiosk_env`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from components import kiosk_shell
from models import CheckIn, ClaimOutcome, IdentityClaim, Seeker
from services.core.crypto import Vault
from services.core.db import make_engine, unit_of_work
from services.places.sources import Source
from services.places.sites import create_site
from services.registration.register import register_seeker, validate_registration
from services.registration.tickets import format_ticket_code
from tests.apptest_support import CJK, ENGLISH_WORD, open_page, visible_text
from tests.conftest import TEST_SECRET, _truncate
from tests.factories import form

NAME, ID_NUMBER, PHONE = "王秀兰", "530627 19800517 2462", "139 1234 5678"
PERSONAL = ("王秀兰", "秀兰", "530627198005172462", "19800517", "13912345678", "1234 5678", "12345678")
SITE_CODE = "YJ01"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def kiosk_env(request: pytest.FixtureRequest, warm_streamlit, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
              sqlite_template: Path) -> Iterator[str]:
    """The app on SQLite and on PostgreSQL, with one active relocation site (YJ01)."""
    import shutil

    import streamlit as st

    from services.core.settings import get_settings

    if request.param == "postgres":
        eng = request.getfixturevalue("pg_engine")
        _truncate(eng)
        url = eng.url.render_as_string(hide_password=False)
    else:
        shutil.copy(sqlite_template, tmp_path / "app.db")
        url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("PORTAL_SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("PORTAL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PORTAL_ENV", raising=False)
    get_settings.cache_clear()
    st.cache_resource.clear()
    st.cache_data.clear()
    create_site(make_engine(url), name="岩脚安置点", code=SITE_CODE, township="城关镇")
    yield url
    get_settings.cache_clear()
    st.cache_resource.clear()
    st.cache_data.clear()


def kiosk(**query: str) -> AppTest:
    return open_page("kiosk", **({"site": SITE_CODE} | query))


def gen(at: AppTest) -> int:
    return int(at.session_state[kiosk_shell.GEN]) if kiosk_shell.GEN in at.session_state else 0


def wkey(at: AppTest, field: str) -> str:
    return f"kw_{gen(at)}_{field}"


def press(at: AppTest, name: str) -> AppTest:
    """A keyed kiosk button by its role (`<step>_next`, `start_register` …) of the current person."""
    at.button(key=wkey(at, name)).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def step(at: AppTest) -> str:
    return at.session_state["kw_step"] if "kw_step" in at.session_state else "start"


def type_in(at: AppTest, field: str, text: str) -> AppTest:
    at.text_input(key=wkey(at, field)).input(text)
    return at


def choose_village(at: AppTest, typed: str = "东门", place: str = "城关镇/东门村") -> AppTest:
    at.text_input(key=wkey(at, "village_query")).input(typed).run()
    if at.session_state[wkey(at, "place")] != place if wkey(at, "place") in at.session_state else True:
        at.button_group(key=wkey(at, "village_pick")).set_value(place).run()
    return at


def to_confirm(at: AppTest, *, name: str = NAME, id_number: str = ID_NUMBER, phone: str = PHONE) -> AppTest:
    press(at, "start_register")
    press(type_in(at, "name", name), "name_next")
    press(type_in(at, "id_number", id_number), "id_number_next")
    press(type_in(at, "phone", phone), "phone_next")
    press(choose_village(at), "village_next")
    at.button_group(key=wkey(at, "consent")).set_value("agree")
    press(at, "consent_next")
    assert step(at) == "confirm", step(at)
    return at


def _after(at: AppTest, key: str) -> tuple[str, str]:
    """The element right after the widget `key` in the main area (its message, when it has one)."""
    out: list[tuple[str, str]] = []

    def walk(node) -> None:
        children = getattr(node, "children", None)
        if isinstance(children, dict) and children:
            for child in children.values():
                walk(child)
            return
        out.append((node.type, getattr(node, "key", None) or str(getattr(node, "value", ""))))

    walk(at.main)
    keys = [k for _t, k in out]
    return out[keys.index(key) + 1]


def stored(url: str) -> tuple[list[Seeker], list[CheckIn], list[IdentityClaim]]:
    with unit_of_work(make_engine(url), write=False) as s:
        return list(s.exec(select(Seeker)).all()), list(s.exec(select(CheckIn)).all()), \
            list(s.exec(select(IdentityClaim)).all())
