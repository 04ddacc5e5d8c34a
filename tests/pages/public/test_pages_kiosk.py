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
from models import CheckIn, ClaimOutcome, IdentityClaim, Seeker, Site
from services.core.crypto import Vault
from services.core.db import make_engine, unit_of_work
from services.core.reference import CONSENT_TEXT
from services.places.sites import create_site
from services.places.sources import Source
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
    return at.session_state.get("kw_step", "start")


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


def all_strings(at: AppTest) -> str:
    """Every string Streamlit keeps for this session: the user's values, the widgets' states (also of
    widgets not drawn now, kept by persist_state), the browser's last widget values."""
    seen: set[int] = set()
    out: list[str] = []

    def walk(value, depth: int = 0) -> None:
        if depth > 12 or id(value) in seen:
            return
        seen.add(id(value))
        if isinstance(value, str | bytes):
            out.append(value if isinstance(value, str) else value.decode("utf-8", "replace"))
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(k, depth + 1)
                walk(v, depth + 1)
        elif isinstance(value, list | tuple | set | frozenset):
            for v in value:
                walk(v, depth + 1)
        elif hasattr(value, "DESCRIPTOR"):  # a protobuf message
            out.append(str(value))
        elif hasattr(value, "__dict__") and not callable(value) and type(value).__module__ != "builtins":
            walk(vars(value), depth + 1)
        elif hasattr(value, "__slots__"):
            for slot in value.__slots__:
                walk(getattr(value, slot, None), depth + 1)

    walk(at._session_state._state)
    return "\n".join(out)


def personal_leftovers(at: AppTest) -> list[str]:
    kept = all_strings(at)
    shown = "\n".join(visible_text(at)) + "\n".join(w.value or "" for w in at.text_input)
    return [p for p in PERSONAL if p in kept or p in shown]


# --- the site from the link ----------------------------------------------------------------------------


@pytest.mark.parametrize("query", [{}, {"site": "NOSUCH"}, {"site": "OLD1"}], ids=["no site", "unknown", "closed"])
def test_without_an_active_site_only_a_screen_for_staff(app_env, query) -> None:
    create_site(make_engine(app_env), name="旧安置点", code="OLD1", township="城关镇", active=False)
    at = open_page("kiosk", **query)
    assert at.title[0].value == "自助登记机"
    assert "/kiosk?site=" in at.info[0].value and "招聘会和登记点" in at.info[0].value
    assert [b.key for b in at.button] == [] and not at.text_input
    if query:
        assert at.error  # what is wrong with the link: unknown, or closed
    assert "kiosk_site" not in at.session_state


def test_start_screen_two_big_buttons_and_the_site(kiosk_env, monkeypatch) -> None:
    exits = []
    monkeypatch.setattr(kiosk_shell, "exit_control", lambda _, *, site_code: exits.append(site_code))
    at = kiosk()
    assert at.subheader[0].value == "岩脚安置点"
    assert [b.label for b in at.button if b.key] == ["登记，领取求职二维码", "看招聘岗位", "职业培训"]
    assert at.session_state["kiosk_site"] == SITE_CODE
    assert exits == [SITE_CODE]  # the staff's way out, at the bottom of the start screen only
    press(at, "start_register")
    assert exits == [SITE_CODE]


def test_see_jobs_shows_the_kiosk_board(kiosk_env, monkeypatch) -> None:
    from components import kiosk_steps

    boards = []
    real = kiosk_steps.show_kiosk_board
    monkeypatch.setattr(kiosk_steps, "show_kiosk_board",
                        lambda _, *, key, on_back: (boards.append(key), real(_, key=key, on_back=on_back)))
    at = press(kiosk(), "start_jobs")
    assert not at.exception  # the real board, drawn in the page (its Back buttons' keys are its own)
    assert boards and boards[-1].startswith("kw_0_")
    press(at, "board_back")
    assert step(at) == "start"


