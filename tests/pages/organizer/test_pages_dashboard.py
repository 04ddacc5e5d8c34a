"""The dashboard and targets pages, run with AppTest as a signed-in organizer."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from models.base import utcnow
from services.core.clock import day_start, local_today
from services.core.db import make_engine
from services.places.sources import Source, create_fair, create_site
from services.registration.register import register_seeker, validate_registration
from services.reporting.targets import get_targets
from tests.apptest_support import visible_text
from tests.auth_support import open_staff_page
from tests.factories import form, person_id


def _ago(minutes: int) -> datetime:
    """`minutes` ago, but never before the county's midnight (just after it, "30 minutes ago" is yesterday)."""
    return max(utcnow() - timedelta(minutes=minutes), day_start(local_today()) + timedelta(seconds=1))


def _seed(db_url: str, vault, county) -> dict:
    """Three people today at today's fair, one at a site yesterday, one directly today."""
    engine = make_engine(db_url)
    today = local_today()
    fair = create_fair(engine, name="送岗位下乡·大河乡专场招聘会", code="SGXX", township="大河乡",
                       starts_on=today, ends_on=today, status="open")
    site = create_site(engine, name="城关镇幸福社区安置点", code="AZ-CG", township="城关镇")
    now = utcnow()
    people = [
        (0, "F", "junior", "nearby", "yes", Source(kind="fair", fair_id=fair.id), _ago(30)),
        (1, "M", "senior", "go_out", "no", Source(kind="fair", fair_id=fair.id), _ago(20)),
        (2, "M", "primary", "either", "yes", Source(kind="fair", fair_id=fair.id), _ago(10)),
        (3, "F", "college", "go_out", "no", Source(kind="site", site_id=site.id), now - timedelta(days=1)),
        (4, "F", "junior", "nearby", "unknown", Source.direct(), _ago(1)),
    ]
    seekers = []
    for n, gender, education, intention, poor, source, when in people:
        draft = validate_registration(form(id_number=person_id(n, gender=gender), education=education,
                                           intention=intention, poor_household=poor), county=county, today=today)
        seekers.append(register_seeker(engine, vault, draft, source=source, submission_id=f"page-{n}",
                                       now=when).seeker_id)
    engine.dispose()
    return {"fair": fair, "site": site, "seekers": seekers}


def _seed_hires(db_url: str, seekers: list[int], fair_id: int) -> None:
    """Three hires of five people: two today (one at the fair), one yesterday; 60 positions posted."""
    from models import Application, Hire
    from services.core.db import unit_of_work
    from services.summaries import hire_facts, hire_sites
    from tests.factories import make_employer, make_vacancy

    engine = make_engine(db_url)
    dongguan = make_employer(engine, name="东莞市华丰电子有限公司", serial=1)
    ningbo = make_employer(engine, name="宁波市甬江服饰有限公司", serial=2, province="浙江省", city="宁波市")
    workshop = make_employer(engine, name="云岭县幸福社区扶贫车间", serial=3, province="云南省", city="昭通市")
    jobs = {
        dongguan: make_vacancy(engine, dongguan, fairs=(fair_id,), headcount=30),
        ningbo: make_vacancy(engine, ningbo, province="浙江省", city="宁波市", trade="garment_sewing", headcount=20),
        workshop: make_vacancy(engine, workshop, province="云南省", city="昭通市", scope="local", trade="cleaning",
                               headcount=10),
    }
    now = utcnow()
    plan = [(seekers[0], dongguan, "广东省", "out", "electronics_assembly", fair_id, _ago(5)),
            (seekers[1], workshop, "云南省", "local", "cleaning", None, now - timedelta(days=1)),
            (seekers[2], ningbo, "浙江省", "out", "garment_sewing", None, _ago(2))]
    with unit_of_work(engine) as session:
        for seeker_id, employer_id, province, scope, trade, fair, at in plan:
            app = Application(vacancy_id=jobs[employer_id], seeker_id=seeker_id, employer_id=employer_id,
                              stage="hired", source="booth", hired_at=at)
            session.add(app)
            session.flush()
            session.add(Hire(application_id=app.id, seeker_id=seeker_id, employer_id=employer_id,
                             vacancy_id=jobs[employer_id], fair_id=fair, start_date=local_today(), monthly_wage=5000,
                             contract_months=12, province=province, city="某市", scope=scope, trade=trade,
                             hired_at=at))
        session.flush()
        hire_facts.rebuild(session.connection())  # written directly, as the demo does: the hires' facts
        hire_sites.rebuild(session.connection())  # and each registration point's hires
    engine.dispose()


