"""A villager's registration in a real browser, ticket first: QR deep link, step 1 in Chinese (name, ID
number, mobile, village, consent), the confirmation, the ticket, then the profile questions under it.

Drives the app served by `streamlit run` (see conftest.py) with Chromium at phone size: 390x844 and a
small 360x640. Screenshots of each step go to tests/artifacts/ (git-ignored); step 1 and the ticket are
also copied to docs/ for the README.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import func
from sqlmodel import Session, select

from models import CheckIn, Seeker
from services.core.crypto import Vault
from services.core.validation import ID_CHECK_CHARS, age_on, make_resident_id, mask_id, normalize_id_number
from services.registration.tickets import format_ticket_code, mask_name
from tests.browser.conftest import DEEP_LINK, FAIR_NAME, ROOT, PortalServer, phone_context, settled
from tests.conftest import TEST_SECRET

pytestmark = pytest.mark.browser

DOCS = ROOT / "docs"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")

# Chinese labels, as in locales/zh_CN/LC_MESSAGES/messages.po.
NAME = "姓名（与身份证一致）"
ID_NUMBER = "身份证号（18位）"
MOBILE = "手机号"
CONSENT = "我已阅读并同意"
NEXT = "下一步：核对信息"
CONFIRM = "确认，领取二维码"
SAVE = "保存"
SMALL = {"width": 360, "height": 640}


@dataclass(frozen=True)
class Villager:
    name: str
    id_number: str
    mobile: str
    village_search: str
    village_option: str
    # the profile questions under the ticket (pills): what is tapped
    education: str = ""
    trades: tuple[tuple[str, str], ...] = ()  # (kept for callers: what was typed, the option tapped)
    answers: tuple[tuple[str, str], ...] = ()  # (question, answer)
    wage: str = ""

    @property
    def id_typed(self) -> str:
        """Typed with spaces, as printed on the card: area, birth date, sequence and check."""
        n = self.id_number
        return f"{n[:6]} {n[6:14]} {n[14:]}"


WANG = Villager(
    name="王秀兰",
    id_number=make_resident_id("530627", date(1978, 3, 9), 57, "F"),
    mobile="139 1234 5678",
    village_search="东门",
    village_option="东门村（城关镇）",
    education="初中",
    trades=(("家政", "家政服务"), ("缝纫", "服装缝纫")),
    answers=(
        ("想在哪里工作？", "就近就业（本县或本市）"),
        ("能离开家外出工作吗？", "不能：要在家照顾老人或小孩"),
        ("愿意参加技能培训吗？", "是"),
        ("是否为建档立卡贫困户？", "否"),
    ),
    wage="3000",
)

LI = Villager(
    name="李国华",
    id_number=make_resident_id("530627", date(1985, 11, 20), 123, "M"),
    mobile="138-8765-4321",
    village_search="核桃",
    village_option="核桃村（马鞍山乡）",
)


# --- helpers ---------------------------------------------------------------


def shot(page: Page, artifacts: Path, name: str, *, full: bool = False, target: Locator | None = None) -> Path:
    """Screenshot into tests/artifacts/.

    Streamlit scrolls inside its own <main>, so a Playwright full_page shot is only the
    viewport; `full` grows the viewport to the content's height for the picture instead.
    """
    path = artifacts / f"{name}.png"
    if target is not None:
        target.scroll_into_view_if_needed()
        target.screenshot(path=path)
        return path
    if not full:
        page.screenshot(path=path)
        return path
    size = page.viewport_size
    height = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=stMain]');"
        " return Math.ceil(m ? m.scrollHeight : document.documentElement.scrollHeight); }"
    )
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    try:
        page.wait_for_timeout(250)  # let the layout settle at the new height
        page.screenshot(path=path)
    finally:
        page.set_viewport_size(size)
    return path


def update_docs(pictures: dict[str, Path]) -> None:
    """Copy screenshots to docs/ for the README when missing, or always with UPDATE_SCREENSHOTS=1.

    Not on every run: each run draws a new ticket code, so the pictures would always differ.
    """
    DOCS.mkdir(exist_ok=True)
    for name, source in pictures.items():
        if os.environ.get("UPDATE_SCREENSHOTS") == "1" or not (DOCS / name).exists():
            shutil.copyfile(source, DOCS / name)


def textbox(page: Page, label: str) -> Locator:
    return page.get_by_role("textbox", name=label, exact=True)


def tap_option(page: Page, name: str) -> None:
    """Tap an option of an open dropdown once it can take the tap.

    Streamlit shows the list at opacity 0 for about half a second while it places it;
    Playwright would retry its click with growing pauses (about 1 s), so wait for it here.
    """
    option = page.get_by_role("option", name=name, exact=True)
    handle = option.element_handle()
    page.wait_for_function(
        """el => {
            for (let p = el; p; p = p.parentElement) if (getComputedStyle(p).opacity === '0') return false;
            const r = el.getBoundingClientRect();
            return el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
        }""",
        arg=handle,
    )
    option.click()


def combobox(page: Page, label: str) -> Locator:
    return page.get_by_role("combobox", name=label, exact=True)


def village_pill(page: Page, option: str) -> Locator:
    """A village under the picker's box (components.village_picker), e.g. "东门村（城关镇）"."""
    option = re.sub(r"\s*\(([\u4e00-\u9fff]+)\)$", r"（\1）", option)  # "东门村 (城关镇)" as older callers write it
    return page.locator(".st-key-reg_village_pick button").filter(has_text=re.compile(re.escape(option) + "$"))


