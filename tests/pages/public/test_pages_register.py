"""The registration page with AppTest: deep links, step 1 (who you are) with its messages, the confirmation,
the ticket with its profile groups, the language switch keeping answers, a double confirm, the claim path.

Changed on purpose (issue 10, ticket first): step 1 asks only name, ID number, mobile, village and consent;
the profile questions come under the ticket, one form and one press per group."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from models import CheckIn, ClaimOutcome, IdentityClaim, Seeker
from services.core.crypto import Vault
from services.core.db import make_engine, unit_of_work
from services.core.settings import ROOT
from services.places.sources import Source, create_fair
from services.registration.claims import MAX_PROOF_FAILURES
from services.registration.register import register_seeker, validate_registration
from services.registration.tickets import format_ticket_code, ticket_card_png
from tests.apptest_support import (
    CJK,
    ENGLISH_WORD,
    answer_group,
    click,
    fill_registration,
    open_page,
    profile_key,
    visible_text,
)
from tests.conftest import TEST_SECRET
from tests.factories import form


def _fair(url: str, **kwargs):
    return create_fair(make_engine(url), name="2026年春风行动招聘会", code="SPRING26", township="城关镇", **kwargs)


def test_deep_link_names_the_fair(app_env) -> None:
    _fair(app_env)
    at = open_page("register", fair="SPRING26")
    assert at.title[0].value == "求职登记"
    assert at.subheader[0].value == "2026年春风行动招聘会"
    assert not at.warning
    # the fair's township comes first in the village list
    assert at.button_group(key="reg_village_pick").options[0].endswith("（城关镇）")


def test_unknown_code_warns_and_still_offers_the_form(app_env) -> None:
    at = open_page("register", fair="NOSUCH")
    assert "这个二维码对应的招聘会不存在" in at.warning[0].value
    assert "您仍然可以在下面直接登记" in at.warning[0].value
    assert at.text_input(key="reg_name")


def test_closed_fair_is_explained(app_env) -> None:
    _fair(app_env, status="closed")
    at = open_page("register", fair="SPRING26")
    assert "这场招聘会已经结束" in at.warning[0].value


def _in_order(at: AppTest) -> list[tuple[str, str]]:
    """The main area's elements in page order: (kind, key or text)."""
    out: list[tuple[str, str]] = []

    def walk(node) -> None:
        children = getattr(node, "children", None)
        if isinstance(children, dict) and children:
            for child in children.values():
                walk(child)
            return
        key = getattr(node, "key", None)
        out.append((node.type, key or str(getattr(node, "value", ""))))

    walk(at.main)
    return out


def _after(at: AppTest, key: str) -> tuple[str, str]:
    """The element right after the widget with `key` (its message, when it has one)."""
    order = _in_order(at)
    i = [k for _kind, k in order].index(key)
    return order[i + 1]


def _html(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.get("html")]


def _registered(at: AppTest) -> AppTest:
    fill_registration(at)
    click(at, "下一步：核对信息")
    return click(at, "确认，领取二维码")


def test_step_one_asks_only_who_you_are(app_env) -> None:
    """Ticket first: five answers on the first screen, no drop-down of choices but the village, no
    number input, no multiselect, no American phone placeholder."""
    at = open_page("register")
    keys = [w.key for kind in ("text_input", "selectbox", "checkbox", "radio", "multiselect", "number_input",
                                "button_group") for w in getattr(at, kind) if w.key != "lang_switch"]
    assert sorted(keys) == sorted(["reg_name", "reg_id_number", "reg_phone", "reg_village_query", "reg_village_pick",
                                   "reg_consent"])
    phone = at.text_input(key="reg_phone")
    assert phone.proto.type == phone.proto.DEFAULT and phone.proto.autocomplete == "tel"
    assert phone.placeholder == "11位数字，以1开头"
    assert [b.label for b in at.button] == ["下一步：核对信息"]
    assert at.expander[0].label == "查看完整说明"  # the full consent text, folded
    assert at.checkbox(key="reg_consent").label == "我已阅读并同意"


