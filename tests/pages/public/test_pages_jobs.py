"""The public job board with AppTest: cards, filters kept in the URL, the detail with the "go out or stay
near" table, and marking interest with a good and a bad ticket code (what was typed stays)."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from components import routes
from components.text import literal
from models import Application
from services.core.crypto import Vault
from services.core.db import make_engine, unit_of_work
from services.registration.tickets import format_ticket_code
from tests.apptest_support import open_page, visible_text
from tests.conftest import TEST_SECRET
from tests.factories import make_employer, make_vacancy, register

XSS = "<img src=x onerror=alert(1)> [x](javascript:alert(1))"
LOCAL = dict(scope="local", province="云南省", city="昭通市", distance_km=30, trip_fare=20,
             trip_home_payer="worker")


def _board(url: str) -> dict[str, int]:
    engine = make_engine(url)
    good = make_employer(engine, name="华丰电子", serial=1)
    pending = make_employer(engine, name="待审核公司", serial=2, status="pending")
    return {
        "out": make_vacancy(engine, good, title="东莞电子普工", wage_min=5000, wage_max=6500, trip_fare=450,
                            trip_home_payer="worker", housing=True),
        "local": make_vacancy(engine, good, title="县城缝纫工", trade="garment_sewing", wage_min=2500, wage_max=3200,
                              housing=False, **LOCAL),
        "xss": make_vacancy(engine, good, title=XSS, trade="cleaning", wage_min=2000, wage_max=2400,
                            housing=False, **LOCAL),
        "pending": make_vacancy(engine, pending, title="待审核岗位"),
        "closed": make_vacancy(engine, good, title="已关闭岗位", status="closed"),
    }


def _cards(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("**")]


def _applications(url: str) -> int:
    with unit_of_work(make_engine(url), write=False) as session:
        return session.exec(select(func.count()).select_from(Application)).one()


def test_empty_board_is_friendly(app_env) -> None:
    at = open_page("jobs")
    assert at.title[0].value == "招聘岗位"
    assert "现在还没有招聘岗位。请过几天再来看，或问问招聘会的工作人员。" in [i.value for i in at.info]


def test_cards_show_only_open_vacancies_in_chinese(app_env) -> None:
    _board(app_env)
    at = open_page("jobs")
    text = " ".join(visible_text(at))
    assert "共3个岗位" in text
    assert "5,000–6,500元/月" in text and "2,500–3,200元/月" in text
    assert "待审核岗位" not in text and "已关闭岗位" not in text
    assert "广东省东莞市 · 外省" in text and "离家约30公里" in text and "免费住宿" in text
    # user text is escaped: it shows literally, no image tag or link is made
    xss_card = next(c for c in _cards(at) if "img" in c)
    assert xss_card.startswith(f"**{literal(XSS)}**") and r"\[x\]\(javascript\:alert\(1\)\)" in xss_card


def test_filters_narrow_the_board_and_stay_in_the_url(app_env) -> None:
    _board(app_env)
    at = open_page("jobs")
    at.radio(key="f_where").set_value("local").run()
    assert {c.split("**")[1] for c in _cards(at)} == {"县城缝纫工", literal(XSS)}
    assert at.query_params["where"] == "local"
    at.pills(key="f_min_wage").set_value("3000").run()
    assert [c.split("**")[1] for c in _cards(at)] == ["县城缝纫工"]
    at.radio(key="f_where").set_value("")
    at.pills(key="f_min_wage").set_value("").run()
    assert "where" not in at.query_params and "min_wage" not in at.query_params
    at.checkbox(key="f_housing").check().run()
    assert [c.split("**")[1] for c in _cards(at)] == ["东莞电子普工"]
    assert at.query_params["housing"] == "1"
    # a shared link with filters opens filtered
    at = open_page("jobs", where="out")
    assert [c.split("**")[1] for c in _cards(at)] == ["东莞电子普工"]
    at = open_page("jobs", where="out", trade="garment_sewing")
    assert "没有符合条件的岗位，请少选几个条件试试。" in [i.value for i in at.info]


def test_detail_compares_with_nearby_and_records_interest(app_env) -> None:
    ids = _board(app_env)
    ticket = register(make_engine(app_env), Vault.from_secret(TEST_SECRET), 7).ticket_code
    at = open_page("jobs", vacancy=str(ids["out"]))
    table = next(m.value for m in at.markdown if m.value.startswith("| |"))
    assert "| | 这个岗位 | 家附近的岗位 |" in table
    # out: 5,000–6,500, meals 300 -> 4,700–6,200; worker pays 450 each way twice a year -> 75 a month
    assert "| **扣掉吃住还剩** | 4,700–6,200元 | 2,200–2,900元 |" in table
    assert "| **自己出的回家路费（每月）** | 75元 | 3元 |" in table
    assert "| **每月到手还剩** | **4,625–6,125元** | **2,197–2,897元** |" in table
    # middles: (4,625 + 6,125) / 2 = 5,375 and (2,197 + 2,897) / 2 = 2,547
    # pay left from the bottom of the wage ranges: 4,625 − 2,197
    assert "这个岗位每月比家附近的岗位多剩约2,428元。" in [i.value for i in at.info]

    at.text_input(key="interest_code").input("ZZZZ ZZZZ")
    at.button(key="FormSubmitter:interest-告诉企业我想去").click().run()
    assert at.error[0].value.startswith("没有找到这个号码")
    assert at.text_input(key="interest_code").value == "ZZZZ ZZZZ"
    assert _applications(app_env) == 0

    # the person (nearby work, care duties) does not meet this job's place: asked first, nothing recorded
    at.text_input(key="interest_code").input(format_ticket_code(ticket).lower())
    at.button(key="FormSubmitter:interest-告诉企业我想去").click().run()
    assert not at.error and not at.success
    assert at.warning[0].value.startswith("这个岗位有您不符合的要求：")
    assert "✗ 要离家去外地；您说过不能离家" in at.warning[0].value
    assert _applications(app_env) == 0
    at.button(key="interest_despite").click().run()
    assert not at.error
    assert at.success[0].value.startswith("成功了！华丰电子现在能看到您的手机号")
    assert "东莞电子普工" in at.success[0].value
    assert _applications(app_env) == 1
    at.button(key="FormSubmitter:interest-告诉企业我想去").click().run()
    assert "您已经告诉过华丰电子" in at.info[-1].value
    assert _applications(app_env) == 1


def test_ticket_from_the_ticket_page_is_filled_in(app_env) -> None:
    ids = _board(app_env)
    ticket = register(make_engine(app_env), Vault.from_secret(TEST_SECRET), 8).ticket_code
    from streamlit.testing.v1 import AppTest

    from tests.apptest_support import APP

    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["my_ticket"] = ticket
    at.query_params["vacancy"] = str(ids["local"])
    at.run()
    at.switch_page(routes.file("jobs")).run()
    assert at.text_input(key="interest_code").value == ticket


def test_vacancy_off_the_board_is_explained(app_env) -> None:
    ids = _board(app_env)
    for key in ("pending", "closed"):
        at = open_page("jobs", vacancy=str(ids[key]))
        assert at.warning[0].value == "这个岗位已经停止招聘，请看看其他岗位。"
        assert not at.text_input


def test_interest_despite_the_rules_can_be_dropped(app_env) -> None:
    """English; the person says no on the second question: nothing recorded, back to the list."""
    ids = _board(app_env)
    ticket = register(make_engine(app_env), Vault.from_secret(TEST_SECRET), 9).ticket_code
    at = open_page("jobs", vacancy=str(ids["out"]), lang="en")
    at.text_input(key="interest_code").input(ticket)
    at.button(key="FormSubmitter:interest-Tell the employer I am interested").click().run()
    warning = at.warning[0].value
    assert warning.startswith("This job asks for something you do not meet:")
    assert "✗ Away from home; you said you cannot leave home" in warning
    assert "Are you still interested?" in warning
    at.button(key="interest_back").click().run()
    assert "vacancy" not in at.query_params and _applications(app_env) == 0


def test_single_wage_nearby_job_and_rent(app_env) -> None:
    """One figure for a single wage; a job in the county shows no "0 km · 0 h · 0 yuan"; where no
    housing is provided the pay left deducts the city's estimated rent and says so."""
    engine = make_engine(app_env)
    good = make_employer(engine, name="华丰电子", serial=1)
    near = make_vacancy(engine, good, title="县城保洁", trade="cleaning", wage_min=3800, wage_max=3800,
                        housing=False, meals=False, scope="local", province="云南省", city="昭通市", distance_km=0,
                        travel_hours=0, trip_fare=0, trip_home_payer="worker")
    far = make_vacancy(engine, good, title="深圳电子厂", wage_min=5000, wage_max=5000, housing=False, meals=False,
                       province="广东省", city="深圳市", trip_fare=0, trip_home_payer="employer")
    at = open_page("jobs")
    text = " ".join(visible_text(at))
    assert "3,800元/月" in text and "3,800–3,800" not in text
    assert "离家约0公里" not in text
    assert "不包住（租房约 1,000 元/月）" in text  # Shenzhen, config/rent.toml
    at = open_page("jobs", vacancy=str(far))
    table = next(m.value for m in at.markdown if m.value.startswith("| |"))
    assert "| **每月到手还剩** | **4,000元** | **3,800元** |" in table
    assert "这个岗位：扣除估计房租 1,000 元/月（深圳市）" in [c.value for c in at.caption]
    assert "| **距离和路程** | 1,325公里 · 20小时 | 离家近 |" in table
    assert "| 0小时" not in table and "0公里" not in table
    at = open_page("jobs", vacancy=str(near))
    detail = " ".join(visible_text(at))
    assert "离家近，不用出远门" in detail and "单程车费0元" not in detail and "约0小时" not in detail


def test_a_vacancy_parameter_that_is_not_a_number_shows_the_board(app_env) -> None:
    """`?vacancy=²` (a digit to str.isdigit, not to int) or any other text: the board, no exception."""
    _board(app_env)
    for raw in ("²", "፩", "1e3", "-1", "9" * 12, "\x00"):
        at = open_page("jobs", vacancy=raw)
        assert not at.exception, raw
        assert at.title[0].value == "招聘岗位"
