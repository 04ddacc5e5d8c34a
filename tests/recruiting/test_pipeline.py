"""The hiring pipeline: stage changes with their history, first-reached stamps, hires, access, CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from models import Application, Hire, Seeker, StageChange
from services.accounts.staff import create_user
from services.core.db import unit_of_work
from services.core.errors import FieldErrors
from services.core.i18n import translate
from services.places.sources import create_fair
from services.recruiting.pipeline import (
    HireTerms,
    NoAccess,
    application_history,
    employers_with_vacancies,
    export_pipeline,
    list_vacancies,
    record_stage,
    vacancy_pipeline,
    validate_hire_terms,
)
from tests.factories import id_masks, make_employer, make_vacancy, register

FULL_ID = re.compile(r"\d{17}[\dXx]")
T0 = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)  # 10:00 in the county
TODAY = date(2026, 3, 10)
TERMS = HireTerms(date(2026, 3, 20), 5200, 12)


def _apps(engine) -> list[Application]:
    with unit_of_work(engine, write=False) as session:
        return list(session.scalars(select(Application).order_by(Application.id)))


def _changes(engine) -> list[StageChange]:
    with unit_of_work(engine, write=False) as session:
        return list(session.scalars(select(StageChange).order_by(StageChange.id)))


def _hires(engine) -> list[Hire]:
    with unit_of_work(engine, write=False) as session:
        return list(session.scalars(select(Hire).order_by(Hire.id)))


@pytest.fixture
def setup(engine, vault):
    a = make_employer(engine, serial=1)
    b = make_employer(engine, name="永康五金厂", serial=2, province="浙江省", city="金华市")
    vacancy_a = make_vacancy(engine, a)
    vacancy_b = make_vacancy(engine, b, title="五金装配工", province="浙江省", city="金华市", trade="welding")
    user_a = create_user(engine, username="rec_a", display_name="招聘专员 小李", role="recruiter",
                         password="a long test passphrase", employer_id=a).id
    organizer = create_user(engine, username="org", display_name="张科长", role="organizer",
                            password="a long test passphrase").id
    seeker = register(engine, vault, 1, name="王秀兰").seeker_id
    return dict(a=a, b=b, vacancy_a=vacancy_a, vacancy_b=vacancy_b, user_a=user_a, organizer=organizer,
                seeker=seeker)


def test_first_stage_creates_the_application(engine, setup) -> None:
    s = setup
    result = record_stage(engine, employer_id=s["a"], user_id=s["user_a"], seeker_id=s["seeker"],
                          vacancy_id=s["vacancy_a"], stage="interested", note="会缝纫", now=T0)
    [app] = _apps(engine)
    assert (result.application_id, result.from_stage, result.to_stage, result.changed) == (app.id, None,
                                                                                           "interested", True)
    assert (app.vacancy_id, app.seeker_id, app.employer_id, app.stage, app.source, app.note) == \
        (s["vacancy_a"], s["seeker"], s["a"], "interested", "booth", "会缝纫")
    assert (app.interviewed_at, app.offered_at, app.hired_at) == (None, None, None)
    assert app.created_at == T0
    [change] = _changes(engine)
    assert (change.application_id, change.from_stage, change.to_stage, change.note, change.by_user_id, change.at) == \
        (app.id, None, "interested", "会缝纫", s["user_a"], T0)


def test_history_and_first_reached_stamps(engine, setup) -> None:
    s = setup
    steps = [("interested", ""), ("interviewed", "面试通过"), ("offered", ""), ("interviewed", "再谈一次"),
             ("offered", "")]
    for i, (stage, note) in enumerate(steps):
        record_stage(engine, employer_id=s["a"], user_id=s["user_a"], seeker_id=s["seeker"],
                     vacancy_id=s["vacancy_a"], stage=stage, note=note, now=T0 + timedelta(minutes=i))
    [app] = _apps(engine)
    assert app.stage == "offered" and app.note == "再谈一次"  # the latest note written
    assert app.interviewed_at == T0 + timedelta(minutes=1)  # the first time, not the second
    assert app.offered_at == T0 + timedelta(minutes=2)
    assert app.hired_at is None and app.updated_at == T0 + timedelta(minutes=4)
    history = application_history(engine, application_id=app.id, employer_id=s["a"])
    assert [(h.from_stage, h.to_stage, h.note, h.who, h.by_seeker) for h in history] == [
        (None, "interested", "", "招聘专员 小李", False),
        ("interested", "interviewed", "面试通过", "招聘专员 小李", False),
        ("interviewed", "offered", "", "招聘专员 小李", False),
        ("offered", "interviewed", "再谈一次", "招聘专员 小李", False),
        ("interviewed", "offered", "", "招聘专员 小李", False),
    ]
    assert [h.at for h in history] == [T0 + timedelta(minutes=i) for i in range(5)]


def test_same_stage_without_note_changes_nothing(engine, setup) -> None:
    s = setup
    kw = dict(employer_id=s["a"], user_id=s["user_a"], seeker_id=s["seeker"], vacancy_id=s["vacancy_a"])
    record_stage(engine, stage="interviewed", now=T0, **kw)
    again = record_stage(engine, stage="interviewed", now=T0 + timedelta(minutes=5), **kw)
    assert not again.changed and len(_changes(engine)) == 1
    noted = record_stage(engine, stage="interviewed", note="二面", now=T0 + timedelta(minutes=6), **kw)
    assert noted.changed and [(c.from_stage, c.to_stage, c.note) for c in _changes(engine)][-1] == \
        ("interviewed", "interviewed", "二面")


def test_hired_writes_the_hire_and_stamps_earlier_stages(engine, setup) -> None:
    s = setup
    fair = create_fair(engine, name="春风行动", code="SPRING26")
    result = record_stage(engine, employer_id=s["a"], user_id=s["user_a"], seeker_id=s["seeker"],
                          vacancy_id=s["vacancy_a"], stage="hired", hire=TERMS, fair_id=fair.id, now=T0, today=TODAY)
    [app], [hire] = _apps(engine), _hires(engine)
    assert app.interviewed_at == app.offered_at == app.hired_at == T0
    assert result.hire_id == hire.id
    assert (hire.application_id, hire.seeker_id, hire.employer_id, hire.vacancy_id, hire.fair_id) == \
        (app.id, s["seeker"], s["a"], s["vacancy_a"], fair.id)
    assert (hire.start_date, hire.monthly_wage, hire.contract_months) == (date(2026, 3, 20), 5200, 12)
    assert (hire.province, hire.city, hire.scope, hire.trade) == ("广东省", "东莞市", "out", "electronics_assembly")
    assert (hire.recorded_by, hire.hired_at) == (s["user_a"], T0)
    # hired again with new terms: one hire, new terms, first moment kept
    record_stage(engine, employer_id=s["a"], user_id=s["user_a"], seeker_id=s["seeker"], vacancy_id=s["vacancy_a"],
                 stage="hired", hire=HireTerms(date(2026, 4, 1), 5500, 24), now=T0 + timedelta(hours=1), today=TODAY)
    [hire] = _hires(engine)
    assert (hire.start_date, hire.monthly_wage, hire.contract_months, hire.hired_at) == \
        (date(2026, 4, 1), 5500, 24, T0)


def test_leaving_hired_cancels_the_hire_and_keeps_it(engine, setup) -> None:
    """Issue 8: a hire is never deleted; leaving "hired" marks it cancelled (who, when, why)."""
    s = setup
    kw = dict(employer_id=s["a"], user_id=s["user_a"], seeker_id=s["seeker"], vacancy_id=s["vacancy_a"])
    record_stage(engine, stage="hired", hire=TERMS, now=T0, today=TODAY, **kw)
    assert len(_hires(engine)) == 1
    result = record_stage(engine, stage="not_suitable", note="另有安排", reason="没来报到",
                          now=T0 + timedelta(days=1), **kw)
    [hire] = _hires(engine)
    assert result.cancelled_hire_id == hire.id and result.hire_id is None
    assert (hire.cancelled_at, hire.cancelled_by, hire.cancel_reason) == (T0 + timedelta(days=1), s["user_a"],
                                                                          "没来报到")
    assert (hire.start_date, hire.monthly_wage, hire.contract_months, hire.hired_at) == (date(2026, 3, 20), 5200, 12,
                                                                                         T0)
    [app] = _apps(engine)
    assert app.stage == "not_suitable" and app.hired_at == T0  # the stamp says it was reached once
    assert app.note == "另有安排"
    assert [(c.from_stage, c.to_stage, c.note) for c in _changes(engine)] == [
        (None, "hired", ""), ("hired", "not_suitable", "没来报到 · 另有安排")]


def test_hired_needs_valid_terms_and_writes_nothing_otherwise(engine, setup) -> None:
    s = setup
    kw = dict(employer_id=s["a"], user_id=s["user_a"], seeker_id=s["seeker"], vacancy_id=s["vacancy_a"],
              stage="hired", today=TODAY)
    with pytest.raises(FieldErrors):
        record_stage(engine, hire=None, **kw)
    with pytest.raises(FieldErrors) as bad:
        record_stage(engine, hire=HireTerms(date(2028, 1, 1), 499, 0), **kw)
    assert set(bad.value.errors) == {"start_date", "monthly_wage", "contract_months"}
    assert _apps(engine) == [] and _changes(engine) == [] and _hires(engine) == []
    for msg in bad.value.errors.values():  # every message is translated
        assert translate("zh_CN", msg) != msg


def test_hire_terms_boundaries() -> None:
    ok = [HireTerms(TODAY + timedelta(days=366), 500, 1), HireTerms(TODAY - timedelta(days=366), 50_000, 120)]
    for terms in ok:
        assert validate_hire_terms(terms, today=TODAY) == terms
    cases = {
        "start_date": [HireTerms(TODAY + timedelta(days=367), 5000, 12), HireTerms(None, 5000, 12),
                       HireTerms(TODAY - timedelta(days=367), 5000, 12)],
        "monthly_wage": [HireTerms(TODAY, 499, 12), HireTerms(TODAY, 50_001, 12), HireTerms(TODAY, None, 12)],
        "contract_months": [HireTerms(TODAY, 5000, 0), HireTerms(TODAY, 5000, 121), HireTerms(TODAY, 5000, None)],
    }
    for field, bad in cases.items():
        for terms in bad:
            with pytest.raises(FieldErrors) as exc:
                validate_hire_terms(terms, today=TODAY)
            assert set(exc.value.errors) == {field}


@given(st.integers(-800, 800), st.integers(-1000, 80_000), st.integers(-5, 200))
def test_hire_terms_property(days: int, wage: int, months: int) -> None:
    terms = HireTerms(TODAY + timedelta(days=days), wage, months)
    valid = abs(days) <= 366 and 500 <= wage <= 50_000 and 1 <= months <= 120
    try:
        assert validate_hire_terms(terms, today=TODAY) == terms
        assert valid
    except FieldErrors as exc:
        assert not valid
        assert set(exc.errors) == {f for f, bad in (("start_date", abs(days) > 366),
                                                     ("monthly_wage", not 500 <= wage <= 50_000),
                                                     ("contract_months", not 1 <= months <= 120)) if bad}


def test_other_employers_vacancy_is_refused(engine, vault, setup) -> None:
    s = setup
    with pytest.raises(NoAccess):
        record_stage(engine, employer_id=s["b"], user_id=None, seeker_id=s["seeker"], vacancy_id=s["vacancy_a"],
                     stage="interested")
    with pytest.raises(NoAccess):
        record_stage(engine, employer_id=s["a"], user_id=None, seeker_id=s["seeker"], vacancy_id=999_999,
                     stage="interested")
    assert _apps(engine) == []
    record_stage(engine, employer_id=s["a"], user_id=s["user_a"], seeker_id=s["seeker"], vacancy_id=s["vacancy_a"],
                 stage="interested")
    [app] = _apps(engine)
    with pytest.raises(NoAccess):
        vacancy_pipeline(engine, vault, vacancy_id=s["vacancy_a"], employer_id=s["b"])
    with pytest.raises(NoAccess):
        application_history(engine, application_id=app.id, employer_id=s["b"])
    with pytest.raises(NoAccess):
        export_pipeline(engine, vault, vacancy_id=s["vacancy_a"], employer_id=s["b"], language="zh_CN", county=None)
    # organizers (None) see and act on every employer's vacancies
    record_stage(engine, employer_id=None, user_id=s["organizer"], seeker_id=s["seeker"], vacancy_id=s["vacancy_b"],
                 stage="interviewed")
    assert vacancy_pipeline(engine, vault, vacancy_id=s["vacancy_b"], employer_id=None).total == 1
    assert [h.who for h in application_history(engine, application_id=app.id, employer_id=None)] == ["招聘专员 小李"]
    assert [a.employer_id for a in _apps(engine)] == [s["a"], s["b"]]


def test_pipeline_groups_candidates_with_phone_and_history(engine, vault, setup) -> None:
    s = setup
    others = [register(engine, vault, n, name=name, birth=date(1990 + n, 1, 1)).seeker_id
              for n, name in ((2, "张三"), (3, "李四"), (4, "赵五"))]
    kw = dict(employer_id=s["a"], user_id=s["user_a"], vacancy_id=s["vacancy_a"], today=TODAY)
    record_stage(engine, seeker_id=s["seeker"], stage="interested", now=T0, **kw)
    record_stage(engine, seeker_id=others[0], stage="interviewed", now=T0, **kw)
    record_stage(engine, seeker_id=others[1], stage="hired", hire=TERMS, now=T0, **kw)
    record_stage(engine, seeker_id=others[2], stage="interested", now=T0, **kw)
    record_stage(engine, seeker_id=others[2], stage="interviewed", now=T0 + timedelta(minutes=3), **kw)
    # the seeker marked interest on the job board themselves: a history row without a staff member
    with unit_of_work(engine) as session:
        app = Application(vacancy_id=s["vacancy_b"], seeker_id=s["seeker"], employer_id=s["b"], source="board")
        session.add(app)
        session.flush()
        session.add(StageChange(application_id=app.id, to_stage="interested", by_user_id=None, at=T0))
        board_app = app.id
    pipeline = vacancy_pipeline(engine, vault, vacancy_id=s["vacancy_a"], employer_id=s["a"], today=TODAY)
    assert pipeline.counts == {"interested": 1, "interviewed": 2, "offered": 0, "hired": 1, "not_suitable": 0}
    assert pipeline.total == 4 and pipeline.headcount == 30
    assert [c.name for c in pipeline.by_stage["interviewed"]] == ["赵五", "张三"]  # latest change first
    zhao = pipeline.by_stage["interviewed"][0]
    assert zhao.phone == "13900000004" and zhao.age == 32 and zhao.trades == ("garment_sewing", "cleaning")
    assert [(h.from_stage, h.to_stage) for h in zhao.history] == [(None, "interested"), ("interested", "interviewed")]
    li = pipeline.by_stage["hired"][0]
    assert li.hire == TERMS and li.hired_at == T0
    text = repr(pipeline)
    assert not FULL_ID.search(text)
    with unit_of_work(engine, write=False) as session:
        masks = id_masks(session)  # made as a page would
    assert all(m not in text for m in masks)
    [entry] = application_history(engine, application_id=board_app, employer_id=s["b"])
    assert entry.by_seeker and entry.who == "The job seeker" and entry.to_stage == "interested"


def test_pipeline_csv(engine, vault, county, setup) -> None:
    s = setup
    evil = register(engine, vault, 9, name="王五").seeker_id
    with unit_of_work(engine) as session:
        session.get(Seeker, evil).name = "=HYPERLINK(\"http://x\")"
    kw = dict(employer_id=s["a"], user_id=s["user_a"], vacancy_id=s["vacancy_a"], today=TODAY)
    record_stage(engine, seeker_id=s["seeker"], stage="hired", hire=TERMS, note="-2+3", now=T0, **kw)
    record_stage(engine, seeker_id=evil, stage="interested", now=T0, **kw)
    name, data = export_pipeline(engine, vault, vacancy_id=s["vacancy_a"], employer_id=s["a"], language="zh_CN",
                                 county=county)
    assert name.startswith(f"pipeline-vacancy{s['vacancy_a']}-") and name.endswith(".csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["环节", "姓名", "性别"] and "手机号" in header and "身份证号" not in header
    by_name = {r[1]: dict(zip(header, r, strict=True)) for r in body}
    assert set(by_name) == {"王秀兰", "'=HYPERLINK(\"http://x\")"}
    wang = by_name["王秀兰"]
    # the whole note history (issue 11): time (county), author, note; a note starting like a formula is
    # harmless after its time
    assert (wang["环节"], wang["手机号"]) == ("已录用", "13900000001")
    assert wang["备注记录"] == "2026-03-10 10:00 招聘专员 小李: -2+3"
    assert [r[0] for r in body] == ["有意向", "已录用"]  # stage by stage
    text = data.decode("utf-8-sig")
    assert not FULL_ID.search(text) and "*" * 8 not in text


def test_pipeline_csv_carries_every_note_with_time_and_author(engine, vault, county, setup) -> None:
    """Issue 11: not only the last note: every note of the application, oldest first, each with its time and
    who wrote it (the seeker's own step is signed as such); steps without a note are left out."""
    s = setup
    kw = dict(vacancy_id=s["vacancy_a"], seeker_id=s["seeker"], today=TODAY)
    record_stage(engine, employer_id=s["a"], user_id=s["user_a"], stage="interested", note="会缝纫", now=T0, **kw)
    record_stage(engine, employer_id=s["a"], user_id=s["user_a"], stage="interviewed", now=T0 + timedelta(hours=1),
                 **kw)
    record_stage(engine, employer_id=None, user_id=s["organizer"], stage="offered", note="面试通过\n周三上岗",
                 now=T0 + timedelta(days=1, minutes=5), **kw)
    for language, header, expected in (
        ("zh_CN", "备注记录", "2026-03-10 10:00 招聘专员 小李: 会缝纫\n2026-03-11 10:05 张科长: 面试通过 周三上岗"),
        ("en", "Notes", "2026-03-10 10:00 招聘专员 小李: 会缝纫\n2026-03-11 10:05 张科长: 面试通过 周三上岗"),
    ):
        _name, data = export_pipeline(engine, vault, vacancy_id=s["vacancy_a"], employer_id=s["a"],
                                      language=language, county=county)
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        [row] = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
        assert row[header] == expected


def test_note_history_signs_the_seekers_own_steps() -> None:
    from services.recruiting.pipeline_csv import note_history
    from services.recruiting.stages import SEEKER_ACTED, HistoryEntry

    steps = [HistoryEntry(T0, SEEKER_ACTED, True, None, "interested", "想做电子厂"),
             HistoryEntry(T0 + timedelta(minutes=1), "小李", False, "interested", "interviewed", "")]
    assert note_history(steps, language="zh_CN") == "2026-03-10 10:00 求职者本人: 想做电子厂"
    assert note_history(steps, language="en") == "2026-03-10 10:00 The job seeker: 想做电子厂"
    assert note_history([], language="en") == ""


def test_vacancy_lists(engine, setup) -> None:
    s = setup
    closed = make_vacancy(engine, s["a"], title="已招满", status="closed")
    past = make_vacancy(engine, s["a"], title="已过期", closing_date=TODAY - timedelta(days=400))
    newest = make_vacancy(engine, s["a"], title="保安")
    mine = list_vacancies(engine, employer_id=s["a"])
    assert [v.id for v in mine] == [newest, s["vacancy_a"], past, closed]  # open first, newest first
    assert [v.id for v in list_vacancies(engine, employer_id=s["a"], open_only=True)] == [newest, s["vacancy_a"]]
    assert {v.employer_id for v in list_vacancies(engine, employer_id=None)} == {s["a"], s["b"]}
    assert [e.id for e in employers_with_vacancies(engine)] == sorted([s["a"], s["b"]], key=lambda i: (
        {s["a"]: "东莞市华丰电子有限公司", s["b"]: "永康五金厂"}[i], i))


def test_an_incomplete_profile_in_the_pipeline_and_its_csv(engine, vault, county, setup) -> None:
    """Issue 10: education and trades not answered read "Not answered"; the missing groups are named."""
    from tests.profile_support import ANSWERS, register_ticket_only

    s = setup
    partly = register_ticket_only(engine, vault, 12, name="赵小满", answered={"wage": ANSWERS["wage"]}).seeker_id
    kw = dict(employer_id=s["a"], user_id=s["user_a"], vacancy_id=s["vacancy_a"], today=TODAY)
    record_stage(engine, seeker_id=partly, stage="interested", now=T0, **kw)
    record_stage(engine, seeker_id=s["seeker"], stage="interested", now=T0, **kw)
    pipeline = vacancy_pipeline(engine, vault, vacancy_id=s["vacancy_a"], employer_id=s["a"], today=TODAY)
    by_name = {c.name: c for c in pipeline.by_stage["interested"]}
    assert by_name["赵小满"].education is None and by_name["赵小满"].trades == ()
    assert by_name["赵小满"].missing == ("trades", "place", "education", "training", "poor_household")
    assert by_name["王秀兰"].missing == ()
    _name, data = export_pipeline(engine, vault, vacancy_id=s["vacancy_a"], employer_id=s["a"], language="en",
                                  county=county)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    table = {r[1]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    zhao = table["赵小满"]
    assert (zhao["Education"], zhao["Trades and skills"]) == ("Not answered", "Not answered")
    assert zhao["Not answered yet"] == ("Trades and skills, Where to work, Education, Skills training, "
                                        "Registered poor household")
    assert table["王秀兰"]["Not answered yet"] == "" and "None" not in data.decode("utf-8-sig")
