"""Finding a ticket again, the home page, and the app refusing an insecure configuration."""

from __future__ import annotations

from services.core.crypto import Vault
from services.core.db import make_engine
from services.places.sources import Source
from services.registration.register import register_seeker, validate_registration
from services.registration.tickets import format_ticket_code
from tests.apptest_support import click, open_page, visible_text
from tests.conftest import TEST_SECRET
from tests.factories import form, person_id


def _register(url: str, county) -> str:
    draft = validate_registration(form(), county=county)
    return register_seeker(make_engine(url), Vault.from_secret(TEST_SECRET), draft, source=Source.direct(),
                           submission_id="t1").ticket_code


def _lookup(at, phone: str, last4: str):
    at.text_input[0].input(phone)
    at.text_input[1].input(last4)
    return click(at, "找回我的二维码")


def test_ticket_found_with_phone_and_last4(app_env, county) -> None:
    code = _register(app_env, county)
    at = _lookup(open_page("ticket"), "139 1234 5678", person_id()[-4:])
    assert not at.error
    assert format_ticket_code(code) in " ".join(visible_text(at))
    assert len(at.image) == 1 and at.download_button


def _order(at) -> list[tuple[str, str]]:
    """The page's elements in the order drawn: (type, label or text)."""
    out: list[tuple[str, str]] = []

    def walk(node) -> None:
        kind = getattr(node, "type", "")
        if kind in ("text_input", "error", "button"):
            out.append((kind, str(getattr(node, "label", None) or getattr(node, "value", ""))))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    return out


def _beside(at, label: str) -> str:
    """The message drawn right under the field `label` (and above the next field or the button)."""
    order = _order(at)
    i = order.index(("text_input", label))
    assert order[i + 1][0] == "error", order
    return order[i + 1][1]


def test_ticket_not_found_and_bad_input_are_explained(app_env, county) -> None:
    _register(app_env, county)
    at = _lookup(open_page("ticket"), "139 1234 5678", "9999")
    # changed on purpose (issue 9): the miss says how many tries are left, under the ID field
    assert _beside(at, "身份证号后4位") == "没有找到与这个手机号和身份证号相符的登记。还可以再试 2 次。"
    assert [t.value for t in at.text_input] == ["139 1234 5678", "9999"]  # what was typed stays
    at = _lookup(open_page("ticket"), "139", "9999")
    assert _beside(at, "手机号") == "手机号是以1开头的11位数字。"
    assert at.text_input[0].value == "139"  # what was typed stays


def test_failed_lookups_count_down_then_wait_a_little(app_env, county, monkeypatch) -> None:
    from components import auth

    monkeypatch.setattr(auth, "client_ip", lambda: "10.9.8.7")  # limited per address too
    _register(app_env, county)
    at = open_page("ticket")
    said = []
    for _ in range(3):
        at = _lookup(at, "139 1234 5678", "9999")
        said.append(_beside(at, "身份证号后4位"))
    assert said[:2] == ["没有找到与这个手机号和身份证号相符的登记。还可以再试 2 次。",
                        "没有找到与这个手机号和身份证号相符的登记。还可以再试 1 次。"]
    assert said[2] == "没有找到与这个手机号和身份证号相符的登记。请等 2 秒后再试。"
    at = _lookup(at, "139 1234 5678", person_id()[-4:])  # the right answer, too soon: wait, not locked out
    assert _beside(at, "身份证号后4位").startswith("尝试次数太多。请等 ")
    assert _beside(at, "身份证号后4位").endswith(" 秒后再试，或者请工作人员帮忙。")
    assert [t.value for t in at.text_input] == ["139 1234 5678", person_id()[-4:]]
    assert not at.image  # no ticket shown


def test_a_long_wait_is_said_in_minutes_in_both_languages(app_env, county) -> None:
    from datetime import timedelta

    from models import TicketLookupLimit
    from models.base import utcnow
    from services.core.db import unit_of_work

    _register(app_env, county)
    key = "phone:" + Vault.from_secret(TEST_SECRET).digest("phone", "13912345678")
    with unit_of_work(make_engine(app_env)) as s:
        s.add(TicketLookupLimit(key=key, failures=12, last_failure_at=utcnow(),
                                wait_until=utcnow() + timedelta(seconds=230)))
    at = _lookup(open_page("ticket"), "139 1234 5678", person_id()[-4:])
    assert _beside(at, "身份证号后4位") == "尝试次数太多。请等 4 分钟后再试，或者请工作人员帮忙。"
    at = open_page("ticket", lang="en")
    at.text_input[0].input("139 1234 5678")
    at.text_input[1].input(person_id()[-4:])
    at = click(at, "Find my ticket")
    assert _beside(at, "Last 4 characters of your ID number") == \
        "Too many tries. Please wait 4 minutes, then try again, or ask the staff."


def test_home_links_to_registration(app_env) -> None:
    at = open_page()
    assert at.title[0].value == "云岭县就业招聘服务平台"
    assert {p.label for p in at.page_link} >= {"求职登记", "找回我的二维码"}


def test_production_with_default_secret_refuses_to_serve(app_env, monkeypatch) -> None:
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("PORTAL_SECRET_KEY", "changethis")
    at = open_page()
    assert "PORTAL_SECRET_KEY" in at.error[0].value
    assert not at.title and not at.text_input


def test_production_without_cookie_key_refuses_to_serve(app_env, monkeypatch) -> None:
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("PORTAL_SECRET_KEY", "k" * 48)
    monkeypatch.delenv("PORTAL_COOKIE_KEY", raising=False)
    at = open_page()
    assert "PORTAL_COOKIE_KEY" in at.error[0].value
    assert not at.title


