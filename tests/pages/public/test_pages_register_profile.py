"""Under the ticket, with AppTest: "Tell us more" (one press saves a group, each group skippable, answers
pre-filled and changeable, the wage's "did you mean"), and the ticket this browser keeps (cookie)."""

from __future__ import annotations

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from models import Seeker
from services.core.db import make_engine, unit_of_work
from services.registration.profile import get_profile
from tests.apptest_support import (
    CJK,
    ENGLISH_WORD,
    answer_group,
    click,
    fill_profile,
    fill_registration,
    open_page,
    profile_key,
)

GROUPS = ("trades", "place", "education", "wage", "training", "poor_household")


def _registered(**overrides: object) -> AppTest:
    at = open_page("register")
    fill_registration(at, **overrides)
    click(at, "下一步：核对信息")
    return click(at, "确认，领取二维码")


def _code(url: str) -> str:
    with unit_of_work(make_engine(url), write=False) as s:
        return s.exec(select(Seeker.ticket_code)).one()


def _boxes(at: AppTest) -> dict[str, str]:
    """Each group's state on screen: "open" (its question and Save) or "done" (✓ and a summary)."""
    keys = {b.key for b in at.button if b.key}
    code = at.session_state["my_ticket"]
    return {g: "open" if f"reg_pf_{code}_{g}_save" in keys else
            "done" if f"reg_pf_{code}_{g}_change" in keys else "?" for g in GROUPS}


def test_a_new_person_sees_every_group_open_and_one_press_saves_each(app_env) -> None:
    at = _registered()
    assert _boxes(at) == dict.fromkeys(GROUPS, "open")
    assert at.button_group(key=profile_key(at, "trades")).value == []  # nothing answered, nothing chosen
    assert [w.key for w in at.multiselect] == [] and [w.key for w in at.number_input] == []  # no drop-downs
    code = _code(app_env)
    fill_profile(at)  # six groups, six presses
    assert _boxes(at) == dict.fromkeys(GROUPS, "done")
    profile = get_profile(make_engine(app_env), ticket_code=code)
    assert profile.missing == [] and profile.answered == frozenset(GROUPS)
    assert (profile.trades, profile.intention, profile.leave_constraint, profile.education, profile.expected_wage,
            profile.poor_household) == (("garment_sewing",), "nearby", "none", "junior", 4500, "no")
    shown = " ".join(m.value for m in at.markdown)
    assert "✓" in shown and "服装缝纫" in shown and "就近就业（本县或本市）" in shown and "每月4,500元" in shown


def test_groups_can_be_skipped(app_env) -> None:
    at = _registered()
    answer_group(at, "education", education="primary")
    assert _boxes(at) == dict(dict.fromkeys(GROUPS, "open"), education="done")
    assert "已保存，谢谢！" in [c.value for c in at.caption]
    profile = get_profile(make_engine(app_env), ticket_code=_code(app_env))
    assert profile.missing == ["trades", "place", "wage", "training", "poor_household"]
    assert profile.education == "primary" and profile.intention is None


def test_no_skill_is_an_answer(app_env) -> None:
    at = answer_group(_registered(), "trades")
    assert _boxes(at)["trades"] == "done"
    assert any("没有特别的技能" in m.value for m in at.markdown)


def test_a_group_without_a_choice_says_so_beside_it(app_env) -> None:
    at = answer_group(_registered(), "place")  # Save without a tap
    assert _boxes(at)["place"] == "open"
    assert len(at.error) == 1 and "哪里工作" in at.error[0].value
    # "cannot leave home" with "go out to another province" explains itself; the taps are kept
    answer_group(at, "place", intention="go_out", leave_constraint="care")
    assert _boxes(at)["place"] == "open" and "不能离开家" in at.error[0].value
    assert at.button_group(key=profile_key(at, "intention")).value == "go_out"
    assert at.button_group(key=profile_key(at, "leave_constraint")).value == "care"


def test_cannot_leave_home_alone_means_work_nearby(app_env) -> None:
    at = answer_group(_registered(), "place", leave_constraint="health")
    assert _boxes(at)["place"] == "done"
    profile = get_profile(make_engine(app_env), ticket_code=_code(app_env))
    assert (profile.intention, profile.leave_constraint) == ("nearby", "health")


def test_change_an_answer(app_env) -> None:
    at = answer_group(_registered(), "training", willing_to_train="yes")
    at.button(key=profile_key(at, "training_change")).click().run()
    assert at.button_group(key=profile_key(at, "willing_to_train")).value == "yes"  # pre-filled
    answer_group(at, "training", willing_to_train="no")
    assert get_profile(make_engine(app_env), ticket_code=_code(app_env)).willing_to_train in (False, "no")


def test_wage_did_you_mean(app_env) -> None:
    at = answer_group(_registered(), "wage", expected_wage="4")
    [said] = [e.value for e in at.error]
    assert "4,000" in said and CJK.search(said) and not ENGLISH_WORD.search(said)  # "did you mean 4,000?"
    assert at.text_input(key=profile_key(at, "expected_wage")).value == "4"  # kept as typed
    at.button(key=profile_key(at, "wage_yes")).click().run()  # one tap: "Yes, 4,000"
    assert not at.error and _boxes(at)["wage"] == "done"
    assert get_profile(make_engine(app_env), ticket_code=_code(app_env)).expected_wage == 4000


