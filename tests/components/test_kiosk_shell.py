"""The kiosk shell with AppTest (tests/components/kiosk_shell_demo.py): a reset forgets the person (session
state and page text), keeps the site and language, and gives the next person new widget keys; the deadline
buttons run on_timeout; the staff exit with the site PIN or an organizer sign-in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from models import AuditEvent
from services.accounts import passwords
from services.accounts.staff import create_user
from services.core.db import make_engine, unit_of_work
from services.kiosk.pins import MAX_FAILURES, set_site_pin
from services.places.sources import create_site
from tests.apptest_support import visible_text

DEMO = str(Path(__file__).resolve().parent / "kiosk_shell_demo.py")
NAME, ID_NUMBER, PHONE = "王秀兰", "530627198005172462", "13912345678"
PERSONAL = (NAME, ID_NUMBER, PHONE, "秀兰", "2462", "5678")


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch) -> None:
    monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", 4)


def _open(**query: str) -> AppTest:
    at = AppTest.from_file(DEMO, default_timeout=60)
    at.query_params.update({"site": "XINGFU", **query})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _fill(at: AppTest) -> AppTest:
    gen = at.session_state.get("kiosk_gen", 0)
    at.text_input(key=f"demo_name_{gen}").input(NAME)
    at.text_input(key=f"demo_id_{gen}").input(ID_NUMBER)
    at.text_input(key=f"demo_phone_{gen}").input(PHONE)
    at.radio(key=f"demo_edu_{gen}").set_value("junior")
    at.checkbox(key=f"demo_consent_{gen}").check()
    return _run(at)


def _session_values(at: AppTest) -> dict[str, object]:
    """Everything the session holds: user keys, widget values by key or id, and the widget states the
    browser sent (not only the filtered view AppTest shows)."""
    state = at.session_state._state
    state = getattr(state, "_state", state)  # SafeSessionState -> SessionState
    values: dict[str, object] = {**state._old_state, **state._new_session_state}
    for wid, proto in getattr(state._new_widget_state, "states", {}).items():
        kind = proto.WhichOneof("value") if hasattr(proto, "WhichOneof") else None
        values[f"widget {wid}"] = getattr(proto, kind) if kind else getattr(proto, "value", proto)
    return values


def _leftovers(at: AppTest) -> list[str]:
    """Every session value (and the page's text) that holds something of the person."""
    found = [f"session[{k!r}]" for k, v in _session_values(at).items() if any(p in repr(v) for p in PERSONAL)]
    found += [t for t in visible_text(at) if any(p in t for p in PERSONAL)]
    for w in at.text_input:
        try:
            value = str(w.value or "")
        except KeyError:  # a widget of an earlier run the session no longer knows
            continue
        if any(p in value for p in PERSONAL):
            found.append(f"input {w.key}: {value}")
    return found


def _state_keys(at: AppTest) -> set[str]:
    return set(at.session_state)


def test_idle_reset_forgets_the_person_and_keeps_site_and_language(app_env) -> None:
    at = _open(lang="en", ticket="ABCD2345")
    _fill(at)
    assert _leftovers(at)  # the check finds what is there
    at.button(key="demo_idle").click()
    _run(at)
    assert _leftovers(at) == []
    assert at.session_state["kiosk_gen"] == 1 and at.session_state["kiosk_site"] == "XINGFU"
    assert at.session_state["lang"] == "en"
    assert "START SCREEN gen=1" in visible_text(at)
    assert all(w.value == "" for w in at.text_input)
    assert not any(k.endswith("_0") for k in _state_keys(at))  # the previous person's widget keys are gone
    assert dict(at.query_params) == {"site": "XINGFU", "lang": "en"}


def test_done_countdown_reset_after_a_confirm(app_env) -> None:
    at = _fill(_open())
    at.button(key="demo_confirm_0").click()
    _run(at)
    assert f"TICKET FOR {NAME}" in visible_text(at)
    [done] = [h for h in at.get("html") if 'class="kiosk-done"' in h.proto.body]
    assert 'data-seconds="10"' in done.proto.body and "<b>10</b>" in done.proto.body
    submitted = int(next(t for t in visible_text(at) if t.startswith("submits=")).split("=")[1])
    at.button(key="demo_done").click()
    _run(at)
    assert _leftovers(at) == []
    assert "START SCREEN gen=1" in visible_text(at)
    # the countdown's rerun did not press Confirm again
    assert f"submits={submitted}" in visible_text(at)


def test_reset_keeps_extra_keys_when_asked(app_env) -> None:
    script = """
import streamlit as st
from components import kiosk_shell
st.session_state.setdefault("keep_me", "yes")
if "kiosk_gen" not in st.session_state:
    st.session_state["drop_me"] = "王秀兰"
st.session_state.setdefault("kiosk_site", "XINGFU")
st.button("go", key="go", on_click=lambda: kiosk_shell.reset(keep=("keep_me",)))
"""
    at = AppTest.from_string(script, default_timeout=30)
    at.run()
    at.button(key="go").click().run()
    assert at.session_state["keep_me"] == "yes" and "drop_me" not in at.session_state
    assert at.session_state["kiosk_site"] == "XINGFU" and at.session_state["kiosk_gen"] == 1


def test_lock_sends_the_script_and_the_markers(app_env) -> None:
    at = _open()
    bodies = [h.proto.body for h in at.get("html")]
    lock = next(b for b in bodies if 'id="kiosk-lock"' in b)
    assert "pushState" in lock and "autocomplete" in lock and "[data-testid=stSidebar]" in lock
    script = lock.split("<script>", 1)[1]
    # Streamlit's sanitizer drops a script whose text looks like markup ("<" before a letter, "/" or "!")
    assert not re.search(r"<[/\w!]", script.removesuffix("</script>"))
    idle = next(b for b in bodies if 'id="kiosk-idle"' in b)
    assert 'data-idle="60"' in idle and 'data-warn="45"' in idle and 'data-button="st-key-demo_idle"' in idle


def test_chinese_texts(app_env) -> None:
    at = _open(lang="zh")
    from components.kiosk_shell import STILL_HERE, WARN_TEXT
    from services.core.i18n import translator

    zh = translator("zh_CN")
    idle = next(h.proto.body for h in at.get("html") if 'id="kiosk-idle"' in h.proto.body)
    assert f'data-text="{zh(WARN_TEXT)}"' in idle and f'data-still="{zh(STILL_HERE)}"' in idle
    assert zh("Staff: leave kiosk mode") in [b.label for b in at.button]


# --- leaving kiosk mode ------------------------------------------------------------------------


def _site_with_pin(db_url: str, pin: str | None = "2580") -> None:
    from services.places.county import load_county
    from tests.conftest import ROOT

    engine = make_engine(db_url)
    county = load_county(ROOT / "config" / "county.toml")
    create_site(engine, code="XINGFU", name="幸福社区安置点", township=county.townships[0].name, county=county)
    if pin:
        set_site_pin(engine, site_code="XINGFU", pin=pin, actor="org1")


def _exits(db_url: str) -> list[tuple[str, str]]:
    with unit_of_work(make_engine(db_url), write=False) as session:
        return [(e.actor, e.detail["method"]) for e in session.exec(select(AuditEvent)).all()
                if e.action == "kiosk_exit"]


def _open_exit(at: AppTest) -> AppTest:
    at.button(key="kiosk_exit_open_button").click()
    return _run(at)


def _errors(at: AppTest) -> list[str]:
    return [str(e.value) for e in at.error]


def test_leave_with_the_site_pin_after_a_wrong_one_keeps_what_was_typed(app_env) -> None:
    _site_with_pin(app_env)
    at = _open_exit(_fill(_open(lang="en")))
    at.text_input(key="kiosk_exit_pin").input("1397")
    at.button(key="kiosk_exit_go").click()
    _run(at)
    assert _errors(at) == [f"Wrong PIN. {MAX_FAILURES - 1} tries left."]
    assert at.text_input(key="kiosk_exit_pin").value == ""  # the PIN itself is not kept
    assert at.text_input(key="demo_name_0").value == NAME  # what the person typed is
    at.text_input(key="kiosk_exit_pin").input("2580")
    at.button(key="kiosk_exit_go").click()
    _run(at)
    assert "LEFT KIOSK" in visible_text(at)
    assert _leftovers(at) == [] and "kiosk_site" not in at.session_state
    assert _exits(app_env) == [("kiosk_pin", "pin")]


def test_locked_pin_says_how_long_to_wait(app_env) -> None:
    _site_with_pin(app_env)
    at = _open_exit(_open(lang="en"))
    for _ in range(MAX_FAILURES):
        at.text_input(key="kiosk_exit_pin").input("0001")
        at.button(key="kiosk_exit_go").click()
        _run(at)
    assert _errors(at) == ["Too many wrong PINs. Please wait 15 minute(s) and try again, or sign in as an organizer."]
    at.text_input(key="kiosk_exit_pin").input("2580")
    at.button(key="kiosk_exit_go").click()
    _run(at)
    assert "LEFT KIOSK" not in visible_text(at) and "minute(s)" in _errors(at)[0]


def test_no_pin_set_then_an_organizer_signs_in(app_env) -> None:
    _site_with_pin(app_env, pin=None)
    engine = make_engine(app_env)
    create_user(engine, username="org1", display_name="张科长", role="organizer", password="a long test passphrase")
    create_user(engine, username="rec9", display_name="招聘", role="organizer", password="another test passphrase")
    at = _open_exit(_open(lang="en"))
    at.text_input(key="kiosk_exit_pin").input("2580")
    at.button(key="kiosk_exit_go").click()
    _run(at)
    assert "Ask an organizer to set one" in _errors(at)[0]
    at.radio(key="kiosk_exit_way").set_value("organizer")
    _run(at)
    at.text_input(key="kiosk_exit_user").input("org1")
    at.text_input(key="kiosk_exit_password").input("wrong password here")
    at.button(key="kiosk_exit_go").click()
    _run(at)
    assert _errors(at) == ["User name or password is wrong."]
    assert at.text_input(key="kiosk_exit_user").value == "org1"
    at.text_input(key="kiosk_exit_password").input("a long test passphrase")
    at.button(key="kiosk_exit_go").click()
    _run(at)
    assert "LEFT KIOSK" in visible_text(at)
    assert _exits(app_env) == [("org1", "organizer")]


def test_a_recruiter_cannot_leave(app_env) -> None:
    from tests.auth_support import make_recruiter

    _site_with_pin(app_env)
    make_recruiter(app_env, username="rec1")
    at = _open_exit(_open(lang="en"))
    at.radio(key="kiosk_exit_way").set_value("organizer")
    _run(at)
    at.text_input(key="kiosk_exit_user").input("rec1")
    at.text_input(key="kiosk_exit_password").input("a long test passphrase")
    at.button(key="kiosk_exit_go").click()
    _run(at)
    assert _errors(at) == ["Only an organizer can leave kiosk mode this way."]
    assert _exits(app_env) == []