# --- one question per screen ---------------------------------------------------------------------------


def test_one_question_per_screen_with_its_step(kiosk_env) -> None:
    at = press(kiosk(), "start_register")
    seen = []
    for field, value in (("name", NAME), ("id_number", ID_NUMBER), ("phone", PHONE)):
        seen.append((at.markdown[0].value, at.subheader[0].value))
        inputs = [t for t in at.text_input]
        assert [t.key for t in inputs] == [wkey(at, field)]
        assert inputs[0].proto.autocomplete == "off"
        press(type_in(at, field, value), f"{field}_next")
    assert seen == [("第 1 步，共 5 步", "您叫什么名字？请按身份证上的写。"),
                    ("第 2 步，共 5 步", "您的身份证号码是多少？一共18位。"),
                    ("第 3 步，共 5 步", "您的手机号码是多少？家里人的号码也可以。")]
    assert at.markdown[0].value == "第 4 步，共 5 步"
    assert at.text_input(key=wkey(at, "village_query")).proto.autocomplete == "off"
    press(choose_village(at), "village_next")
    assert at.markdown[0].value == "第 5 步，共 5 步"
    consent = at.button_group(key=wkey(at, "consent"))
    assert consent.options == ["我已阅读并同意"]
    assert any("身份证号只用来核实我是谁" in m.value for m in at.markdown)  # the full consent text, on screen


@pytest.mark.parametrize(("field", "typed", "message"), [
    ("name", "", "请填写姓名。"),
    ("id_number", "36042619910102009X", "身份证号不正确（最后一位校验不对），请逐位检查。"),
    ("phone", "139 1234 567", "手机号是以1开头的11位数字。"),
])
def test_the_phone_forms_message_beside_the_field_and_what_was_typed_kept(kiosk_env, field, typed, message) -> None:
    at = press(kiosk(), "start_register")
    for before, value in (("name", NAME), ("id_number", ID_NUMBER), ("phone", PHONE)):
        if before == field:
            break
        press(type_in(at, before, value), f"{before}_next")
    press(type_in(at, field, typed), f"{field}_next")
    assert step(at) == field
    assert _after(at, wkey(at, field)) == ("error", message)
    assert at.text_input(key=wkey(at, field)).value == typed


def test_village_and_consent_need_an_answer(kiosk_env) -> None:
    at = press(kiosk(), "start_register")
    for field, value in (("name", NAME), ("id_number", ID_NUMBER), ("phone", PHONE)):
        press(type_in(at, field, value), f"{field}_next")
    press(at, "village_next")
    assert step(at) == "village" and "请选择村（社区）。" in [e.value for e in at.error]
    press(choose_village(at), "village_next")
    press(at, "consent_next")
    assert step(at) == "consent"
    assert _after(at, wkey(at, "consent")) == ("error", "请阅读说明并勾选同意，才能登记。")


def test_back_and_next_keep_every_answer(kiosk_env) -> None:
    at = to_confirm(kiosk())
    for _ in range(5):
        press(at, f"{step(at)}_back")
    assert step(at) == "name"
    assert at.text_input(key=wkey(at, "name")).value == NAME
    press(at, "name_next")
    assert at.text_input(key=wkey(at, "id_number")).value == ID_NUMBER
    press(press(at, "id_number_next"), "phone_next")
    assert at.session_state[wkey(at, "place")] == "城关镇/东门村"
    press(at, "village_next")
    assert at.button_group(key=wkey(at, "consent")).value == "agree"
    press(at, "consent_next")
    assert step(at) == "confirm"