NO_HIRES = {"今日录用": "0", "累计录用": "0", "录用中贫困户占比": "—", "岗位填补率": "—"}


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_dashboard_shows_figures_charts_and_downloads(app_env, vault, county) -> None:
    _seed(app_env, vault, county)
    at = open_staff_page(app_env, "dashboard")
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["实时数据看板"]
    assert _metrics(at) == {"今日登记人数": "4", "本场招聘会": "3", "累计登记": "5", "建档立卡贫困户占比": "40.0%",
                            "信息没填完": "0", **NO_HIRES}
    charts = at.get("vega_lite_chart")
    assert len(charts) == 8
    downloads = [w for w in at.download_button if w.label == "下载数据（CSV）"]
    assert len(downloads) == len(charts)
    text = visible_text(at)
    today, month_ago = local_today().isoformat(), (local_today() - timedelta(days=29)).isoformat()
    for title in ("#### 每小时登记人次", "#### 每日登记人次", "#### 各登记点登记人次",
                  "#### 各乡镇登记人数（按户籍乡镇）", "#### 年龄段与性别", "#### 文化程度", "#### 就业意向",
                  "#### 建档立卡贫困户"):
        assert title in text
    captions = [c.value for c in at.caption]
    assert today in captions and f"{month_ago} – {today}" in captions  # the days each chart shows
    assert "新登记 4 人，再次登记 0 人" in captions and "送岗位下乡·大河乡专场招聘会" in captions
    assert any("已登记 5 人" in p.proto.text for p in at.get("progress"))
    assert [i.value for i in at.info] == ["当前筛选条件下还没有录用或岗位。招聘单位录入后，数据会显示在这里。"]


def test_chart_labels_are_chinese(app_env, vault, county) -> None:
    _seed(app_env, vault, county)
    at = open_staff_page(app_env, "dashboard")
    frames = [_chart_frame(c) for c in at.get("vega_lite_chart")]
    columns = {col for f in frames for col in f.columns}
    assert {"时段", "登记人次", "日期", "户籍乡镇", "人数", "登记点", "年龄", "性别", "文化程度", "就业意向",
            "建档立卡贫困户"} <= columns
    values = {str(v) for f in frames for col in f.columns for v in f[col]}
    assert {"男", "女", "初中", "高中", "小学", "大专及以上", "外出务工", "就近就业", "都可以", "城关镇",
            "送岗位下乡·大河乡专场招聘会", "城关镇幸福社区安置点", "45–54", "是", "否", "不清楚"} <= values, values


def test_csv_downloads_open_in_excel(app_env, vault, county) -> None:
    import pandas as pd

    from components.charts import _csv

    data = _csv(pd.DataFrame({"户籍乡镇": ["城关镇"], "人数": [3]}))
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark: Excel reads the Chinese correctly
    assert data.decode("utf-8-sig").splitlines() == ["户籍乡镇,人数", "城关镇,3"]


def test_empty_dashboard(app_env) -> None:
    at = open_staff_page(app_env, "dashboard")
    assert not at.exception, [e.value for e in at.exception]
    assert _metrics(at) == {"今日登记人数": "0", "本场招聘会": "—", "累计登记": "0", "建档立卡贫困户占比": "—",
                            "信息没填完": "0", **NO_HIRES}
    assert [i.value for i in at.info] == ["当前筛选条件下还没有登记。有人登记后，数据会显示在这里。",
                                          "当前筛选条件下还没有录用或岗位。招聘单位录入后，数据会显示在这里。"]
    assert not at.get("vega_lite_chart") and not at.download_button
    assert [p.proto.text for p in at.get("progress")] == ["已登记 0 人，尚未设定目标", "已就业 0 人，尚未设定目标",
                                                           "已转移就业 0 人，尚未设定目标",
                                                           "已培训 0 人，尚未设定目标"]  # issue 16


def test_filters_change_the_figures(app_env, vault, county) -> None:
    places = _seed(app_env, vault, county)
    at = open_staff_page(app_env, "dashboard")
    at.selectbox(key="dash_place").set_value(f"s:{places['site'].id}").run()
    assert not at.exception, [e.value for e in at.exception]
    assert _metrics(at)["累计登记"] == "1" and _metrics(at)["今日登记人数"] == "0"
    assert _metrics(at)["本场招聘会"] == "—"  # a registration point is not a fair
    at.selectbox(key="dash_place").set_value("t:大河乡").run()
    assert _metrics(at)["累计登记"] == "3" and _metrics(at)["本场招聘会"] == "3"
    at.selectbox(key="dash_place").set_value("").run()
    at.selectbox(key="dash_fair").set_value(places["fair"].id).run()
    assert _metrics(at)["累计登记"] == "3"
    yesterday = local_today() - timedelta(days=1)
    at.selectbox(key="dash_fair").set_value(0).run()
    at.date_input(key="dash_dates").set_value((yesterday, yesterday)).run()
    assert _metrics(at)["所选日期内"] == "1"


