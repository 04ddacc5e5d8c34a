"""The registration page with AppTest: deep links, field errors, confirmation, ticket, languages."""

from __future__ import annotations

from sqlmodel import select
from streamlit.runtime.memory_media_file_storage import _calculate_file_id

from models import CheckIn, Seeker
from services.core.db import make_engine, unit_of_work
from services.places.sources import create_fair
from services.registration.tickets import format_ticket_code, ticket_card_png
from tests.apptest_support import CJK, ENGLISH_WORD, click, fill_registration, open_page, visible_text


def _fair(url: str, **kwargs):
    return create_fair(make_engine(url), name="2026年春风行动招聘会", code="SPRING26", township="城关镇", **kwargs)


def test_deep_link_names_the_fair(app_env) -> None:
    _fair(app_env)
    at = open_page("register", fair="SPRING26")
    assert at.title[0].value == "求职登记"
    assert at.subheader[0].value == "2026年春风行动招聘会"
    assert not at.warning
    # the fair's township comes first in the village list
    assert at.selectbox(key="reg_place").options[0].endswith("（城关镇）") or "城关镇" in at.selectbox(
        key="reg_place").options[0]


def test_unknown_code_warns_and_still_offers_the_form(app_env) -> None:
    at = open_page("register", fair="NOSUCH")
    assert "这个二维码对应的招聘会不存在" in at.warning[0].value
    assert "您仍然可以在下面直接登记" in at.warning[0].value
    assert at.text_input(key="reg_name")


def test_closed_fair_is_explained(app_env) -> None:
    _fair(app_env, status="closed")
    at = open_page("register", fair="SPRING26")
    assert "这场招聘会已经结束" in at.warning[0].value


def test_field_errors_show_beside_fields_and_keep_input(app_env) -> None:
    at = open_page("register")
    fill_registration(at, id_number="36042619910102009X", phone="139 1234 567", consent=False)
    click(at, "下一步：核对信息")
    errors = [e.value for e in at.error]
    assert "身份证号不正确（最后一位校验不对），请逐位检查。" in errors
    assert "手机号是以1开头的11位数字。" in errors
    assert "请阅读说明并勾选同意，才能登记。" in errors
    assert at.text_input(key="reg_name").value == "王秀兰"
    assert at.text_input(key="reg_id_number").value == "36042619910102009X"
    assert at.selectbox(key="reg_place").value == "城关镇/东门村"
    assert at.multiselect(key="reg_trades").value == ["garment_sewing"]


def test_success_shows_confirmation_then_ticket(app_env) -> None:
    fair = _fair(app_env)
    at = open_page("register", fair="SPRING26")
    fill_registration(at)
    click(at, "下一步：核对信息")
    shown = " ".join(visible_text(at))
    assert "出生于 1980-05-17" in shown and "**女**" in shown
    assert "530627********2462" in shown and "530627198005172462" not in shown
    click(at, "确认，领取二维码")
    assert at.success[0].value == "登记成功！"
    with unit_of_work(make_engine(app_env), write=False) as s:
        seeker = s.exec(select(Seeker)).one()
        checkin = s.exec(select(CheckIn)).one()
    assert checkin.fair_id == fair.id and checkin.channel == "qr"
    assert format_ticket_code(seeker.ticket_code) in " ".join(visible_text(at))
    assert at.download_button[0].label == "保存二维码图片"


def test_back_to_edit_keeps_everything(app_env) -> None:
    at = open_page("register")
    fill_registration(at)
    click(at, "下一步：核对信息")
    click(at, "返回修改")
    assert at.text_input(key="reg_name").value == "王秀兰"
    assert at.radio(key="reg_intention").value == "nearby"
    assert at.checkbox(key="reg_consent").value is True


def test_double_confirm_and_second_registration_are_one_person(app_env) -> None:
    at = open_page("register")
    fill_registration(at)
    click(at, "下一步：核对信息")
    click(at, "确认，领取二维码")
    click(at, "再登记一个人")  # next person at the kiosk: a fresh, empty form
    assert at.text_input(key="reg_name").value == ""
    fill_registration(at, phone="186 0000 1111")
    click(at, "下一步：核对信息")
    click(at, "确认，领取二维码")
    assert "您以前已经登记过" in at.success[0].value
    with unit_of_work(make_engine(app_env), write=False) as s:
        assert len(s.exec(select(Seeker)).all()) == 1
        assert len(s.exec(select(CheckIn)).all()) == 2


def test_chinese_screens_have_no_english(app_env) -> None:
    at = open_page("register")
    texts = visible_text(at)
    fill_registration(at, id_number="1")
    click(at, "下一步：核对信息")
    texts += visible_text(at)
    leaked = [t for t in texts if ENGLISH_WORD.search(t.replace("English", ""))]
    assert leaked == []


def test_english_by_query_parameter(app_env) -> None:
    at = open_page("register", lang="en")
    assert at.title[0].value == "Job seeker registration"
    assert at.text_input(key="reg_name").label == "Name (as on your ID card)"
    leaked = [t for t in visible_text(at) if CJK.search(t.replace("中文", ""))]
    assert leaked == []


def test_language_switch_button(app_env) -> None:
    at = open_page("register")
    at.button_group(key="lang_switch").set_value("en").run()
    assert at.title[0].value == "Job seeker registration"
    at.button_group(key="lang_switch").set_value("zh_CN").run()
    assert at.title[0].value == "求职登记"


def test_ticket_download_is_the_stored_code(app_env) -> None:
    at = open_page("register")
    fill_registration(at)
    click(at, "下一步：核对信息")
    click(at, "确认，领取二维码")
    with unit_of_work(make_engine(app_env), write=False) as s:
        code = s.exec(select(Seeker.ticket_code)).one()
    # The media URL is a content hash: it proves the download holds this code's ticket card,
    # and test_tickets proves that card's QR decodes to the code.
    file_id = _calculate_file_id(ticket_card_png(code), "image/png", f"ticket-{code}.png")
    assert at.download_button[0].proto.url.endswith(f"{file_id}.png")
    assert len(at.image) == 1


def test_organizer_text_shows_literally(app_env) -> None:
    create_fair(make_engine(app_env), name="[x](javascript:alert(1)) <img src=x onerror=alert(1)> **b**",
                code="XSS")
    at = open_page("register", fair="XSS")
    shown = at.subheader[0].value
    assert "\\[x\\]\\(javascript" in shown and "\\<img" in shown and "\\*\\*b\\*\\*" in shown