def test_language_switch_keeps_every_answer(kiosk_env) -> None:
    at = press(kiosk(), "start_register")
    press(type_in(at, "name", NAME), "name_next")
    type_in(at, "id_number", "123")  # typed, not sent yet: it travels with the switch
    at.button_group(key="lang_switch").set_value("en").run()
    assert at.subheader[0].value == "What is your ID number? It has 18 characters."
    assert at.markdown[0].value == "Step 2 of 5"
    assert at.text_input(key=wkey(at, "id_number")).value == "123"
    press(at, "id_number_next")
    assert _after(at, wkey(at, "id_number"))[0] == "error"
    assert not CJK.search(_after(at, wkey(at, "id_number"))[1])  # the message in the chosen language
    press(type_in(at, "id_number", ID_NUMBER), "id_number_next")
    press(type_in(at, "phone", PHONE), "phone_next")
    choose_village(at)
    press(at, "village_next")
    at.button_group(key=wkey(at, "consent")).set_value("agree")
    at.button_group(key="lang_switch").set_value("zh_CN").run()
    assert at.button_group(key=wkey(at, "consent")).value == "agree"
    assert at.session_state[wkey(at, "place")] == "城关镇/东门村"
    press(at, "consent_back")
    assert at.session_state[wkey(at, "place")] == "城关镇/东门村"
    for _ in range(3):
        press(at, f"{step(at)}_back")
    assert at.text_input(key=wkey(at, "name")).value == NAME


def test_every_step_can_be_read_aloud(kiosk_env, monkeypatch) -> None:
    from components import kiosk_profile, kiosk_prompts, kiosk_steps

    read: list[list[str]] = []

    def fake(_, parts, *, key):
        assert key.startswith("kw_")
        read.append(list(parts))

    monkeypatch.setattr(kiosk_steps, "read_aloud", fake)
    monkeypatch.setattr(kiosk_profile, "read_aloud", fake)
    at = to_confirm(kiosk())
    press(at, "confirm_next")
    known = set(kiosk_prompts.all_prompt_ids())
    firsts = [parts[0] for parts in read]
    for question in kiosk_prompts.IDENTITY_QUESTIONS.values():
        assert question in firsts
    assert kiosk_prompts.START in firsts
    assert read[-1] == list(kiosk_prompts.profile_prompts()["trades"])  # the question and its choices
    assert {p for parts in read for p in parts} - known <= {CONSENT_TEXT}  # the read-aloud branch adds it


def test_keys_carry_the_generation_and_inputs_do_not_autofill(kiosk_env) -> None:
    at = to_confirm(kiosk())
    press(at, "confirm_back")
    keys = [w.key for kind in ("text_input", "button", "button_group") for w in getattr(at, kind)
            if w.key and w.key != "lang_switch"]
    assert keys and all(k.startswith("kw_0_") for k in keys), keys


# --- confirm: once, channel kiosk, the site ------------------------------------------------------------