def choose_village(page: Page, typed: str, option: str) -> None:
    """Type the village's name (or pinyin) and press Enter: the villages show as large choices; tap
    the one meant (a name that fits exactly one village is chosen already)."""
    from services.core.i18n import translator

    words = "After typing, press Enter or tap outside the box: the villages show below."
    hint = page.get_by_text(translator("zh_CN")(words)).or_(page.get_by_text(words))  # either language
    box = page.locator(".st-key-reg_village_query input")
    box.scroll_into_view_if_needed()
    box.fill(typed)
    box.press("Enter")
    expect(hint).to_have_count(0)  # the search ran with what was typed (the hint shows only while empty)
    settled(page)
    pill = village_pill(page, option)
    if pill.get_attribute("data-selected") != "true":
        pill.click()
    expect(pill).to_have_attribute("data-selected", "true")
    settled(page)


def chosen_village(page: Page) -> Locator:
    """The one village choice that is selected."""
    return page.locator(".st-key-reg_village_pick button[data-selected=true]")


def fill_form(page: Page, v: Villager) -> None:
    """Step 1: who you are. Typing costs no rerun; everything travels with the next press."""
    textbox(page, NAME).fill(v.name)
    textbox(page, ID_NUMBER).fill(v.id_typed)
    textbox(page, MOBILE).fill(v.mobile)
    choose_village(page, v.village_search, v.village_option)
    page.get_by_text(CONSENT, exact=True).click()
    expect(page.get_by_role("checkbox", name=CONSENT)).to_be_checked()


def group_box(page: Page, group: str) -> Locator:
    """The box of one profile group under the ticket (components.profile_groups)."""
    return page.locator(f"[class*='st-key-reg_pf_'][class*='_{group}_box'], "
                        f"[class*='st-key-reg_pf_'][class*='_{group}_done']").first


def pill(page: Page, question: str, option: str) -> Locator:
    """One large choice under a question (st.pills; the icon's name is part of the button's text)."""
    group = page.locator("[data-testid=stButtonGroup]").filter(
        has=page.locator("[data-testid=stWidgetLabel]", has_text=question))
    return group.locator("button").filter(has_text=re.compile(re.escape(option) + "$"))


def tap(page: Page, question: str, option: str) -> None:
    choice = pill(page, question, option)
    choice.scroll_into_view_if_needed()
    choice.click()
    expect(choice).to_have_attribute("data-selected", "true")


def save_group(page: Page, group: str) -> None:
    box = group_box(page, group)
    box.locator("button").filter(has_text=SAVE).click()
    expect(group_box(page, group).get_by_text("✓", exact=False).first).to_be_visible()
    settled(page)


def answer_profile(page: Page, v: Villager) -> None:
    """Every profile group: its taps, then its one Save."""
    for _typed, option in v.trades:
        tap(page, "您会做什么？", option)
    save_group(page, "trades")
    for question, choice in v.answers[:2]:
        tap(page, question, choice)
    save_group(page, "place")
    tap(page, "文化程度", v.education)
    save_group(page, "education")
    page.get_by_role("textbox", name="期望月工资（元），可不填（面议）").fill(v.wage)
    save_group(page, "wage")
    tap(page, *v.answers[2])
    save_group(page, "training")
    tap(page, *v.answers[3])
    save_group(page, "poor_household")