def test_field_errors_show_beside_fields_all_at_once_and_keep_input(app_env) -> None:
    at = open_page("register")
    fill_registration(at, id_number="36042619910102009X", phone="139 1234 567", consent=False)
    click(at, "下一步：核对信息")
    assert _after(at, "reg_id_number") == ("error", "身份证号不正确（最后一位校验不对），请逐位检查。")
    assert _after(at, "reg_phone") == ("error", "手机号是以1开头的11位数字。")
    assert _after(at, "reg_consent") == ("error", "请阅读说明并勾选同意，才能登记。")
    assert _after(at, "reg_name")[0] != "error"
    assert at.text_input(key="reg_name").value == "王秀兰"
    assert at.text_input(key="reg_id_number").value == "36042619910102009X"
    assert at.text_input(key="reg_phone").value == "139 1234 567"
    assert at.session_state["reg_place"] == "城关镇/东门村"
    # the page scrolls to the first field with a problem; each refusal once (a new nonce)
    scripts = [h for h in _html(at) if "scrollIntoView" in h]
    assert len(scripts) == 1 and 'nonce = "1"' in scripts[0]
    click(at, "下一步：核对信息")
    assert 'nonce = "2"' in next(h for h in _html(at) if "scrollIntoView" in h)


def test_empty_form_names_every_field(app_env) -> None:
    at = click(open_page("register"), "下一步：核对信息")
    errors = {key: _after(at, key) for key in ("reg_name", "reg_id_number", "reg_phone", "reg_village_pick",
                                                 "reg_consent")}
    assert all(kind == "error" for kind, _text in errors.values()), errors
    assert errors["reg_village_pick"] == ("error", "请选择村（社区）。")


def test_success_shows_confirmation_then_ticket(app_env) -> None:
    fair = _fair(app_env)
    at = open_page("register", fair="SPRING26")
    fill_registration(at)
    click(at, "下一步：核对信息")
    shown = " ".join(visible_text(at))
    assert "出生于 1980-05-17" in shown and "**女**" in shown
    assert "530627********2462" in shown and "530627198005172462" not in shown
    assert "姓名：王秀兰" in shown and "手机号：13912345678" in shown and "东门村（城关镇）" in shown
    assert [b.label for b in at.button if b.key] == ["确认，领取二维码", "返回修改"]
    click(at, "确认，领取二维码")
    assert at.success[0].value == "登记成功！"
    with unit_of_work(make_engine(app_env), write=False) as s:
        seeker = s.exec(select(Seeker)).one()
        checkin = s.exec(select(CheckIn)).one()
    assert checkin.fair_id == fair.id and checkin.channel == "qr"
    assert format_ticket_code(seeker.ticket_code) in " ".join(visible_text(at))
    assert at.download_button[0].label == "保存二维码图片"
    assert "多告诉我们一些，帮您找到更合适的工作" in [s.value for s in at.subheader]
    assert "适合您的工作" in [s.value for s in at.subheader]
    # this browser keeps the ticket: a cookie with the code only
    [cookie] = [h for h in _html(at) if "portal_ticket" in h]
    assert f"portal_ticket={seeker.ticket_code}; Max-Age=2592000; path=/; SameSite=Lax" in cookie


def test_back_to_edit_keeps_everything(app_env) -> None:
    at = open_page("register")
    fill_registration(at)
    click(at, "下一步：核对信息")
    click(at, "返回修改")
    assert at.text_input(key="reg_name").value == "王秀兰"
    assert at.session_state["reg_place"] == "城关镇/东门村"
    assert at.checkbox(key="reg_consent").value is True


def _counts(url: str) -> tuple[int, int]:
    with unit_of_work(make_engine(url), write=False) as s:
        return len(s.exec(select(Seeker)).all()), len(s.exec(select(CheckIn)).all())


def test_double_confirm_says_registered(app_env) -> None:
    """Two taps on confirm (the second arrives after the first was saved): "registered", one person."""
    at = open_page("register")
    fill_registration(at)
    click(at, "下一步：核对信息")
    confirm = at.button(key="reg_confirm")
    confirm.click().run()
    confirm.click().run()  # the same button again, as a second tap would send it
    assert not at.exception
    assert at.success[0].value == "登记成功！"
    assert _counts(app_env) == (1, 1)


def test_confirm_callback_twice_asks_the_service_once(app_env, monkeypatch) -> None:
    from components import registration_form

    calls = []
    real = registration_form.register_or_claim

    def counted(*args, **kwargs):
        calls.append(kwargs["submission_id"])
        return real(*args, **kwargs)

    monkeypatch.setattr(registration_form, "register_or_claim", counted)
    at = open_page("register")
    fill_registration(at)
    click(at, "下一步：核对信息")
    confirm = at.button(key="reg_confirm")
    confirm.click().run()
    confirm.click().run()
    assert len(calls) == 1 and at.success[0].value == "登记成功！"


