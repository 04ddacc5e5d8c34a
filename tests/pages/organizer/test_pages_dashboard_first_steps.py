"""The dashboard's first steps on an empty county, and what a chosen township counts (issue 13)."""

from __future__ import annotations

from services.core.clock import local_today
from services.core.db import make_engine
from services.places.sources import create_fair
from services.reporting.targets import save_targets
from tests.auth_support import open_staff_page
from tests.pages.organizer.test_pages_dashboard import _seed

STEPS = ["1. 创建招聘会或登记点", "2. 打印二维码海报并张贴", "3. 审核已注册的用人单位", "4. 导入村劳动力名单",
         "5. 设置今年的目标任务"]


def _links(at) -> list[str]:
    return [link.proto.label for link in at.get("page_link")]


def test_an_empty_county_shows_the_first_steps(app_env) -> None:
    at = open_staff_page(app_env, "dashboard")
    assert not at.exception, [e.value for e in at.exception]
    assert "开始使用" in [h.value for h in at.subheader]
    assert [label for label in _links(at) if label[:2] in {"1.", "2.", "3.", "4.", "5."}] == STEPS
    pages = {link.proto.label: link.proto.page for link in at.get("page_link")}
    assert "fairs" in pages[STEPS[0]] and "employers" in pages[STEPS[2]] and "imports" in pages[STEPS[3]]
    assert "targets" in pages[STEPS[4]]


def test_done_steps_are_ticked(app_env, county) -> None:
    engine = make_engine(app_env)
    create_fair(engine, name="春风行动招聘会", code="CF26", township="城关镇", starts_on=local_today(),
                ends_on=local_today(), status="open")
    save_targets(engine, local_today().year, {("", "registrations"): 1000}, county=county)
    engine.dispose()
    at = open_staff_page(app_env, "dashboard")
    steps = [label for label in _links(at) if label[:2] in {"1.", "2.", "3.", "4.", "5."}]
    assert steps == ["1. 创建招聘会或登记点 — 已完成", "2. 打印二维码海报并张贴", "3. 审核已注册的用人单位",
                     "4. 导入村劳动力名单", "5. 设置今年的目标任务 — 已完成"]
    icons = {link.proto.label: link.proto.icon for link in at.get("page_link")}
    assert icons[steps[0]] == icons[steps[4]] != icons[steps[2]]


def test_the_steps_go_once_people_register(app_env, vault, county) -> None:
    _seed(app_env, vault, county)
    at = open_staff_page(app_env, "dashboard")
    assert not at.exception, [e.value for e in at.exception]
    assert "开始使用" not in [h.value for h in at.subheader]
    assert not [label for label in _links(at) if label.startswith("1.")]


def test_a_township_says_what_each_group_counts(app_env, vault, county) -> None:
    _seed(app_env, vault, county)
    at = open_staff_page(app_env, "dashboard")
    captions = [c.value for c in at.caption]
    assert not any("按登记地点统计" in c or "按户籍统计" in c for c in captions)  # the whole county: nothing to say
    at.selectbox(key="dash_place").set_value("t:大河乡").run()
    captions = [c.value for c in at.caption]
    registered = ":material/place: 按登记地点统计：在大河乡的招聘会和登记点登记的人，不论户籍在哪里。"
    home = ":material/place: 按户籍统计：户籍在大河乡的人，不论在哪里登记。"
    assert captions.count(registered) == 2  # above the figures and under the charts
    assert captions.count(home) == 2  # the targets and the hires
    helps = {m.label: m.proto.help for m in at.metric}
    assert "按登记地点统计" in helps["累计登记"] and "按户籍统计" in helps["累计录用"]


def test_a_registration_point_counts_where_people_registered(app_env, vault, county) -> None:
    places = _seed(app_env, vault, county)
    at = open_staff_page(app_env, "dashboard", lang="en")
    at.selectbox(key="dash_place").set_value(f"s:{places['site'].id}").run()
    captions = [c.value for c in at.caption]
    said = ":material/place: Counted where people registered: at 城关镇幸福社区安置点, wherever the people live."
    assert captions.count(said) >= 2  # the registrations and the hires
    assert not any("Counted where people live" in c for c in captions)  # a point: the county's targets