def press(page: Page, label: str, *, then: str) -> None:
    """Press a button and wait for the text that shows it worked, and for the run to finish."""
    button = page.get_by_role("button", name=label, exact=True)
    button.scroll_into_view_if_needed()
    button.click()
    expect(page.get_by_text(then).first).to_be_visible()
    settled(page)


def register(page: Page, server: PortalServer, v: Villager, *, expect_text: str) -> str:
    """The whole flow from the QR link to the ticket; returns the short code shown on screen."""
    server.open(page, DEEP_LINK)
    fill_form(page, v)
    press(page, NEXT, then="请核对您的信息")
    press(page, CONFIRM, then=expect_text)
    return ticket_code_on_screen(page)


def ticket_code_on_screen(page: Page) -> str:
    big = page.locator("[data-testid=stMarkdownContainer] div[style*='2.6rem']")
    expect(big).to_have_count(1)
    return big.inner_text().strip()


def seeker_by_id(server: PortalServer, id_number: str) -> list[Seeker]:
    digest = Vault.from_secret(TEST_SECRET).digest("id", normalize_id_number(id_number))
    with Session(server.engine) as session:
        return list(session.exec(select(Seeker).where(Seeker.id_hmac == digest)))


def checkins_of(server: PortalServer, seeker_id: int) -> int:
    with Session(server.engine) as session:
        return session.exec(select(func.count()).select_from(CheckIn).where(CheckIn.seeker_id == seeker_id)).one()


def error_beside(page: Page, label: str) -> Locator:
    """The element right after the one holding the labelled field: where its error shows."""
    holder = page.locator("[data-testid=stElementContainer]").filter(has=textbox(page, label))
    return holder.locator("xpath=following-sibling::*[1]").locator("[data-testid=stAlert]")


def visible_cjk(page: Page, *, allowed: tuple[str, ...]) -> list[str]:
    """Lines with Chinese in the page's text, labels, placeholders and tooltips, minus `allowed` data.

    The browser tab title (set_page_config) is not checked: it is fixed in Chinese.
    """
    texts: list[str] = page.evaluate(
        """() => {
            const out = [document.querySelector('[data-testid=stMain]').innerText];
            for (const el of document.querySelectorAll('[aria-label], [placeholder], [title]')) {
                for (const a of ['aria-label', 'placeholder', 'title']) {
                    const v = el.getAttribute(a); if (v) out.push(v);
                }
            }
            return out;
        }"""
    )
    found = []
    for text in texts:
        for data in allowed:
            text = text.replace(data, "")
        found += [line for line in text.splitlines() if CJK.search(line)]
    return found


def county_names() -> list[str]:
    """The county's township and village names, longest first (shown in Chinese beside the pinyin)."""
    from services.places.county import load_county

    county = load_county(ROOT / "config" / "county.toml")
    names = {n for t in county.townships for n in (t.name, *(v.name for v in t.villages))}
    names |= {n[:-1] for n in names if len(n) > 2}  # "东门" for 东门村: the picker's example
    return sorted(names, key=len, reverse=True)


def main_height(page: Page) -> int:
    return page.evaluate("() => Math.ceil(document.querySelector('[data-testid=stMain]').scrollHeight)")


def in_view(page: Page, locator: Locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]


# --- tests -----------------------------------------------------------------