# --- "Jobs for you" under the ticket (matching) -------------------------------------------------

def _vacancies(url: str) -> dict[str, int]:
    """A local sewing job that fits the default seeker (46, junior school, wants nearby work, care duties),
    a better-paid one away from home that must not show, and one for older people only."""
    from tests.factories import make_employer, make_vacancy

    engine = make_engine(url)
    employer = make_employer(engine, name="昭通市<b>服装</b>厂")
    local = dict(scope="local", province="云南省", city="昭通市", age_min=18, age_max=55)
    return {
        "near": make_vacancy(engine, employer, title="缝纫工 [x](javascript:alert(1))", trade="garment_sewing",
                             wage_min=3500, wage_max=4800, **local),
        "away": make_vacancy(engine, employer, title="外省电子厂", trade="garment_sewing", age_min=18, age_max=55,
                             wage_min=7000, wage_max=9000),
        "old": make_vacancy(engine, employer, title="只招老人", trade="cleaning", scope="local", province="云南省",
                            city="昭通市", age_min=56, age_max=60),
    }


def test_ticket_shows_jobs_for_you(app_env, county) -> None:
    ids = _vacancies(app_env)
    code = _register(app_env, county)
    at = _lookup(open_page("ticket"), "139 1234 5678", person_id()[-4:])
    assert not at.exception
    text = visible_text(at)
    assert "适合您的工作" in text
    assert "**缝纫工 \\[x\\]\\(javascript\\:alert\\(1\\)\\)**  \n昭通市\\<b\\>服装\\</b\\>厂" in text  # literal text
    assert "**3,500–4,800元/月** · 昭通市 · 就近（本市内）" in text  # one wage formatter (issue 10)
    assert any("您的工种：服装缝纫" in t and "包住" in t for t in text)
    assert not any("外省电子厂" in t for t in text)  # sewing finds a job: nothing to explain there
    # cleaning finds nothing (issue 10): why, and the closest job with the rule it fails
    assert "保洁岗位都要求56岁以上" in [w.value for w in at.warning]
    assert any("只招老人" in t for t in text) and any("✗ 要求56岁以上，您46岁" in t for t in text)
    links = [(p.label, p.proto.query_string if hasattr(p.proto, "query_string") else "") for p in at.page_link]
    assert ("看看这个工作", f"vacancy={ids['near']}") in links, links
    assert any(label == "查看全部工作" for label, _q in links)
    assert at.session_state["my_ticket"] == code


def test_ticket_without_matching_jobs_says_so(app_env, county) -> None:
    code = _register(app_env, county)
    at = open_page("ticket", lang="en")
    at.text_input[0].input("139 1234 5678")
    at.text_input[1].input(person_id()[-4:])
    at = click(at, "Find my ticket")
    assert at.info[-1].value.startswith("No job fits you yet.")
    assert "See all jobs" in [p.label for p in at.page_link]
    assert at.session_state["my_ticket"] == code


def test_registration_success_page_shows_jobs_for_you(app_env, county) -> None:
    """Ticket first: "Jobs for you" follows the answers saved under the ticket (here: work nearby, care
    duties at home), read again after each save."""
    from tests.apptest_support import answer_group, fill_registration

    ids = _vacancies(app_env)
    at = open_page("register")
    fill_registration(at)
    at = click(at, "下一步：核对信息")
    at = click(at, "确认，领取二维码")
    assert "适合您的工作" in visible_text(at)
    assert not any(t.startswith("**缝纫工") for t in visible_text(at))  # it asks junior school: not known yet
    answer_group(at, "education", education="junior")
    answer_group(at, "place", intention="nearby", leave_constraint="care")
    text = visible_text(at)
    assert any(t.startswith("**缝纫工") for t in text)
    assert not any("外省电子厂" in t for t in text)
    links = [p.proto.query_string for p in at.page_link if p.label == "看看这个工作"]
    assert ids["near"] and f"vacancy={ids['near']}" in links


def test_ticket_page_says_how_to_find_a_ticket_again(app_env) -> None:
    at = open_page("ticket")
    said = " ".join(m.value for m in at.markdown)
    assert "把二维码图片保存到手机上" in said and "手机号和身份证号后4位" in said
    phone = at.text_input[0]
    assert phone.proto.type == phone.proto.DEFAULT and phone.proto.autocomplete == "tel"  # no "+1 234 567 8900"
    assert phone.placeholder == "11位数字，以1开头"


def test_found_ticket_offers_the_profile_questions_and_is_kept(app_env, county) -> None:
    code = _register(app_env, county)
    at = _lookup(open_page("ticket"), "139 1234 5678", person_id()[-4:])
    assert "多告诉我们一些，帮您找到更合适的工作" in [s.value for s in at.subheader]
    assert any(f"portal_ticket={code};" in h.proto.body for h in at.get("html"))  # kept on this phone
    from tests.apptest_support import answer_group, profile_key

    # registered with every answer: each group folded with a ✓; one is changed, and the ticket stays
    at.button(key=profile_key(at, "training_change")).click().run()
    assert at.button_group(key=profile_key(at, "willing_to_train")).value == "yes"
    answer_group(at, "training", willing_to_train="no")
    assert format_ticket_code(code) in " ".join(visible_text(at))
    assert any("参加技能培训" in m.value and "否" in m.value for m in at.markdown)
