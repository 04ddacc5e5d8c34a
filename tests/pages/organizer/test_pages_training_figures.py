"""The training figures' pages with AppTest, in Chinese (the default language), as a signed-in organizer:
the dashboard's training panel, the trained people on the targets page, the training results page (trained,
then employed, with its Excel file) and the training subsidies tab."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import openpyxl
from streamlit.testing.v1 import AppTest

from components import routes
from models import Target, TargetMetric
from services.core.clock import local_today
from services.core.db import make_engine, unit_of_work
from services.subsidies.defaults import ensure_default_rules
from tests.auth_support import open_staff_page
from tests.training.worlds import C, E, H, P, World, write


def _world(url: str) -> World:
    today = local_today()
    done = today - timedelta(days=200)  # 3 and 6 months are over
    engine = make_engine(url)
    ensure_default_rules(engine)
    w = write(engine, World(
        [P("城关镇", True), P("城关镇", False), P("大河乡", True)],
        [C("skills", "县职业技术学校", False, 0), C("guiding", "华丰培训中心", False, None)],
        [E(0, 0, "completed", done, "intermediate"), E(1, 0, "completed", done, None),
         E(2, 1, "completed", today - timedelta(days=10), None)],  # not yet 3 months
        [H(0, 0, done + timedelta(days=30), False),  # hired by the ordering employer within 3 months
         H(1, 1, done + timedelta(days=30), True)]))  # a cancelled hire: not counted
    with unit_of_work(engine) as s:
        s.add(Target(year=today.year, township="", metric=TargetMetric.TRAINED, value=10))
    engine.dispose()
    return w


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.subheader])


def test_dashboard_training_panel_in_chinese(app_env) -> None:
    _world(app_env)
    at = _ok(open_staff_page(app_env, "dashboard"))
    text = _texts(at)
    year = local_today().year
    if (local_today() - timedelta(days=200)).year == year:
        assert "已培训 3 人，其中建档立卡贫困户 2 人，完成目标 10 人的 30.0%" in text, text
    assert f"{year}年技能培训" in text
    kinds = next(d.value for d in at.dataframe if d.value.columns[0] == "培训类别")
    assert list(kinds["培训类别"]) == ["引导性培训", "技能培训", "精准扶贫培训", "创业培训"]


def test_targets_page_shows_the_trained_people(app_env) -> None:
    _world(app_env)
    at = _ok(open_staff_page(app_env, "targets"))
    assert any(s.value.endswith("年培训人数") for s in at.subheader)
    table = next(d.value for d in at.dataframe if "培训人数" in d.value.columns)
    this_year = (local_today() - timedelta(days=200)).year == local_today().year
    assert table["培训人数"].sum() == (3 if this_year else 1)  # one home township each


def test_training_results_page_in_chinese_with_the_excel_file(app_env) -> None:
    _world(app_env)
    at = _ok(open_staff_page(app_env, "training_results"))
    assert at.title[0].value == "培训成效"
    at.date_input(key="tr_period").set_value((local_today() - timedelta(days=400), local_today())).run()
    _ok(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["结业人次"] == "3"
    assert metrics["3个月内就业"] == "50.0%" and metrics["6个月内就业"] == "50.0%"  # 1 of 2; the cancelled hire not
    captions = [c.value for c in at.caption]
    assert "已满期限 2 人次中 1 人次；未满3个月：1" in captions
    assert any("订单式培训：已满6个月的 2 人次中，1 人次" in c for c in captions)
    table = next(d.value for d in at.dataframe if d.value.columns[0] == "课程")
    assert list(table["课程"]) == ["课程1", "课程0", "合计"]  # by kind: guiding, then skills; the total last
    at.segmented_control(key="tr_breakdown").set_value("provider").run()
    by = next(d.value for d in _ok(at).dataframe if d.value.columns[0] == "按培训机构")
    assert set(by["按培训机构"]) == {"县职业技术学校", "华丰培训中心", "合计"}
    assert at.get("download_button")  # the Excel file is offered
    from services.training.outcomes import training_outcomes
    from services.training.workbook import outcomes_workbook

    engine = make_engine(app_env)
    book = openpyxl.load_workbook(io.BytesIO(outcomes_workbook(
        training_outcomes(engine, local_today() - timedelta(days=400), local_today(), today=local_today()),
        lambda m, **v: m.format(**v) if v else m)))
    engine.dispose()
    assert book.sheetnames == ["Courses", "Course kinds", "Providers", "Ordering employers"]


def test_training_subsidies_tab_in_chinese(app_env) -> None:
    _world(app_env)
    at = open_staff_page(app_env, "subsidies")
    at.switch_page(str(Path(__file__).resolve().parents[3] / routes.file("subsidies"))).run()
    _ok(at)
    at.date_input(key="subsidy_from").set_value(local_today() - timedelta(days=400)).run()
    _ok(at)
    labels = [m.label for m in at.metric]
    assert "培训补贴" in labels
    value = {m.label: m.value for m in at.metric}["培训补贴"]
    # skills with an intermediate certificate 2,000 + skills 1,200 + guiding 200; providers 3 × 300
    assert value == "4,300 元", value
    titles = [e.label for e in at.expander]
    assert any(t.startswith("县职业技术学校 · 课程0（技能培训）") for t in titles), titles
    names = {n for d in at.dataframe if "姓名" in d.value.columns for n in d.value["姓名"]}
    assert names == {"王*兰"}