def test_pause_keeps_the_filters(app_env, vault, county) -> None:
    places = _seed(app_env, vault, county)
    at = open_staff_page(app_env, "dashboard")
    at.selectbox(key="dash_place").set_value("t:大河乡").run()
    at.toggle(key="dash_paused").set_value(True).run()
    assert at.selectbox(key="dash_place").value == "t:大河乡"
    assert _metrics(at)["累计登记"] == "3"
    assert any("自动刷新已暂停。" in c.value for c in at.caption)
    assert places


def test_english_dashboard(app_env, vault, county) -> None:
    _seed(app_env, vault, county)
    at = open_staff_page(app_env, "dashboard", lang="en")
    assert [t.value for t in at.title] == ["Live dashboard"]
    assert _metrics(at)["Registered today"] == "4"
    assert "#### Registrations per day" in visible_text(at)


def test_recruiter_cannot_open_the_dashboard(app_env) -> None:
    with pytest.raises(ValueError):
        open_staff_page(app_env, "dashboard", role="recruiter", username="rec1")
    with pytest.raises(ValueError):
        open_staff_page(app_env, "targets", role="recruiter", username="rec2")


def test_targets_page_saves(app_env) -> None:
    at = open_staff_page(app_env, "targets")
    assert not at.exception, [e.value for e in at.exception]
    editor = at.data_editor[0]
    assert list(editor.value.iloc[:, 0])[:3] == ["全县", "城关镇", "大河乡"]
    at.session_state[editor.key] = {"edited_rows": {0: {"registrations": "24000"}, 2: {"employed": "1,400"}},
                                    "added_rows": [], "deleted_rows": []}
    at.run()
    [b for b in at.button if b.label == "保存目标"][0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success] == ["已保存：修改了 2 项目标。"]
    year = local_today().year
    assert get_targets(make_engine(app_env), year) == {("", "registrations"): 24000, ("大河乡", "employed"): 1400}
    # the dashboard shows the target
    at = open_staff_page(app_env, "dashboard", username="org2")
    assert any(p.proto.text == "已登记 0 人，完成目标 24,000 人的 0.0%" for p in at.get("progress"))


