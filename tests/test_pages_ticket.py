"""Finding a ticket again, the home page, and the app refusing an insecure configuration."""

from __future__ import annotations

from services.crypto import Vault
from services.db import make_engine
from services.registration import register_seeker, validate_registration
from services.sources import Source
from services.tickets import format_ticket_code
from tests.apptest_support import click, open_page, visible_text
from tests.conftest import TEST_SECRET
from tests.factories import form, person_id


def _register(url: str, county) -> str:  # noqa: ANN001
    draft = validate_registration(form(), county=county)
    return register_seeker(make_engine(url), Vault.from_secret(TEST_SECRET), draft, source=Source.direct(),
                           submission_id="t1").ticket_code


def _lookup(at, phone: str, last4: str):  # noqa: ANN001, ANN202
    at.text_input[0].input(phone)
    at.text_input[1].input(last4)
    return click(at, "找回我的二维码")


def test_ticket_found_with_phone_and_last4(app_env, county) -> None:
    code = _register(app_env, county)
    at = _lookup(open_page("ticket"), "139 1234 5678", person_id()[-4:])
    assert not at.error
    assert format_ticket_code(code) in " ".join(visible_text(at))
    assert len(at.image) == 1 and at.download_button


def test_ticket_not_found_and_bad_input_are_explained(app_env, county) -> None:
    _register(app_env, county)
    at = _lookup(open_page("ticket"), "139 1234 5678", "9999")
    assert at.error[0].value == "没有找到与这个手机号和身份证号相符的登记。"
    at = _lookup(open_page("ticket"), "139", "9999")
    assert at.error[0].value == "手机号是以1开头的11位数字。"
    assert at.text_input[0].value == "139"  # what was typed stays


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
