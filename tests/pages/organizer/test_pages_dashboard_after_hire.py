"""The dashboard's after-the-hire sections (retention, wage issues, transfer income, the in-work
drill-down), run with AppTest as a signed-in organizer on the county of after_hire_support.py,
its dates moved to today."""

from __future__ import annotations

from services.core.clock import local_today
from services.core.db import make_engine
from tests.auth_support import open_staff_page
from tests.reporting.after_hire_support import build


def _seed(db_url: str, vault):
    engine = make_engine(db_url)
    world = build(engine, vault, today=local_today())
    engine.dispose()
    return world


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _frame(at, first_column: str):
    return next(d.value for d in at.dataframe if d.value.columns[0] == first_column)


def test_retention_issues_income_and_drill_down(app_env, vault) -> None:
    world = _seed(app_env, vault)
    at = open_staff_page(app_env, "dashboard", lang="en")
    assert not at.exception, [e.value for e in at.exception]
    metrics = _metrics(at)
    # 1 month: 4 of 6 working; 3 months: 1 of 5; 6 months: 1 of 4 (after_hire_support's table)
    assert {k: metrics[k] for k in ("Still working at 1 month", "Still working at 3 months",
                                    "Still working at 6 months")} == {
        "Still working at 1 month": "66.7%", "Still working at 3 months": "20.0%", "Still working at 6 months": "25.0%"}
    captions = [c.value for c in at.caption]
    assert "4 of 6 hires; 2 lost to follow-up, 0 pending" in captions
    assert "1 of 4 hires; 1 lost to follow-up, 1 pending" in captions
    assert (metrics["Open issues"], metrics["Wages owed (yuan)"], metrics["Employers"]) == ("2", "3,000", "2")
    assert metrics["Wages earned so far (estimate)"].startswith("¥")

    table = _frame(at, "Employer")  # retention by employer at 6 months, the last date passed
    assert set(table["Employer"]) == {"东莞市华丰电子有限公司", "宁波市甬江服饰有限公司"}
    assert table["Date passed"].sum() == 4 and table["Still working"].sum() == 1
    at.segmented_control(key="dash_retention_by").set_value("township").run()
    at.segmented_control(key="dash_retention_k").set_value(1).run()
    table = _frame(at, "Home township")
    assert dict(zip(table["Home township"], table["Date passed"], strict=True)) == {
        "Chengguan Town": 4, "Dahe Township": 2}

    drill = _frame(at, "Township")
    assert list(drill["Township"]) == ["Whole county", "Chengguan Town", "Dahe Township"]
    assert list(drill["People in work"]) == [4, 3, 1] and list(drill["Transferred out"]) == [3, 2, 1]
    at.selectbox(key="dash_drill_township_").set_value("城关镇").run()
    sites = _frame(at, "Site where they first registered")
    assert list(sites["People in work"]) == [3, 2, 1]  # the township, the site, no site
    at.selectbox(key="dash_drill_site_城关镇").set_value(world.sites["S1"]).run()
    assert not at.exception, [e.value for e in at.exception]
    homes = _frame(at, "Household")
    assert list(homes["Household"]) == ["CG-001 · 东门村"] and list(homes["People in work"]) == [2]
    assert "Whole county › Chengguan Town › 城关镇幸福社区安置点" in [c.value for c in at.caption]


def test_a_township_filter_opens_the_drill_down_there(app_env, vault) -> None:
    _seed(app_env, vault)
    at = open_staff_page(app_env, "dashboard", lang="en")
    at.selectbox(key="dash_place").set_value("t:大河乡").run()
    assert not at.exception, [e.value for e in at.exception]
    assert _metrics(at)["Still working at 1 month"] == "50.0%"  # h4 working, h5 unreachable
    assert at.selectbox(key="dash_drill_township_大河乡").value == "大河乡"
    assert (_metrics(at)["Open issues"], _metrics(at)["Wages owed (yuan)"]) == ("1", "0")


def test_no_hires_yet(app_env) -> None:
    at = open_staff_page(app_env, "dashboard", lang="en")
    assert not at.exception, [e.value for e in at.exception]
    captions = [c.value for c in at.caption]
    assert "No hire has reached its first visit date yet for these filters." in captions
    assert "No open wage issues or disputes for these filters." in captions
    assert "No hire has started yet for these filters." in captions
    assert list(_frame(at, "Township")["People in work"]) == [0]