def test_targets_page_refuses_bad_values(app_env) -> None:
    """Text cells (issue 13): a negative, a letter or too large a number reaches the service, which says
    what is wrong beside the cell; nothing is saved and what was typed stays."""
    at = open_staff_page(app_env, "targets")
    key = at.data_editor[0].key
    at.session_state[key] = {"edited_rows": {1: {"registrations": "-5"}, 2: {"transferred_out": "abc"},
                                             3: {"employed": "20000000"}, 4: {"employed": "12人"}},
                             "added_rows": [], "deleted_rows": []}
    at.run()
    [b for b in at.button if b.label == "保存目标"][0].click().run()
    errors = [e.value for e in at.error]
    assert errors == ["城关镇 · 登记人数: 目标应为 0 或以上的整数（人）。",
                      "大河乡 · 转移就业人数: 目标应为 0 或以上的整数（人）。",
                      "龙泉镇 · 就业人数: 目标不能超过 10,000,000。",
                      "白云乡 · 就业人数: 目标应为 0 或以上的整数（人）。"], errors
    assert get_targets(make_engine(app_env), local_today().year) == {}
    # each message beside its cell, in the row, and what was typed is still there (issue 8)
    table = at.data_editor[0].value
    assert list(table.iloc[:, -1])[:5] == [  # the last column: what to fix
        "", "登记人数: 目标应为 0 或以上的整数（人）。", "转移就业人数: 目标应为 0 或以上的整数（人）。",
        "就业人数: 目标不能超过 10,000,000。", "就业人数: 目标应为 0 或以上的整数（人）。"]
    assert [table.iloc[1]["registrations"], table.iloc[2]["transferred_out"], table.iloc[3]["employed"],
            table.iloc[4]["employed"]] == ["-5", "abc", "20000000", "12人"]
    # fixed and saved: the refusals go
    at.session_state[at.data_editor[0].key] = {
        "edited_rows": {1: {"registrations": "5"}, 2: {"transferred_out": ""}, 3: {"employed": "2,000"},
                        4: {"employed": "12"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    [b for b in at.button if b.label == "保存目标"][0].click().run()
    assert not at.error and [s.value for s in at.success] == ["已保存：修改了 3 项目标。"]
    assert get_targets(make_engine(app_env), local_today().year) == {
        ("城关镇", "registrations"): 5, ("龙泉镇", "employed"): 2000, ("白云乡", "employed"): 12}


def _chart_frame(chart):
    """The data of an Altair chart as AppTest sees it (Arrow datasets of the Vega-Lite element)."""
    import pandas as pd
    from streamlit import dataframe_util

    frames = [dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.proto.datasets]
    return pd.concat(frames) if frames else pd.DataFrame()


def test_dashboard_shows_hires(app_env, vault, county) -> None:
    seeded = _seed(app_env, vault, county)
    _seed_hires(app_env, seeded["seekers"], seeded["fair"].id)
    at = open_staff_page(app_env, "dashboard")
    assert not at.exception, [e.value for e in at.exception]
    metrics = _metrics(at)
    # seekers 0 and 2 are from poor households: 2 of 3 hires; 3 hired for 30 + 20 + 10 positions
    assert {k: metrics[k] for k in NO_HIRES} == {"今日录用": "2", "累计录用": "3", "录用中贫困户占比": "66.7%",
                                                 "岗位填补率": "5.0%"}
    captions = [c.value for c in at.caption]
    assert "3 人" in captions and "2 人次" in captions
    assert "3 个岗位共招 60 人，已录用 3 人；0 个岗位已招满" in captions
    assert "#### 录用与岗位" not in visible_text(at) and "录用与岗位" in [h.value for h in at.subheader]
    text = visible_text(at)
    for title in ("#### 各企业录用人次", "#### 录用人员去向（省份）", "#### 各工种录用人次", "#### 岗位发布与填补"):
        assert title in text
    charts = at.get("vega_lite_chart")
    assert len(charts) == 12
    assert len([w for w in at.download_button if w.label == "下载数据（CSV）"]) == 12
    frames = [_chart_frame(c) for c in charts]
    values = {str(v) for f in frames for col in f.columns for v in f[col]}
    assert {"东莞市华丰电子有限公司", "宁波市甬江服饰有限公司", "云岭县幸福社区扶贫车间", "广东省", "浙江省", "云南省",
            "电子装配", "服装缝纫", "保洁"} <= values, values
    columns = {col for f in frames for col in f.columns}
    assert {"企业", "录用人次", "务工省份", "工种", "招聘人数", "已录用"} <= columns
    progress = [p.proto.text for p in at.get("progress")]
    assert progress == ["已登记 5 人，尚未设定目标", "已就业 3 人，尚未设定目标", "已转移就业 2 人，尚未设定目标",
                        "已培训 0 人，尚未设定目标"]  # issue 16: people trained
    # a township: hires of its people (all five live in 城关镇, the form's default)
    at.selectbox(key="dash_place").set_value("t:大河乡").run()
    assert _metrics(at)["累计录用"] == "0"
    at.selectbox(key="dash_place").set_value("").run()
    at.selectbox(key="dash_fair").set_value(seeded["fair"].id).run()
    assert {k: _metrics(at)[k] for k in ("今日录用", "累计录用", "岗位填补率")} == \
        {"今日录用": "1", "累计录用": "1", "岗位填补率": "3.3%"}  # the fair's vacancy: 1 of 30


def test_incomplete_profiles_are_counted_and_not_answered_is_a_bucket(app_env, vault, county) -> None:
    from tests.profile_support import ANSWERS, register_ticket_only

    _seed(app_env, vault, county)
    engine = make_engine(app_env)
    register_ticket_only(engine, vault, 20)
    register_ticket_only(engine, vault, 21, answered={"place": ANSWERS["place"], "education": ANSWERS["education"]})
    engine.dispose()
    at = open_staff_page(app_env, "dashboard", lang="en")
    assert not at.exception, [e.value for e in at.exception]
    metrics = _metrics(at)
    assert metrics["In total"] == "7" and metrics["Profiles incomplete"] == "2"
    assert "28.6% of the people" in [c.value for c in at.caption]
    assert any(link.proto.label == "List the people with an incomplete profile, to call them"
               for link in at.get("page_link"))
    frames = {tuple(f.columns): f for f in (_chart_frame(c) for c in at.get("vega_lite_chart"))}
    for column, not_answered in (("Education", 1), ("Work wish", 1), ("Registered poor household", 2)):
        frame = next(f for cols, f in frames.items() if column in cols)
        counts = dict(zip(frame[column], frame["People"], strict=True))
        assert counts["Not answered"] == not_answered, (column, counts)
        assert sum(counts.values()) == 7  # everyone is in each breakdown
