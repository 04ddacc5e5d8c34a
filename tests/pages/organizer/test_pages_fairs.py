"""The fairs-and-sites page with AppTest: create and edit fairs and sites through the forms, see
their registration links, posters to download; refused input is explained and kept; organizers only."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import zxingcpp
from PIL import Image
from streamlit.runtime.memory_media_file_storage import _calculate_file_id
from streamlit.testing.v1 import AppTest

from components import routes
from models import Fair, Site
from services.core.db import make_engine, unit_of_work
from services.places.posters import fair_content, render_posters
from services.places.sources import create_fair, create_site, list_fairs, list_sites
from tests.apptest_support import visible_text
from tests.auth_support import open_staff_page

PAGE = str(Path(__file__).resolve().parents[3] / routes.file("fairs"))
URL = "http://localhost:8501/register?fair=SPRING26"


def _open(db_url: str, **kw) -> AppTest:
    at = open_staff_page(db_url, "fairs", **kw)
    if not [w for w in at.text_input if w.key == "fair_name"]:  # AppTest routes by page file, not URL
        at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _click(at: AppTest, label: str) -> AppTest:
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r}; buttons: {[b.label for b in at.button]}"
    matches[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _fill_fair(at: AppTest, **values: object) -> AppTest:
    for field in ("name", "code", "venue"):
        if field in values:
            at.text_input(key=f"fair_{field}").input(values[field])
    for field in ("campaign", "township"):
        if field in values:
            at.selectbox(key=f"fair_{field}").set_value(values[field])
    for field in ("starts_on", "ends_on"):
        if field in values:
            at.date_input(key=f"fair_{field}").set_value(values[field])
    if "status" in values:
        at.radio(key="fair_status").set_value(values["status"])
    return at


def _fairs(db_url: str) -> list[Fair]:
    with unit_of_work(make_engine(db_url), write=False) as session:
        return list_fairs(session)


def _sites(db_url: str) -> list[Site]:
    with unit_of_work(make_engine(db_url), write=False) as session:
        return list_sites(session)


def _table(at: AppTest, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _downloads(at: AppTest) -> list[str]:
    return [d.proto.label for d in at.get("download_button")]


def test_create_a_fair_see_it_listed_with_its_link_and_posters(app_env) -> None:
    at = _open(app_env)
    assert at.title[0].value == "招聘会和登记点"
    assert "还没有招聘会。请在下面新建第一个。" in [i.value for i in at.info]
    _fill_fair(at, name="2026年春风行动招聘会", code="spring26", campaign="春风行动", township="城关镇",
               venue="县体育馆", starts_on=date(2026, 3, 5), ends_on=date(2026, 3, 7))
    _click(at, "创建招聘会")

    assert not at.error
    assert at.success[0].value == "已新建“2026年春风行动招聘会”，代码为 SPRING26。"
    [fair] = _fairs(app_env)
    assert (fair.code, fair.name, fair.campaign, fair.township, fair.venue, fair.starts_on, fair.ends_on,
            fair.status) == ("SPRING26", "2026年春风行动招聘会", "春风行动", "城关镇", "县体育馆",
                             date(2026, 3, 5), date(2026, 3, 7), "open")
    table = _table(at, "招聘会")
    assert list(table["代码"]) == ["SPRING26"] and list(table["登记链接"]) == [URL]
    # its dates (March 2026) are past: the list shows it ended, whatever status was saved (issue 8)
    assert list(table["状态"]) == ["已结束"] and list(table["日期"]) == ["2026-03-05 – 2026-03-07"]

    # the new fair stays picked: its form is now the edit form, its posters are shown
    assert at.selectbox(key="fair_pick").value == fair.id
    assert at.text_input(key="fair_code").disabled
    assert [b.label for b in at.button if b.label == "保存修改"]
    assert "二维码海报" in [s.value for s in at.subheader]
    assert URL in [c.value for c in at.code]
    assert len(at.image) == 2  # previews: the A4 poster and the table card
    assert _downloads(at) == ["下载PDF（打印用）", "下载图片（PNG）", "下载PDF（打印用）", "下载图片（PNG）",
                              "下载这场招聘会的全部海报（ZIP）"]
    assert any("localhost" in w.value and "PORTAL_BASE_URL" in w.value for w in at.warning)


def test_previews_and_downloads_serve_the_posters(app_env, county) -> None:
    fair = create_fair(make_engine(app_env), name="2026年春风行动招聘会", code="SPRING26", township="城关镇")
    at = _open(app_env)
    at.selectbox(key="fair_pick").set_value(fair.id).run()
    assert [i.captions[0] for i in at.image] == ["A4海报", "桌牌（A6）"]

    a4, card = render_posters(fair_content(fair, base_url="http://localhost:8501", county=county))
    assert [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(a4.png)))] == [URL]
    urls = [d.proto.url for d in at.get("download_button")]
    for poster in (a4, card):  # the pictures offered are exactly these bytes (a PDF carries its creation time)
        file_id = _calculate_file_id(poster.png, "image/png", f"poster-SPRING26-{poster.size.key}.png")
        assert any(u.endswith(f"{file_id}.png") for u in urls), poster.size.key
    assert sum(u.endswith(".pdf") for u in urls) == 2


def test_duplicate_code_is_explained_and_nothing_typed_is_lost(app_env) -> None:
    create_site(make_engine(app_env), name="幸福社区安置点", code="SPRING26", township="新街镇")
    at = _open(app_env)
    _fill_fair(at, name="2026年春风行动招聘会", code="spring26", campaign="春风行动", township="城关镇",
               venue="县体育馆", starts_on=date(2026, 3, 5))
    _click(at, "创建招聘会")

    errors = [e.value for e in at.error]
    assert "这个代码已被其他招聘会或登记点使用，请换一个。" in errors
    assert "有些内容需要修改，请看上面的红色提示。您填写的内容都还在。" in errors
    assert not at.success and _fairs(app_env) == []
    assert at.text_input(key="fair_name").value == "2026年春风行动招聘会"
    assert at.text_input(key="fair_code").value == "spring26"
    assert at.text_input(key="fair_venue").value == "县体育馆"
    assert at.selectbox(key="fair_township").value == "城关镇"
    assert at.selectbox(key="fair_campaign").value == "春风行动"
    assert at.date_input(key="fair_starts_on").value == date(2026, 3, 5)

    at.text_input(key="fair_code").input("SPRING26B")
    _click(at, "创建招聘会")
    assert not at.error and [f.code for f in _fairs(app_env)] == ["SPRING26B"]


def test_other_bad_input_is_explained(app_env) -> None:
    at = _open(app_env)
    _fill_fair(at, name="  ", code="has space", starts_on=date(2026, 3, 7), ends_on=date(2026, 3, 5))
    _click(at, "创建招聘会")
    errors = [e.value for e in at.error]
    assert "请填写名称。" in errors
    assert "代码由2到16个字母、数字或短横线（-）组成，以字母或数字开头。" in errors
    assert "结束日期早于开始日期。" in errors
    assert at.text_input(key="fair_code").value == "has space"
    assert _fairs(app_env) == []


def test_generated_code_and_whole_county(app_env) -> None:
    at = _open(app_env)
    _fill_fair(at, name="全县专场招聘会", campaign="金秋招聘月", status="planned")
    _click(at, "创建招聘会")
    [fair] = _fairs(app_env)
    assert fair.campaign == "金秋招聘月" and fair.status == "planned" and fair.township == ""
    assert fair.code.startswith("F") and len(fair.code) == 6
    assert list(_table(at, "招聘会")["乡镇（街道）"]) == ["全县"]


def test_a_campaign_typed_elsewhere_is_offered_when_editing(app_env) -> None:
    """A campaign outside the known five (typed in the form, or from the CLI) stays selectable."""
    fair = create_fair(make_engine(app_env), name="乡村振兴专场", code="RURAL26", campaign="乡村振兴招聘专场")
    at = _open(app_env)
    at.selectbox(key="fair_pick").set_value(fair.id).run()
    campaign = at.selectbox(key="fair_campaign")
    assert campaign.value == "乡村振兴招聘专场" and "乡村振兴招聘专场" in campaign.options
    _click(at, "保存修改")
    assert _fairs(app_env)[0].campaign == "乡村振兴招聘专场"


def test_edit_a_fair_and_close_it(app_env) -> None:
    fair = create_fair(make_engine(app_env), name="旧名称", code="SPRING26", township="城关镇", campaign="春风行动")
    at = _open(app_env)
    at.selectbox(key="fair_pick").set_value(fair.id).run()
    assert at.text_input(key="fair_name").value == "旧名称"
    assert at.text_input(key="fair_code").value == "SPRING26" and at.text_input(key="fair_code").disabled
    assert at.selectbox(key="fair_campaign").value == "春风行动"
    at.text_input(key="fair_name").input("2026年春风行动招聘会")
    at.radio(key="fair_status").set_value("closed")
    _click(at, "保存修改")

    assert at.success[0].value == "“2026年春风行动招聘会”已保存。"
    [saved] = _fairs(app_env)
    assert (saved.name, saved.status, saved.code, saved.township) == \
        ("2026年春风行动招聘会", "closed", "SPRING26", "城关镇")
    assert list(_table(at, "招聘会")["状态"]) == ["已结束"]
    assert any("这场招聘会已结束" in w.value for w in at.warning)

    at.selectbox(key="fair_pick").set_value(0).run()  # back to a new, empty form
    assert at.text_input(key="fair_name").value == "" and not at.text_input(key="fair_code").disabled


def test_create_a_site_township_required(app_env) -> None:
    at = _open(app_env)
    at.text_input(key="site_name").input("幸福社区安置点")
    at.text_input(key="site_code").input("az-xingfu")
    _click(at, "创建登记点")
    assert "请选择乡镇。" in [e.value for e in at.error]
    assert at.text_input(key="site_name").value == "幸福社区安置点" and _sites(app_env) == []

    at.selectbox(key="site_township").set_value("新街镇")
    at.radio(key="site_kind").set_value("relocation")
    _click(at, "创建登记点")
    [site] = _sites(app_env)
    assert (site.code, site.township, site.kind, site.active) == ("AZ-XINGFU", "新街镇", "relocation", True)
    assert at.success[0].value == "已新建“幸福社区安置点”，代码为 AZ-XINGFU。"
    assert list(_table(at, "登记点")["登记链接"]) == ["http://localhost:8501/register?site=AZ-XINGFU"]
    assert _downloads(at) == ["下载PDF（打印用）", "下载图片（PNG）", "下载PDF（打印用）", "下载图片（PNG）"]

    at.checkbox(key="site_active").uncheck()
    _click(at, "保存修改")
    assert _sites(app_env)[0].active is False
    assert list(_table(at, "登记点")["启用"]) == ["否"]
    assert any("这个登记点未启用" in w.value for w in at.warning)


def test_english(app_env) -> None:
    at = _open(app_env, lang="en")
    text = " ".join(visible_text(at))
    assert "Fairs and sites" in text and "Create job fair" in text
    assert "Spring Breeze Action (春风行动)" in at.selectbox(key="fair_campaign").options
    assert "Chengguan Town" in at.selectbox(key="fair_township").options


def test_recruiters_cannot_use_the_page(app_env) -> None:
    try:
        at = open_staff_page(app_env, "fairs", role="recruiter", username="rec1")
    except ValueError:  # the page is not in a recruiter's navigation at all
        return
    assert not at.exception
    assert "招聘会和登记点" not in [t.value for t in at.title]
    assert not [w for w in at.text_input if w.key == "fair_name"]
    assert not at.get("download_button")


def test_the_page_itself_refuses_a_recruiter(app_env) -> None:
    """Even run directly (not through the navigation), the page stops before showing anything."""
    from components.auth import PRINCIPAL_KEY
    from services.accounts.staff import Principal
    from tests.auth_support import make_recruiter

    principal = make_recruiter(app_env, username="rec2")
    assert isinstance(principal, Principal)
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state[PRINCIPAL_KEY] = principal
    at.run()
    assert [e.value for e in at.error] == ["您没有权限打开这个页面。"]
    assert not at.text_input and not at.get("download_button")