def test_register_in_chinese_from_qr_link(page: Page, portal_server: PortalServer, artifacts_dir: Path) -> None:
    """The QR-poster deep link on a cold server, step 1 in Chinese, the ticket decoded, the profile
    answered under it, and the ticket still there after a reload."""
    server, v = portal_server, WANG
    server.open(page, DEEP_LINK)
    assert server.opened[0] == DEEP_LINK  # the cold server's first page (runtime.shell / page)
    expect(page.get_by_role("heading", name="求职登记")).to_be_visible()
    expect(page.get_by_text(FAIR_NAME, exact=True)).to_be_visible()
    expect(page.get_by_role("radio", name="中文")).to_be_checked()
    expect(page.get_by_role("radio", name="English")).to_be_visible()
    assert "fair=SPRING26" in page.url
    # One screen with at most one scroll: the whole of step 1 within two screen heights.
    next_button = page.get_by_role("button", name=NEXT, exact=True)
    bottom = page.evaluate("el => el.getBoundingClientRect().bottom", next_button.element_handle())
    assert bottom <= 2 * 844, f"step 1 ends at {bottom} px on a 390x844 phone"
    expect(page.get_by_role("spinbutton")).to_have_count(0)  # no number inputs
    assert textbox(page, MOBILE).get_attribute("placeholder") == "11位数字，以1开头"
    assert textbox(page, MOBILE).get_attribute("autocomplete") == "tel"
    shot(page, artifacts_dir, "01-register-landing")

    fill_form(page, v)
    form_png = shot(page, artifacts_dir, "02-register-filled", full=True)
    press(page, NEXT, then="请核对您的信息")

    # Confirmation: age and gender read from the ID number; the ID only masked.
    age = age_on(date(1978, 3, 9), date.today())
    derived = page.locator("[data-testid=stMarkdownContainer]").filter(has_text="根据身份证号")
    expect(derived).to_have_text(f"根据身份证号：出生于 1978-03-09，{age} 岁，女。")
    expect(page.get_by_text(f"身份证号：{mask_id(v.id_number)}")).to_be_visible()
    expect(page.get_by_text("手机号：13912345678")).to_be_visible()
    expect(page.get_by_text("村（社区）：东门村（城关镇）")).to_be_visible()
    body = page.locator("body").inner_text()
    assert v.id_number not in body and v.id_number not in page.content()
    assert v.id_number[6:14] not in body  # not even the birth-date block of the number itself
    shot(page, artifacts_dir, "03-register-confirm")
    press(page, CONFIRM, then="登记成功！")

    # The ticket.
    shot(page, artifacts_dir, "05-ticket-as-seen")
    [stored] = seeker_by_id(server, v.id_number)
    assert (stored.name, stored.gender, stored.birth_date) == (v.name, "F", date(1978, 3, 9))
    assert (stored.township, stored.village) == ("城关镇", "东门村")
    assert checkins_of(server, stored.id) == 1
    assert ticket_code_on_screen(page) == format_ticket_code(stored.ticket_code)
    expect(page.get_by_text(f"{v.name} 的求职二维码")).to_be_visible()
    download = page.locator("[data-testid=stDownloadButton]").get_by_role("button").filter(has_text="保存二维码图片")
    expect(download).to_be_enabled()
    with page.expect_download() as saving:
        download.click()
    card = saving.value
    assert card.suggested_filename == f"ticket-{stored.ticket_code}.png"
    card_png = artifacts_dir / "04-ticket-card-download.png"
    card.save_as(card_png)
    assert [b.text for b in zxingcpp.read_barcodes(Image.open(card_png))] == [stored.ticket_code]
    qr_png = shot(page, artifacts_dir, "04-ticket-qr", target=page.locator("[data-testid=stImage] img"))
    assert [b.text for b in zxingcpp.read_barcodes(Image.open(qr_png))] == [stored.ticket_code]
    expect(page.get_by_text("登记成功！")).to_be_visible()  # saving the picture left the page as it was

    # Tell us more: one tap per answer, one press per group.
    expect(page.get_by_role("heading", name="多告诉我们一些，帮您找到更合适的工作")).to_be_visible()
    expect(page.get_by_role("combobox")).to_have_count(0)  # no drop-downs under the ticket
    shot(page, artifacts_dir, "05-ticket", full=True)
    answer_profile(page, v)
    with Session(server.engine) as session:
        seeker = session.get(Seeker, stored.id)
        assert (seeker.education, seeker.intention, seeker.leave_constraint, seeker.expected_wage) == (
            "junior", "nearby", "care", 3000)
    expect(page.get_by_text("服装缝纫", exact=False).first).to_be_visible()
    ticket_png = shot(page, artifacts_dir, "06-ticket-profile-done", full=True)

    # A reload in the same browser: the ticket again (this phone keeps it), the name masked.
    page.reload(wait_until="domcontentloaded")
    expect(page.get_by_text("这是您的求职二维码，已经保存在这部手机上。")).to_be_visible()
    settled(page)
    expect(page.get_by_text(f"{mask_name(v.name)} 的求职二维码")).to_be_visible()
    assert ticket_code_on_screen(page) == format_ticket_code(stored.ticket_code)
    shot(page, artifacts_dir, "07-ticket-after-reload")
    page.get_by_role("button").filter(has_text="这不是我").click()
    expect(textbox(page, NAME)).to_have_value("")
    settled(page)
    page.reload(wait_until="domcontentloaded")  # forgotten for good: the cookie is cleared
    expect(textbox(page, NAME)).to_be_visible()
    expect(page.get_by_text("这是您的求职二维码，已经保存在这部手机上。")).to_have_count(0)

    update_docs({"screenshot-register.png": form_png, "screenshot-ticket.png": ticket_png})