def test_double_confirm_makes_one_check_in_with_channel_kiosk_and_the_site(kiosk_env, monkeypatch) -> None:
    from components import kiosk_wizard

    calls = []
    real = kiosk_wizard.register_or_claim

    def counted(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(kiosk_wizard, "register_or_claim", counted)
    at = to_confirm(kiosk())
    confirm = at.button(key=wkey(at, "confirm_next"))
    assert confirm.label == "确认，领取二维码"
    confirm.click().run()
    confirm.click().run()  # the same button again, as a second tap sends it
    assert not at.exception
    assert len(calls) == 1 and calls[0]["channel"] == "kiosk"
    assert at.success[0].value == "登记成功！"
    seekers, checkins, claims = stored(kiosk_env)
    with unit_of_work(make_engine(kiosk_env), write=False) as s:
        site_id = s.exec(select(Site.id)).one()
    assert len(seekers) == 1 and not claims
    [checkin] = checkins
    assert (checkin.channel, checkin.site_id, checkin.fair_id) == ("kiosk", site_id, None)
    assert seekers[0].first_site_id == site_id and seekers[0].source_kind == "site"


def test_no_tap_after_confirm_makes_another_check_in(kiosk_env, monkeypatch) -> None:
    """Taps during the final countdown (a late confirm, the countdown's own button, anything) save nothing."""
    at = to_confirm(kiosk())
    confirm = at.button(key=wkey(at, "confirm_next"))
    confirm.click().run()
    for field in ("trades", "intention", "leave_constraint", "education", "expected_wage", "willing_to_train",
                  "poor_household"):
        press(at, f"pf_{field}_skip")
    assert step(at) == "done"
    confirm.click().run()  # the confirm tap arriving late, during the countdown
    at.run()
    at.run()
    assert not at.exception and step(at) == "done"
    assert len(stored(kiosk_env)[1]) == 1


def test_same_person_again_is_one_person_two_check_ins(kiosk_env) -> None:
    at = to_confirm(kiosk())
    press(at, "confirm_next")
    at = to_confirm(kiosk())  # another session: the same person from the same mobile, later
    press(at, "confirm_next")
    assert "您以前已经登记过" in at.success[0].value
    seekers, checkins, _claims = stored(kiosk_env)
    assert len(seekers) == 1 and [c.channel for c in checkins] == ["kiosk", "kiosk"]


# --- the ID number registered with another mobile ------------------------------------------------------


@pytest.fixture
def owner(kiosk_env: str) -> str:
    """王秀兰 registered from …5678 on her phone: the kiosk registration below is from another mobile."""
    from services.core.settings import ROOT
    from services.places.county import load_county

    draft = validate_registration(form(id_number="530627198005172462"), county=load_county(ROOT / "config" /
                                                                                            "county.toml"))
    register_seeker(make_engine(kiosk_env), Vault.from_secret(TEST_SECRET), draft, source=Source.direct(),
                    submission_id="owner")
    return kiosk_env


def test_claim_says_only_the_phone_end_and_sends_to_the_desk(owner) -> None:
    at = to_confirm(kiosk(), name="李四", phone="186 0000 1112")
    press(at, "confirm_next")
    assert step(at) == "claim"
    assert at.warning[0].value == ("这个身份证号已经登记过了，当时留的手机号尾号是 ••78。\n\n"
                                   "这个身份证号已经登记过了。请带上身份证，到工作人员服务台办理。")
    shown = " ".join(visible_text(at))
    assert "王秀兰" not in shown and "5678" not in shown and "1234" not in shown  # never the other person
    seekers, checkins, [claim] = stored(owner)
    assert len(checkins) == 1 and claim.outcome == ClaimOutcome.REFUSED  # the owner's own check-in only
    assert not at.image and not at.download_button  # no ticket
    press(at, "claim_next")  # "I will go to the staff desk"
    _seekers, _checkins, [claim] = stored(owner)
    assert claim.outcome == ClaimOutcome.DESK
    assert step(at) == "start" and gen(at) == 1  # a clean start for the next person
    assert personal_leftovers(at) == []


def test_claim_back_marks_the_id_number(owner) -> None:
    at = to_confirm(kiosk(), name="李四", phone="186 0000 1112")
    press(at, "confirm_next")
    press(at, "claim_back")
    assert step(at) == "id_number"
    assert _after(at, wkey(at, "id_number")) == ("error", "这个身份证号已经登记过了，当时留的手机号尾号是 ••78。")
    assert at.text_input(key=wkey(at, "id_number")).value == ID_NUMBER


# --- the profile questions -----------------------------------------------------------------------------


def test_profile_questions_saved_one_by_one_or_skipped(kiosk_env) -> None:
    from services.registration.profile import get_profile

    at = to_confirm(kiosk())
    press(at, "confirm_next")
    assert at.markdown[1].value.startswith("第 1 题，共 7 题")
    trades = at.button_group(key=wkey(at, "pf_trades"))
    assert "电焊" in trades.options  # an icon beside each choice (drawn as a Material Symbol)
    assert trades.proto.options[1].content_icon == ":material/hardware:"
    trades.set_value(["welding", "cleaning"])
    press(at, "pf_trades_next")
    press(at, "pf_intention_skip")
    at.button_group(key=wkey(at, "pf_leave_constraint")).set_value("care")
    press(at, "pf_leave_constraint_next")
    press(at, "pf_education_next")  # no answer: the message beside it, the person stays
    assert step(at) == "profile"
    assert _after(at, wkey(at, "pf_education")) == ("error", "请选择文化程度。")
    at.button_group(key=wkey(at, "pf_education")).set_value("junior")
    press(at, "pf_education_next")
    press(type_in(at, "pf_expected_wage", "4"), "pf_expected_wage_next")
    assert _after(at, wkey(at, "pf_expected_wage")) == ("error", "您是想写每月 4,000 元吗？")
    press(at, "pf_wage_yes")
    assert at.markdown[1].value.startswith("第 6 题")  # taken: on to the next question
    press(at, "pf_willing_to_train_skip")
    at.button_group(key=wkey(at, "pf_poor_household")).set_value("no")
    press(at, "pf_poor_household_next")
    assert step(at) == "done"
    code = stored(kiosk_env)[0][0].ticket_code
    profile = get_profile(make_engine(kiosk_env), ticket_code=code)
    assert profile.trades == ("cleaning", "welding")
    assert (profile.intention, profile.leave_constraint) == ("nearby", "care")  # cannot leave home: nearby
    assert (profile.education, profile.expected_wage, profile.poor_household) == ("junior", 4000, "no")
    assert profile.answered == {"trades", "place", "education", "wage", "poor_household"}  # training skipped


def test_language_switch_keeps_the_profile_taps(kiosk_env) -> None:
    at = to_confirm(kiosk())
    press(at, "confirm_next")
    at.button_group(key=wkey(at, "pf_trades")).set_value(["welding", "cleaning"])  # tapped, not sent yet
    at.button_group(key="lang_switch").set_value("en").run()
    assert at.subheader[0].value == "What can you do? Tap all that fit, or none."
    assert at.button_group(key=wkey(at, "pf_trades")).value == ["welding", "cleaning"]
    press(at, "pf_trades_next")
    assert at.markdown[1].value.startswith("Question 2 of 7")


def test_profile_back_shows_the_answer_given(kiosk_env) -> None:
    at = to_confirm(kiosk())
    press(at, "confirm_next")
    at.button_group(key=wkey(at, "pf_trades")).set_value(["welding"])
    press(at, "pf_trades_next")
    press(at, "pf_intention_back")
    assert at.button_group(key=wkey(at, "pf_trades")).value == ["welding"]


# --- the final screen and the reset --------------------------------------------------------------------


def _done(url: str) -> AppTest:
    at = to_confirm(kiosk())
    press(at, "confirm_next")
    for field in ("trades", "intention", "leave_constraint", "education", "expected_wage", "willing_to_train",
                  "poor_household"):
        press(at, f"pf_{field}_skip")
    assert step(at) == "done"
    return at


def test_final_screen_ticket_slip_jobs_countdown(kiosk_env, monkeypatch) -> None:
    from components import kiosk_profile

    calls: dict[str, list] = {"slip": [], "countdown": []}
    monkeypatch.setattr(kiosk_profile, "ticket_slip", lambda target, **kw: calls["slip"].append(kw) or "SLIP")
    monkeypatch.setattr(kiosk_profile, "show_slip", lambda _, slip, *, key, paper: calls["slip"].append(
        (slip, key, paper)))
    monkeypatch.setattr(kiosk_shell, "done_countdown", lambda _, *, key, on_timeout: calls["countdown"].append(
        on_timeout))
    at = to_confirm(open_page("kiosk", site=SITE_CODE, paper="a6"))
    press(at, "confirm_next")
    for field in ("trades", "intention", "leave_constraint", "education", "expected_wage", "willing_to_train",
                  "poor_household"):
        press(at, f"pf_{field}_skip")
    code = stored(kiosk_env)[0][0].ticket_code
    assert at.success[0].value == "您已登记成功。请从打印机取走求职卡，到招聘展位出示。"
    assert "王\\*兰 的求职二维码" in [s.value for s in at.subheader]
    assert sum("data:image/png;base64," in h.proto.body for h in at.get("html")) == 1  # the QR, inline
    assert format_ticket_code(code) in [m.value for m in at.markdown]
    assert calls["slip"][0] == {"ticket_code": code, "place_name": "岩脚安置点"}
    assert calls["slip"][1][0] == "SLIP" and calls["slip"][1][2] == "a6"
    assert calls["countdown"][-1] is kiosk_shell.reset
    assert "适合您的工作" in [s.value for s in at.subheader]
    assert not at.get("page_link")  # no way out of the kiosk


def _scan_clean(at: AppTest, before: int) -> None:
    assert step(at) == "start"
    assert gen(at) == before + 1
    assert personal_leftovers(at) == []
    keys = [w.key for kind in ("text_input", "button", "button_group") for w in getattr(at, kind)
            if w.key and w.key != "lang_switch" and not w.key.startswith("kiosk_")]  # the shell's own (exit)
    assert keys and all(k.startswith(f"kw_{before + 1}_") for k in keys), keys
    assert at.session_state["kiosk_site"] == SITE_CODE


def test_finish_leaves_nothing_of_the_person(kiosk_env) -> None:
    at = _done(kiosk_env)
    assert [p for p in PERSONAL if p in all_strings(at)]  # the scan sees the person before the reset
    press(at, "finish")
    _scan_clean(at, 0)
    assert not [t for t in visible_text(at) if "兰" in t]


def test_idle_reset_in_the_middle_leaves_nothing(kiosk_env, monkeypatch) -> None:
    """The idle guard's timeout (drawn here as a button the test presses) on the village step, with the
    earlier answers kept only in widget state."""
    import streamlit as st

    monkeypatch.setattr(kiosk_shell, "idle_guard", lambda _, *, key, on_timeout: st.button(
        "idle", key=key, on_click=on_timeout))
    at = press(kiosk(), "start_register")
    press(type_in(at, "name", NAME), "name_next")
    press(type_in(at, "id_number", ID_NUMBER), "id_number_next")
    press(type_in(at, "phone", PHONE), "phone_next")
    at.text_input(key=wkey(at, "village_query")).input("东门").run()
    press(at, "idle")
    _scan_clean(at, 0)
    press(at, "start_register")  # the next person starts empty
    assert at.text_input(key=wkey(at, "name")).value == ""


def test_english_screens_have_no_chinese_but_names(kiosk_env) -> None:
    at = open_page("kiosk", site=SITE_CODE, lang="en")
    texts = visible_text(at)
    press(at, "start_register")
    texts += visible_text(at)
    press(at, "name_next")
    texts += visible_text(at)
    leaked = [t for t in texts if CJK.search(t.replace("中文", "").replace("岩脚安置点", ""))]
    assert leaked == []


def test_chinese_screens_have_no_english(kiosk_env) -> None:
    at = kiosk()
    texts = visible_text(at)
    to_confirm(at)
    texts += visible_text(at)
    press(at, "confirm_next")
    texts += visible_text(at)
    icons = re.compile(r":material/[a-z_]+:")
    assert [t for t in texts if ENGLISH_WORD.search(icons.sub("", t).replace("English", ""))] == []


def test_the_next_person_starts_in_the_kiosks_language(kiosk_env) -> None:
    """Someone switched to English: after the reset the kiosk speaks Chinese again (its link's language)."""
    at = press(kiosk(), "start_register")
    at.button_group(key="lang_switch").set_value("en").run()
    assert at.session_state["lang"] == "en"
    press(at, "idle")  # the idle guard's deadline (its hidden button)
    assert at.session_state["lang"] == "zh_CN"
    assert at.query_params.get("lang") in (["zh"], "zh")
    assert "登记" in " ".join(visible_text(at))