def test_second_tap_after_a_lost_answer_still_says_registered(app_env, monkeypatch) -> None:
    """The first tap was saved but its answer never reached the page; the second tap repeats the same
    submission, and the service's created=True for that repeat is what the page says."""
    import psycopg
    from sqlalchemy import exc as sa_exc

    from components import registration_form

    real = registration_form.register_or_claim

    def saved_then_lost(*args, **kwargs):
        real(*args, **kwargs)
        monkeypatch.setattr(registration_form, "register_or_claim", real)
        raise sa_exc.OperationalError("COMMIT", {}, psycopg.OperationalError("server closed the connection"))

    monkeypatch.setattr(registration_form, "register_or_claim", saved_then_lost)
    at = open_page("register")
    fill_registration(at)
    click(at, "下一步：核对信息")
    confirm = at.button(key="reg_confirm")
    confirm.click().run()
    assert not at.success
    from components import outage

    outage._last_ok = 0.0
    at.button(key="reg_confirm").click().run()
    assert at.success[0].value == "登记成功！"
    assert _counts(app_env) == (1, 1)


def test_second_registration_is_one_person(app_env) -> None:
    at = _registered(open_page("register"))
    click(at, "再登记一个人")  # next person at the kiosk: a fresh, empty form
    assert at.text_input(key="reg_name").value == ""
    assert any("Max-Age=0" in h for h in _html(at))  # this browser forgets the last person's ticket
    fill_registration(at, name="王秀兰")  # the same person from the same mobile: updated
    click(at, "下一步：核对信息")
    click(at, "确认，领取二维码")
    assert "您以前已经登记过" in at.success[0].value
    assert _counts(app_env) == (1, 2)


def _no_english(texts: list[str]) -> list[str]:
    import re

    icons = re.compile(r":material/[a-z_]+:")
    return [t for t in texts if ENGLISH_WORD.search(icons.sub("", t).replace("English", ""))]


def test_chinese_screens_have_no_english(app_env) -> None:
    at = open_page("register")
    texts = visible_text(at)
    fill_registration(at, id_number="1")
    click(at, "下一步：核对信息")
    texts += visible_text(at)
    fill_registration(at)
    click(at, "下一步：核对信息")
    texts += visible_text(at)
    click(at, "确认，领取二维码")
    texts += visible_text(at)
    texts += [w.placeholder or "" for w in at.text_input]
    assert _no_english([t for t in texts if "font-size:2.6rem" not in t]) == []


def test_english_by_query_parameter(app_env) -> None:
    at = open_page("register", lang="en")
    assert at.title[0].value == "Job seeker registration"
    assert at.text_input(key="reg_name").label == "Name (as on your ID card)"
    # village names are shown with their Chinese beside the pinyin (components.village_picker), on purpose
    names = sorted({n for t in _county().townships for n in (t.name, *(v.name for v in t.villages))} | {"东门"},
                   key=len, reverse=True)

    def without_names(text: str) -> str:
        for name in [*names, "中文"]:
            text = text.replace(name, "")
        return text

    leaked = [t for t in visible_text(at) if CJK.search(without_names(t))]
    assert leaked == []


def test_language_switch_button(app_env) -> None:
    at = open_page("register")
    at.button_group(key="lang_switch").set_value("en").run()
    assert at.title[0].value == "Job seeker registration"
    at.button_group(key="lang_switch").set_value("zh_CN").run()
    assert at.title[0].value == "求职登记"


def test_language_switch_keeps_every_answer(app_env) -> None:
    """Typed text, the village, the consent, and taps on the profile choices not saved yet."""
    at = open_page("register")
    fill_registration(at, consent=True)
    at.button_group(key="lang_switch").set_value("en").run()
    assert at.text_input(key="reg_name").label == "Name (as on your ID card)"
    assert [at.text_input(key=f"reg_{f}").value for f in ("name", "id_number", "phone")] == [
        "王秀兰", "530627 19800517 2462", "139 1234 5678"]
    assert at.session_state["reg_place"] == "城关镇/东门村"
    assert at.checkbox(key="reg_consent").value is True
    click(at, "Next: check my details")
    at.button_group(key="lang_switch").set_value("zh_CN").run()
    assert "请核对您的信息" in [s.value for s in at.subheader]  # still the confirmation, now in Chinese
    click(at, "确认，领取二维码")
    at.button_group(key=profile_key(at, "trades")).set_value(["welding", "cleaning"])
    at.button_group(key=profile_key(at, "intention")).set_value("either")
    at.text_input(key=profile_key(at, "expected_wage")).input("5000")
    at.button_group(key="lang_switch").set_value("en").run()
    assert at.button_group(key=profile_key(at, "trades")).value == ["welding", "cleaning"]
    assert at.button_group(key=profile_key(at, "trades")).label == "What can you do? Tap all that fit, or none."
    assert at.button_group(key=profile_key(at, "intention")).value == "either"
    assert at.text_input(key=profile_key(at, "expected_wage")).value == "5000"
    answer_group(at, "trades", save="Save")
    assert any("Cleaning, Electric welding" in m.value for m in at.markdown)