@pytest.mark.parametrize("typed", ["200000", "-300"])
def test_wage_out_of_range_explains_itself(app_env, typed: str) -> None:
    at = answer_group(_registered(), "wage", expected_wage=typed)
    assert len(at.error) == 1 and "4500" in at.error[0].value  # what to write instead
    assert _boxes(at)["wage"] == "open"
    assert at.text_input(key=profile_key(at, "expected_wage")).value == typed


def test_empty_wage_is_open(app_env) -> None:
    at = answer_group(_registered(), "wage")
    assert any("面议" in m.value for m in at.markdown)


def test_english_groups(app_env) -> None:
    at = open_page("register", lang="en")
    fill_registration(at)
    click(at, "Next: check my details")
    click(at, "Confirm and get my ticket")
    answer_group(at, "wage", save="Save", expected_wage="50")
    assert at.error[0].value == "Did you mean 5,000 yuan a month?"
    assert at.button(key=profile_key(at, "wage_yes")).label == "Yes, 5,000"


def test_a_returning_person_sees_their_answers(app_env) -> None:
    at = _registered()
    fill_profile(at, trades=["welding"])
    click(at, "再登记一个人")
    fill_registration(at)
    click(at, "下一步：核对信息")
    click(at, "确认，领取二维码")
    assert "您以前已经登记过" in at.success[0].value
    assert _boxes(at) == dict.fromkeys(GROUPS, "done")  # registering again kept every answer
    assert any("电焊" in m.value for m in at.markdown)


# --- the ticket this browser keeps ------------------------------------------------------------------


@pytest.fixture
def cookie(monkeypatch: pytest.MonkeyPatch):
    """What the browser sends when a page is opened: set `jar["portal_ticket"]`."""
    from components import ticket_cookie

    jar: dict[str, str] = {}
    monkeypatch.setattr(ticket_cookie, "_cookies", lambda: jar)
    return jar


def test_reload_shows_the_ticket_again(app_env, cookie) -> None:
    _registered()
    code = _code(app_env)
    cookie["portal_ticket"] = code
    at = open_page("register")  # a reload: a new session, the cookie sent with it
    assert at.info[0].value == "这是您的求职二维码，已经保存在这部手机上。"
    assert at.subheader[0].value == "王\\*兰 的求职二维码"  # the name masked: this is a shared phone, maybe
    assert not [t for t in at.text_input if t.key == "reg_name"]
    assert _boxes(at) == dict.fromkeys(GROUPS, "open")  # and the questions under it
    click(at, "这不是我：让这部手机忘掉这个二维码")
    assert at.text_input(key="reg_name").value == ""  # the form for a new person
    assert any("portal_ticket=; Max-Age=0" in h.proto.body for h in at.get("html"))


def test_ticket_page_shows_the_kept_ticket(app_env, cookie) -> None:
    _registered()
    cookie["portal_ticket"] = _code(app_env).lower()  # typed or changed by hand: normalized
    at = open_page("ticket")
    assert at.info[0].value == "这是您的求职二维码，已经保存在这部手机上。"
    assert _boxes(at) == dict.fromkeys(GROUPS, "open")
    click(at, "这不是我：让这部手机忘掉这个二维码")
    assert "怎样找回二维码" in " ".join(m.value for m in at.markdown)  # the look-up, with how to use it


@pytest.mark.parametrize("value", ["NOSUCH00", "<script>", ""])
def test_a_stale_or_odd_cookie_shows_the_form(app_env, cookie, value: str) -> None:
    cookie["portal_ticket"] = value
    at = open_page("register")
    assert at.text_input(key="reg_name")
    assert not at.info


def test_a_kept_ticket_opened_from_a_fairs_poster_checks_in_with_one_tap(app_env, cookie) -> None:
    from models import CheckIn
    from services.places.sources import create_fair

    _registered()
    code = _code(app_env)
    fair = create_fair(make_engine(app_env), name="2026年秋季招聘会", code="AUTUMN26", township="城关镇")
    cookie["portal_ticket"] = code
    at = open_page("register", fair="AUTUMN26")  # the next fair's poster, on the phone that keeps the ticket
    click(at, "我到了2026年秋季招聘会：帮我签到")
    assert at.success[0].value == "您已在2026年秋季招聘会签到。"
    at.run()  # a rerun (or a second tap on another visit today) records nothing more
    again = open_page("register", fair="AUTUMN26")
    click(again, "我到了2026年秋季招聘会：帮我签到")
    with unit_of_work(make_engine(app_env), write=False) as s:
        assert len(s.exec(select(CheckIn).where(CheckIn.fair_id == fair.id)).all()) == 1
    plain = open_page("register")  # a link without a fair: nothing to check in at
    assert not [b for b in plain.button if b.key == "kept_checkin"]