def test_errors_show_beside_the_fields_on_a_small_phone(browser, portal_server: PortalServer,
                                                        artifacts_dir: Path) -> None:
    """360x640: a wrong check character and a 10-digit number, Chinese messages beside the fields, all at
    once, input kept, and the page scrolled to the first field with a problem."""
    context = phone_context(browser)
    page = context.new_page()
    page.set_viewport_size(SMALL)
    try:
        good = make_resident_id("530627", date(1990, 6, 1), 8, "M")
        wrong = good[:17] + next(c for c in ID_CHECK_CHARS if c != good[17])
        v = replace(WANG, name="张建国", id_number=wrong, mobile="139 1234 567")
        portal_server.open(page, DEEP_LINK)
        shot(page, artifacts_dir, "10-small-landing")
        bottom = page.evaluate("el => el.getBoundingClientRect().bottom",
                               page.get_by_role("button", name=NEXT, exact=True).element_handle())
        print(f"step 1 at 360x640: the Next button ends at {bottom:.0f} px ({bottom / 640:.2f} screens)")
        fill_form(page, v)
        press(page, NEXT, then="有些内容需要修改，请看各项旁边的提示。")
        id_error = error_beside(page, ID_NUMBER)
        expect(id_error).to_contain_text("身份证号不正确（最后一位校验不对），请逐位检查。")
        expect(error_beside(page, MOBILE)).to_contain_text("手机号是以1开头的11位数字。")
        expect(error_beside(page, NAME)).to_have_count(0)
        # scrolled to the first field with a problem: the ID number and its message are on screen
        page.wait_for_function("() => !document.querySelector('[data-testid=stMain]') || true")
        expect(id_error).to_be_in_viewport()
        expect(textbox(page, ID_NUMBER)).to_be_in_viewport()
        shot(page, artifacts_dir, "11-small-errors-as-seen")
        expect(textbox(page, NAME)).to_have_value("张建国")
        expect(textbox(page, ID_NUMBER)).to_have_value(v.id_typed)
        expect(textbox(page, MOBILE)).to_have_value("139 1234 567")
        expect(chosen_village(page)).to_have_text(re.compile(re.escape(v.village_option) + "$"))
        expect(page.get_by_role("checkbox", name=CONSENT)).to_be_checked()
        assert seeker_by_id(portal_server, good) == []
    finally:
        context.close()


def test_language_switch_keeps_every_answer(page: Page, portal_server: PortalServer, artifacts_dir: Path) -> None:
    """Typed but not yet sent (no rerun per field), then English: everything still there; the same for
    taps on the profile choices not saved yet."""
    v = replace(WANG, name="赵小梅", id_number=make_resident_id("530627", date(1970, 1, 2), 31, "F"),
                mobile="137 0000 1111")
    portal_server.open(page, DEEP_LINK)
    fill_form(page, v)
    page.get_by_role("radio", name="English").click()
    expect(page.get_by_role("heading", name="Job seeker registration")).to_be_visible()
    settled(page)
    expect(textbox(page, "Name (as on your ID card)")).to_have_value(v.name)
    expect(textbox(page, "ID number (18 characters)")).to_have_value(v.id_typed)
    expect(textbox(page, "Mobile number")).to_have_value(v.mobile)
    expect(chosen_village(page)).to_have_text(re.compile(r"Dongmen 东门村 \(Chengguan Town\)$"))
    expect(page.get_by_role("checkbox", name="I have read this and agree")).to_be_checked()
    press(page, "Next: check my details", then="Please check your details")
    expect(page.get_by_text("Village: Dongmen 东门村 (Chengguan Town)")).to_be_visible()
    press(page, "Confirm and get my ticket", then="You are registered.")
    tap(page, "What can you do?", "Electric welding")
    tap(page, "Where do you want to work?", "Either is fine")
    page.get_by_role("radio", name="中文").click()
    expect(page.get_by_role("heading", name="求职登记")).to_be_visible()
    settled(page)
    expect(pill(page, "您会做什么？", "电焊")).to_have_attribute("data-selected", "true")
    expect(pill(page, "想在哪里工作？", "都可以")).to_have_attribute("data-selected", "true")
    shot(page, artifacts_dir, "12-switch-keeps-taps")
    save_group(page, "trades")
    [stored] = seeker_by_id(portal_server, v.id_number)
    with Session(portal_server.engine) as session:
        from models import SeekerTrade

        trades = session.exec(select(SeekerTrade.trade).where(SeekerTrade.seeker_id == stored.id)).all()
    assert trades == ["welding"]


