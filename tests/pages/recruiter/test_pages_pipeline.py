"""The pipeline page with AppTest: a recruiter's own vacancies only, candidates by stage with counts,
history, stage buttons that move a candidate, the CSV download; organizers see every employer's."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from streamlit.runtime.memory_media_file_storage import _calculate_file_id
from streamlit.testing.v1 import AppTest

from models import Application, Seeker
from services.core.clock import local_today
from services.core.crypto import Vault
from services.core.db import make_engine, unit_of_work
from services.core.settings import ROOT
from services.places.county import load_county
from services.recruiting.pipeline import pipeline_csv, record_stage, vacancy_pipeline
from services.reporting.exports.archive import read_encrypted_zip
from tests.apptest_support import visible_text
from tests.auth_support import make_recruiter, make_staff, open_staff_page
from tests.conftest import TEST_SECRET
from tests.factories import id_masks, make_employer, make_vacancy, register

FULL_ID = re.compile(r"\d{17}[\dXx]")


def _world(db_url: str) -> dict:
    engine, vault = make_engine(db_url), Vault.from_secret(TEST_SECRET)
    rec_a = make_recruiter(db_url, username="rec_a")
    b = make_employer(engine, name="永康五金厂", serial=77)
    va = make_vacancy(engine, rec_a.employer_id, title="电子厂普工")
    va2 = make_vacancy(engine, rec_a.employer_id, title="仓库管理员")
    vb = make_vacancy(engine, b, title="五金装配工")
    s1 = register(engine, vault, 1, name="王秀兰").seeker_id
    s2 = register(engine, vault, 2, name="张建国").seeker_id
    s3 = register(engine, vault, 3, name="李四妹").seeker_id
    t0 = datetime.now(UTC) - timedelta(hours=2)
    kw = dict(employer_id=rec_a.employer_id, user_id=rec_a.user_id, vacancy_id=va)
    record_stage(engine, seeker_id=s1, stage="interested", note="会缝纫", now=t0, **kw)
    record_stage(engine, seeker_id=s2, stage="interested", now=t0, **kw)
    record_stage(engine, seeker_id=s2, stage="interviewed", now=t0 + timedelta(minutes=5), **kw)
    record_stage(engine, employer_id=b, user_id=None, seeker_id=s3, vacancy_id=vb, stage="offered", now=t0)
    return dict(engine=engine, vault=vault, rec_a=rec_a, b=b, va=va, va2=va2, vb=vb, s1=s1, s2=s2, s3=s3)


def _open(db_url: str, principal) -> AppTest:
    at = open_staff_page(db_url, "pipeline", principal=principal)
    assert not at.exception, [e.value for e in at.exception]
    return at


def _all_text(at: AppTest) -> str:
    return "\n".join(visible_text(at)) + "".join(e.value.to_csv() for e in (*at.table, *at.dataframe))


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_recruiter_sees_own_vacancies_and_candidates_by_stage(app_env) -> None:
    w = _world(app_env)
    at = _open(app_env, w["rec_a"])
    assert at.title[0].value == "招聘进度"
    vacancy = at.selectbox(key="pl_vacancy")
    assert sorted(o.split(" · ")[0] for o in vacancy.options) == ["仓库管理员", "电子厂普工"]  # never B's
    assert not [s for s in at.selectbox if s.key == "pl_employer"]
    vacancy.set_value(w["va"])
    _run(at)
    stages = at.segmented_control(key="pl_stage")
    assert stages.options == ["有意向 (1)", "已面试 (1)", "已发录用意向 (0)", "已录用 (0)", "不合适 (0)"]
    table = at.table[0].value
    assert list(table["姓名"]) == ["王秀兰"] and list(table["手机号"]) == ["13900000001"]
    assert list(table["备注"]) == ["会缝纫"]
    history = at.dataframe[0].value
    assert list(history["操作人"]) == ["招聘专员 rec_a"] and list(history["变化"]) == ["有意向"]
    text = _all_text(at)
    assert "张建国" not in text and "李四妹" not in text and "五金装配工" not in text
    assert not FULL_ID.search(text)
    with unit_of_work(w["engine"], write=False) as session:
        assert all(m not in text for m in id_masks(session))
    stages.set_value("interviewed")
    _run(at)
    assert list(at.table[0].value["姓名"]) == ["张建国"]
    assert list(at.dataframe[0].value["变化"]) == ["有意向", "有意向 → 已面试"]


def test_stage_button_moves_the_candidate_and_keeps_it_chosen(app_env) -> None:
    w = _world(app_env)
    at = _open(app_env, w["rec_a"])
    at.selectbox(key="pl_vacancy").set_value(w["va"])
    _run(at)
    with unit_of_work(w["engine"], write=False) as session:
        app = session.scalars(select(Application).where(Application.seeker_id == w["s1"])).one()
    at.text_input(key=f"pl_{app.id}_note").input("面试约在周三")
    at.button(key=f"pl_{app.id}_b_offered").click()
    _run(at)
    assert at.segmented_control(key="pl_stage").value == "offered"
    assert at.segmented_control(key="pl_stage").options[:3] == ["有意向 (0)", "已面试 (1)", "已发录用意向 (1)"]
    assert at.success[0].value == "已记录：王秀兰 应聘“电子厂普工”，现在是“已发录用意向”。"
    assert list(at.dataframe[0].value["变化"]) == ["有意向", "有意向 → 已发录用意向"]
    assert list(at.dataframe[0].value["备注"]) == ["会缝纫", "面试约在周三"]
    # hired from the pipeline: the form, then the hire
    at.button(key=f"pl_{app.id}_b_hired").click()
    _run(at)
    at.button(key=f"FormSubmitter:pl_{app.id}_hire_form-确认录用").click()
    _run(at)
    assert at.segmented_control(key="pl_stage").value == "hired"
    assert "已录用" in "\n".join(m.value for m in at.markdown)
    # the download offers exactly the service's CSV for this vacancy
    county = load_county(ROOT / "config" / "county.toml")
    pipeline = vacancy_pipeline(w["engine"], w["vault"], vacancy_id=w["va"], employer_id=w["rec_a"].employer_id)
    data = pipeline_csv(pipeline, language="zh_CN", county=county)
    assert not at.get("download_button")  # phones: prepared on request, as an encrypted archive
    at.button(key="pl_prepare_csv").click()
    _run(at)
    ready = at.session_state["pl_csv_file"]
    [download] = at.get("download_button")
    assert download.proto.label == "下载本岗位的招聘进度（CSV）"
    assert download.proto.url.endswith(_calculate_file_id(ready["data"], "application/zip", ready["name"]) + ".zip")
    assert at.code[0].value == ready["password"]  # the password only on this screen
    name, plain = read_encrypted_zip(io.BytesIO(ready["data"]), ready["password"])
    assert b"13900000001" in plain and b"13900000001" not in ready["data"]
    assert name == ready["inner"] and name in _names(w["va"]) and ready["name"] == name + ".zip"
    assert plain == data
    at.get("download_button")[0].click()  # handed out once; the password stays to open it
    _run(at)
    assert not at.get("download_button") and at.code[0].value == ready["password"]
    assert at.button(key="pl_prepare_csv")  # ready to prepare a new file


def _names(vacancy_id: int) -> set[str]:
    from services.core.clock import local_zone

    now = datetime.now(UTC).astimezone(local_zone())
    return {f"pipeline-vacancy{vacancy_id}-{t:%Y%m%d-%H%M}.csv" for t in (now, now - timedelta(minutes=1))}


def test_organizer_sees_every_employer_with_a_filter(app_env) -> None:
    w = _world(app_env)
    organizer = make_staff(app_env, username="org1")
    at = _open(app_env, organizer)
    vacancies = at.selectbox(key="pl_vacancy")
    assert len(vacancies.options) == 3 and any("五金装配工" in o for o in vacancies.options)
    at.selectbox(key="pl_employer").set_value(w["b"])
    _run(at)
    closes = f"{(local_today() + timedelta(days=30)).isoformat()} 截止"
    assert at.selectbox(key="pl_vacancy").options == [f"五金装配工 · {closes} · 永康五金厂"]
    at.segmented_control(key="pl_stage").set_value("offered")
    _run(at)
    assert list(at.table[0].value["姓名"]) == ["李四妹"]
    assert list(at.dataframe[0].value["操作人"]) == ["求职者本人"]  # no staff member: the seeker acted


def test_user_text_is_literal_on_the_pipeline(app_env) -> None:
    from components.text import literal

    engine, vault = make_engine(app_env), Vault.from_secret(TEST_SECRET)
    recruiter = make_recruiter(app_env, username="rec_x")
    name, title = "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))"
    vacancy = make_vacancy(engine, recruiter.employer_id, title=title)
    seeker = register(engine, vault, 1, name="王秀兰").seeker_id
    with unit_of_work(engine) as session:
        session.get(Seeker, seeker).name = name
    record_stage(engine, employer_id=recruiter.employer_id, user_id=recruiter.user_id, seeker_id=seeker,
                 vacancy_id=vacancy, stage="interested")
    at = _open(app_env, recruiter)
    closes = f"{(local_today() + timedelta(days=30)).isoformat()} 截止"
    assert at.selectbox(key="pl_vacancy").options == [f"{title} · {closes}"]  # plain text in a select box
    assert at.subheader[0].value == literal(name)
    assert list(at.table[0].value["姓名"]) == [literal(name)]  # st.table renders Markdown in its cells
    with unit_of_work(engine, write=False) as session:
        app_id = session.scalars(select(Application.id)).one()
    at.button(key=f"pl_{app_id}_b_interviewed").click()
    _run(at)
    assert at.success[0].value == f"已记录：{literal(name)} 应聘“{literal(title)}”，现在是“已面试”。"
    for element in (*at.markdown, *at.success, *at.subheader, *at.caption, *at.title):
        assert "<img" not in element.value.replace("\\<img", "")
        assert "](javascript" not in element.value


def test_cancelling_a_hire_shows_who_when_why(app_env) -> None:
    """Issue 8: leaving "hired" in the pipeline asks for a reason; the history and the hires show it."""
    from models import Hire
    from services.core.i18n import translate
    from services.recruiting.hires import HireTerms

    w = _world(app_env)
    rec = w["rec_a"]
    record_stage(w["engine"], employer_id=rec.employer_id, user_id=rec.user_id, seeker_id=w["s1"], vacancy_id=w["va"],
                 stage="hired", hire=HireTerms(local_today(), 5600, 12))
    at = _open(app_env, rec)
    at.selectbox(key="pl_vacancy").set_value(w["va"])
    _run(at)  # another vacancy opens on its first stage with people (issue 11): then choose "hired"
    at.segmented_control(key="pl_stage").set_value("hired")
    _run(at)
    with unit_of_work(w["engine"], write=False) as session:
        app = session.scalars(select(Application).where(Application.seeker_id == w["s1"])).one()
    k = f"pl_{app.id}"
    at.button(key=f"{k}_b_not_suitable").click()
    _run(at)
    submit = f"FormSubmitter:{k}_cancel_form-{translate('zh_CN', 'Cancel the hire')}"
    at.text_input(key=f"{k}_reason").input("没来报到")
    at.button(key=submit).click()
    _run(at)
    assert at.segmented_control(key="pl_stage").value == "not_suitable"
    history = at.dataframe[0].value
    cancelled = f"已录用 → 不合适 · {translate('zh_CN', 'hire cancelled')}"
    assert list(history["变化"])[-1] == cancelled and list(history["备注"])[-1] == "没来报到"
    assert list(history["操作人"])[-1] == "招聘专员 rec_a"
    hires = at.dataframe[1].value
    assert list(hires[translate("zh_CN", "Reason")]) == ["没来报到"]
    assert list(hires[translate("zh_CN", "Cancelled by")]) == ["招聘专员 rec_a"]
    assert list(hires[translate("zh_CN", "Status")]) == [translate("zh_CN", "Cancelled")]
    with unit_of_work(w["engine"], write=False) as session:
        [hire] = session.scalars(select(Hire)).all()
    assert hire.cancel_reason == "没来报到" and hire.cancelled_by == rec.user_id


def test_an_incomplete_profile_on_the_pipeline(app_env) -> None:
    from tests.profile_support import register_ticket_only

    w = _world(app_env)
    zhao = register_ticket_only(w["engine"], w["vault"], 13, name="赵小满").seeker_id
    record_stage(w["engine"], employer_id=w["rec_a"].employer_id, user_id=w["rec_a"].user_id, vacancy_id=w["va"],
                 seeker_id=zhao, stage="interested")
    at = open_staff_page(app_env, "pipeline", principal=w["rec_a"], lang="en")
    at.selectbox(key="pl_vacancy").set_value(w["va"])
    _run(at)
    table = at.table[0].value
    rows = {r["Name"]: r for r in table.to_dict("records")}
    assert (rows["赵小满"]["Education"], rows["赵小满"]["Trades and skills"]) == ("Not answered", "Not answered")
    assert rows["赵小满"]["Not answered yet"].startswith("Trades and skills, Where to work, Education")
    assert rows["王秀兰"]["Not answered yet"] == "" and "None" not in table.to_csv()
    assert at.subheader[0].value == "赵小满"  # the latest change is chosen first: the card says what is missing
    assert [x.value for x in at.warning] == [
        "Not answered yet: Trades and skills, Where to work, Education, Expected monthly wage, Skills training, "
        "Registered poor household"]


def test_the_pipeline_opens_on_the_first_stage_with_people(app_env) -> None:
    """Issue 11: not on an empty "interested": on the first stage that has people, for each vacancy chosen."""
    w = _world(app_env)
    engine, rec = w["engine"], w["rec_a"]
    kw = dict(employer_id=rec.employer_id, user_id=rec.user_id, vacancy_id=w["va2"])
    record_stage(engine, seeker_id=w["s1"], stage="offered", **kw)
    at = _open(app_env, rec)
    assert at.selectbox(key="pl_vacancy").value == w["va2"]  # the newest vacancy first
    assert at.segmented_control(key="pl_stage").value == "offered"
    assert list(at.table[0].value["姓名"]) == ["王秀兰"]
    at.selectbox(key="pl_vacancy").set_value(w["va"])
    _run(at)
    assert at.segmented_control(key="pl_stage").value == "interested"  # it has people: 王秀兰
    at.segmented_control(key="pl_stage").set_value("interviewed")
    _run(at)
    assert at.segmented_control(key="pl_stage").value == "interviewed"  # a choice stays while the vacancy does
    empty = make_vacancy(engine, rec.employer_id, title="保安")
    at = _open(app_env, rec)
    assert at.selectbox(key="pl_vacancy").value == empty
    assert at.segmented_control(key="pl_stage").value == "interested"  # nobody anywhere: the first stage
    from services.core.i18n import translate

    assert at.info[0].value == translate("zh_CN", "Nobody at this stage yet.")