def test_ticket_download_is_the_stored_code_with_the_masked_name(app_env, monkeypatch) -> None:
    import streamlit as st

    from services.core.clock import local_today

    given = []
    real = st.download_button

    def recording(label, data, *args, **kwargs):
        given.append(data)
        return real(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", recording)
    at = _registered(open_page("register"))
    with unit_of_work(make_engine(app_env), write=False) as s:
        code = s.exec(select(Seeker.ticket_code)).one()
    # The picture is drawn when "save" is pressed (a deferred download): the button gets the drawing
    # function, whose result is the card with the masked name (test_ticket_card: what it shows, the QR).
    assert at.download_button[0].label == "保存二维码图片"
    assert callable(given[-1])
    card = ticket_card_png(code, name="王*兰", portal="云岭县就业招聘服务平台", day=local_today().isoformat())
    assert given[-1]() == card
    assert len(at.image) == 1


def test_ticket_pictures_and_jobs_are_not_made_again_on_a_rerun(app_env, monkeypatch) -> None:
    from components import ticket_view

    made = {"qr": 0, "card": 0, "jobs": 0}

    def counting(name, real):
        def run(*args, **kwargs):
            made[name] += 1
            return real(*args, **kwargs)
        return run

    monkeypatch.setattr(ticket_view, "ticket_png", counting("qr", ticket_view.ticket_png))
    monkeypatch.setattr(ticket_view, "ticket_card_png", counting("card", ticket_view.ticket_card_png))
    monkeypatch.setattr(ticket_view, "vacancies_for_ticket", counting("jobs", ticket_view.vacancies_for_ticket))
    at = _registered(open_page("register"))
    assert made == {"qr": 1, "card": 0, "jobs": 1}  # the saved picture is drawn only when "save" is pressed
    at.run()
    at.run()
    assert made == {"qr": 1, "card": 0, "jobs": 1}
    answer_group(at, "education", education="primary")  # an answer changes the jobs: read again, once
    assert made == {"qr": 1, "card": 0, "jobs": 2}


def test_organizer_text_shows_literally(app_env) -> None:
    create_fair(make_engine(app_env), name="[x](javascript:alert(1)) <img src=x onerror=alert(1)> **b**",
                code="XSS")
    at = open_page("register", fair="XSS")
    shown = at.subheader[0].value
    assert "\\[x\\]\\(javascript" in shown and "\\<img" in shown and "\\*\\*b\\*\\*" in shown


# --- issue 9: the same ID number from another mobile is a claim, not a takeover ---------------

OTHER_MOBILE = "186 0000 1112"


@pytest.fixture
def claim_zh(app_env: str) -> Iterator[str]:
    """A registered owner (王秀兰, from …5678): the next registration of her ID number is a claim."""
    owner = validate_registration(form(id_number="530627198005172462"), county=_county())  # 王秀兰, from …5678
    register_seeker(make_engine(app_env), Vault.from_secret(TEST_SECRET), owner, source=Source.direct(),
                    submission_id="owner")
    yield app_env


def _county():
    from services.places.county import load_county

    return load_county(ROOT / "config" / "county.toml")


def _claimed(url: str, **overrides: object) -> AppTest:
    at = open_page("register")
    fill_registration(at, **({"name": "李四", "phone": OTHER_MOBILE} | overrides))
    click(at, "下一步：核对信息")
    click(at, "确认，领取二维码")
    return at


def _stored(url: str) -> tuple[Seeker, list[IdentityClaim], int]:
    with unit_of_work(make_engine(url), write=False) as s:
        return (s.exec(select(Seeker)).one(), list(s.exec(select(IdentityClaim)).all()),
                len(s.exec(select(CheckIn)).all()))


def test_other_mobile_shows_no_ticket_and_changes_nothing(claim_zh) -> None:
    owner_before, _, checkins = _stored(claim_zh)
    at = _claimed(claim_zh)
    assert not at.success and not at.download_button and not at.image  # no ticket
    assert at.subheader[0].value == "这个身份证号已经登记过"
    assert at.warning[0].value == ("这个身份证号已经登记过了，当时留的手机号尾号是 ••78。\n\n"
                                   "您的信息没有改动，这里也不会显示二维码。")
    assert at.text_input(key="reg_previous_mobile").label == "以前登记的手机号"
    assert "请输入您以前登记时用的完整手机号" in " ".join(m.value for m in at.markdown)
    advice = " ".join(i.value for i in at.info)
    assert "工作人员服务台" in advice and "身份证" in advice
    shown = " ".join(visible_text(at))
    assert "5678" not in shown and "1234" not in shown  # only the last 2 digits of the registered mobile
    seeker, claims, checkins_after = _stored(claim_zh)
    assert (seeker.name, seeker.phone_hmac, seeker.updated_at) == (owner_before.name, owner_before.phone_hmac,
                                                                  owner_before.updated_at)
    assert checkins_after == checkins
    [claim] = claims
    assert claim.outcome == ClaimOutcome.REFUSED and claim.seeker_id == seeker.id
    assert [t for t in visible_text(at) if ENGLISH_WORD.search(t.replace("English", ""))] == []


def test_wrong_proof_beside_its_field_then_right_proof_gives_the_ticket(claim_zh) -> None:
    at = _claimed(claim_zh)
    at.text_input(key="reg_previous_mobile").input("138 0000 0000")
    click(at, "核对号码，领取二维码")
    assert _after(at, "reg_previous_mobile") == ("error", "这不是以前登记的手机号。还可以再试 2 次。")
    assert at.text_input(key="reg_previous_mobile").value == "138 0000 0000"  # kept as typed
    at.text_input(key="reg_previous_mobile").input("12345")
    click(at, "核对号码，领取二维码")
    assert _after(at, "reg_previous_mobile") == ("error", "手机号是以1开头的11位数字。")  # not counted
    at.text_input(key="reg_previous_mobile").input("139 1234 5678")
    click(at, "核对号码，领取二维码")
    assert "您以前已经登记过" in at.success[0].value
    assert at.download_button
    seeker, [claim], _checkins = _stored(claim_zh)
    vault = Vault.from_secret(TEST_SECRET)
    assert vault.decrypt(seeker.phone_enc) == "18600001112" and seeker.name == "李四"
    assert (claim.outcome, claim.proof_failures) == (ClaimOutcome.PROVEN, 1)
    assert format_ticket_code(seeker.ticket_code) in " ".join(visible_text(at))


def test_too_many_wrong_proofs_leave_the_staff_desk(claim_zh) -> None:
    at = _claimed(claim_zh)
    for _ in range(MAX_PROOF_FAILURES):
        at.text_input(key="reg_previous_mobile").input("138 0000 0000")
        click(at, "核对号码，领取二维码")
    assert not [t for t in at.text_input if t.key == "reg_previous_mobile"]  # the proof field is gone
    assert "输错的次数太多了。请带上身份证，到工作人员服务台办理。" in [e.value for e in at.error]
    click(at, "我去工作人员服务台")
    assert "请带上身份证，到招聘会现场的工作人员服务台" in at.info[0].value
    seeker, [claim], _checkins = _stored(claim_zh)
    assert (claim.outcome, claim.proof_failures) == (ClaimOutcome.DESK, MAX_PROOF_FAILURES)
    assert seeker.name == "王秀兰"
    click(at, "再登记一个人")
    assert at.text_input(key="reg_name").value == ""


def test_back_to_edit_marks_the_id_number_and_keeps_everything(claim_zh) -> None:
    at = _claimed(claim_zh)
    click(at, "返回修改")
    assert _after(at, "reg_id_number") == ("error", "这个身份证号已经登记过了，当时留的手机号尾号是 ••78。")
    assert at.text_input(key="reg_name").value == "李四"
    assert at.text_input(key="reg_phone").value == OTHER_MOBILE
    assert at.session_state["reg_place"] == "城关镇/东门村"
    assert at.checkbox(key="reg_consent").value is True
    # correcting the ID number registers the new person, with a ticket
    at.text_input(key="reg_id_number").input("530627198005170061")
    click(at, "下一步：核对信息")
    click(at, "确认，领取二维码")
    assert at.success[0].value == "登记成功！"


def test_claim_screen_in_english(claim_zh) -> None:
    at = open_page("register", lang="en")
    fill_registration(at, phone=OTHER_MOBILE)
    click(at, "Next: check my details")
    click(at, "Confirm and get my ticket")
    assert at.warning[0].value.startswith("This ID number is already registered with a phone ending in ••78.")
    assert [t for t in visible_text(at) if CJK.search(t.replace("中文", ""))] == []