def test_wage_did_you_mean(page: Page, portal_server: PortalServer, artifacts_dir: Path) -> None:
    v = replace(WANG, name="钱桂芳", id_number=make_resident_id("530627", date(1968, 4, 5), 77, "F"),
                mobile="135 0000 2222")
    register(page, portal_server, v, expect_text="登记成功！")
    wage = page.get_by_role("textbox", name="期望月工资（元），可不填（面议）")
    wage.fill("4")
    group_box(page, "wage").locator("button").filter(has_text=SAVE).click()
    settled(page)
    expect(error_beside(page, "期望月工资（元），可不填（面议）")).to_contain_text("4,000")
    yes = page.get_by_role("button").filter(has_text="4,000 元")
    shot(page, artifacts_dir, "13-wage-did-you-mean", target=group_box(page, "wage"))
    yes.click()
    expect(group_box(page, "wage").get_by_text("每月4,000元")).to_be_visible()
    [stored] = seeker_by_id(portal_server, v.id_number)
    assert stored.expected_wage == 4000


def test_double_tap_on_confirm_says_registered(page: Page, portal_server: PortalServer) -> None:
    v = replace(LI, name="孙大伟", id_number=make_resident_id("530627", date(1982, 7, 7), 55, "M"),
                mobile="136 0000 3333")
    portal_server.open(page, DEEP_LINK)
    fill_form(page, v)
    press(page, NEXT, then="请核对您的信息")
    page.get_by_role("button", name=CONFIRM, exact=True).dblclick()
    expect(page.get_by_text("登记成功！")).to_be_visible()
    settled(page)
    expect(page.get_by_text("登记成功！")).to_be_visible()
    expect(page.get_by_text("您以前已经登记过")).to_have_count(0)
    [stored] = seeker_by_id(portal_server, v.id_number)
    assert checkins_of(portal_server, stored.id) == 1


@pytest.mark.parametrize("how", ["link", "switch"])
def test_english(page: Page, portal_server: PortalServer, artifacts_dir: Path, how: str) -> None:
    """?lang=en, or a tap on English: every label in English; only the fair's name stays Chinese."""
    if how == "link":
        portal_server.open(page, DEEP_LINK + "&lang=en")
        expect(page.get_by_role("heading", name="Job seeker registration")).to_be_visible()
        settled(page)
    else:
        portal_server.open(page, DEEP_LINK)
        expect(textbox(page, NAME)).to_be_visible()
        page.get_by_role("radio", name="English").click()
        expect(page.get_by_role("heading", name="Job seeker registration")).to_be_visible()
        settled(page)
        expect(page).to_have_url(re.compile(r"[?&]lang=en(&|$)"))
        assert "fair=SPRING26" in page.url
    expect(page.get_by_role("radio", name="English")).to_be_checked()
    expect(page.get_by_text(FAIR_NAME, exact=True)).to_be_visible()
    for label in ("Name (as on your ID card)", "ID number (18 characters)", "Mobile number"):
        expect(textbox(page, label)).to_be_visible()
    expect(page.get_by_role("button", name="Next: check my details")).to_be_visible()
    expect(page.get_by_text("I have read this and agree", exact=True)).to_be_visible()
    expect(page.get_by_text("姓名", exact=False)).to_have_count(0)

    # Villages are offered in English too (with their Chinese names beside, as on the signs).
    choose_village(page, "Dongmen", "Dongmen 东门村 (Chengguan Town)")

    # The language switch's own "中文" is the way back, so it is allowed, like the fair's name.
    assert visible_cjk(page, allowed=(FAIR_NAME, "中文", *county_names())) == []
    shot(page, artifacts_dir, f"08-register-english-{how}", full=True)


def test_second_registration_keeps_the_ticket(phones, portal_server: PortalServer, artifacts_dir: Path) -> None:
    """The same person registering again on another phone: told so, same ticket, one seeker, two check-ins."""
    codes = []
    for attempt, expected in ((1, "登记成功！"), (2, "您以前已经登记过。信息已更新，二维码不变。")):
        page = phones()
        codes.append(register(page, portal_server, LI, expect_text=expected))
        shot(page, artifacts_dir, f"09-second-registration-{attempt}")
        page.context.close()

    seekers = seeker_by_id(portal_server, LI.id_number)
    assert len(seekers) == 1
    assert codes == [format_ticket_code(seekers[0].ticket_code)] * 2
    assert checkins_of(portal_server, seekers[0].id) == 2
