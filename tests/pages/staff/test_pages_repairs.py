"""The data-repair queue with AppTest: the figures and the left-out rows per township, a left-out row fixed in
place (a wrong phone refused beside its field first), one dismissed with a reason (none refused first), and a
change of a person undone from the history. Organizers only."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from components import routes
from models import LeftOutRow, Seeker, SeekerChange
from services.core.crypto import Vault
from services.core.db import make_engine
from services.imports.saving import import_rows
from services.places.sources import Source
from tests.apptest_support import visible_text
from tests.auth_support import open_staff_page
from tests.conftest import TEST_SECRET
from tests.factories import person_id, register
from tests.imports.saving_support import report, row

NAMES = {7: "李四", 8: "赵六"}
PAGE = str(Path(__file__).resolve().parents[3] / routes.file("repairs"))


def _left_out(db_url: str, county, *people: tuple[int, str, str]) -> list[int]:
    """An import whose rows (n, township, village) are all left out (a wrong phone); their queue ids."""
    rows = []
    for n, township, village in people:
        bad = row(county, n, invalid=True)
        bad.raw.update(name=NAMES[n], id_number=person_id(n), phone="1391234567", township=township,
                       village=village)
        rows.append(bad)
    engine = make_engine(db_url)
    import_rows(engine, Vault.from_secret(TEST_SECRET), report(rows), staff_id=None, source=Source.direct())
    with Session(engine) as s:
        return [i for i in s.exec(select(LeftOutRow.id).order_by(LeftOutRow.id))]  # type: ignore[arg-type]


def _open(db_url: str) -> AppTest:
    at = open_staff_page(db_url, "repairs", lang="en")
    if not [w for w in at.selectbox if w.key == "repair_township"]:
        at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _click(at: AppTest, label: str) -> AppTest:
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r}; buttons: {[b.label for b in at.button]}"
    matches[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_queue_is_listed_per_township_with_its_figures(app_env: str, county) -> None:
    _left_out(app_env, county, (7, "城关镇", "东门村"), (8, "大河乡", "河口村"))
    at = _open(app_env)
    text = "\n".join([*visible_text(at), *(e.label for e in at.expander)])
    assert "Data repair queue" in text and "李四" in text and "赵六" in text and "139****4567" in text
    assert "13912345678" not in text and "1391234567" not in text and person_id(7) not in text
    [figures] = at.dataframe
    assert sorted(figures.value["Rows left out of imports"]) == [1, 1]
    at.selectbox(key="repair_township").set_value("大河乡").run()
    titles = [e.label for e in at.expander]
    assert any("赵六" in t for t in titles) and not any("李四" in t for t in titles)


def test_a_left_out_row_is_fixed_in_place(app_env: str, county) -> None:
    [item] = _left_out(app_env, county, (7, "城关镇", "东门村"))
    at = _open(app_env)
    at.text_input(key=f"repair_fix_{item}_phone").input("1391234")
    _click(at, "Check and register")
    assert len(at.error) == 1 and "mobile" in at.error[0].value, [e.value for e in at.error]
    at.text_input(key=f"repair_fix_{item}_phone").input("13912345678")
    _click(at, "Check and register")
    assert "Row 9 is registered." in [s.value for s in at.success]
    with Session(make_engine(app_env)) as s:
        assert s.exec(select(Seeker.name)).all() == ["李四"]
        fixed = s.get(LeftOutRow, item)
        assert fixed is not None and fixed.outcome == "fixed"


def test_a_left_out_row_is_dismissed_with_a_reason(app_env: str, county) -> None:
    [item] = _left_out(app_env, county, (7, "城关镇", "东门村"))
    at = _open(app_env)
    _click(at, "Dismiss")
    assert any("Please say why" in e.value for e in at.error)
    at.text_input(key=f"repair_dismiss_{item}_reason").input("已搬走")
    _click(at, "Dismiss")
    assert "Row 9 is dismissed." in [s.value for s in at.success]
    with Session(make_engine(app_env)) as s:
        dismissed = s.get(LeftOutRow, item)
        assert dismissed is not None and (dismissed.outcome, dismissed.reason) == ("dismissed", "已搬走")
    assert "No rows left out of imports here." in visible_text(at)


def test_a_change_is_undone_from_the_history(app_env: str, county) -> None:
    engine, vault = make_engine(app_env), Vault.from_secret(TEST_SECRET)
    person = register(engine, vault, 0)
    import_rows(engine, vault, report([row(county, 0, name="王秀英")]), staff_id=None, source=Source.direct())
    at = _open(app_env)
    at.text_input(key="repair_history_ticket").input(person.ticket_code).run()
    assert any("“王秀兰” → “王秀英”" in str(m.value) for m in at.markdown)
    [undo] = [b for b in at.button if b.label == "Undo"]
    undo.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "The change is undone." in [s.value for s in at.success]
    assert any("(undone by org1)" in str(m.value) for m in at.markdown)
    with Session(engine) as s:
        assert s.exec(select(Seeker.name)).all() == ["王秀兰"]
        assert sorted(s.exec(select(SeekerChange.reason))) == ["import", "undo"]


def test_township_staff_see_their_township_only(app_env: str, county) -> None:
    """Issue 12, "a page per township": no township chooser, the figures and rows of their township only, and
    no link to the registration desk (which is not theirs)."""
    from tests.pages.staff.test_pages_imports import _township_staff

    _left_out(app_env, county, (7, "城关镇", "东门村"), (8, "大河乡", "岩脚村"))
    at = open_staff_page(app_env, "repairs", principal=_township_staff(app_env), lang="en")
    if not at.title:
        at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not [w for w in at.selectbox if w.key == "repair_township"]
    [figures] = at.dataframe
    assert list(figures.value["Rows left out of imports"]) == [1]
    titles = [e.label for e in at.expander]
    assert any("赵六" in t for t in titles) and not any("李四" in t for t in titles)


def test_an_incomplete_profile_is_answered_in_place(app_env: str, county) -> None:
    """Issue 12, "a fix in place": the missing answers are asked on the queue's page (township staff have no
    desk), with the profile questions the desk and the phone use."""
    from services.registration.forms import validate_identity
    from services.registration.register import register_seeker
    from tests.factories import form

    engine, vault = make_engine(app_env), Vault.from_secret(TEST_SECRET)
    short = validate_identity(form(id_number=person_id(3), phone="13900000003", township="城关镇",
                                   village="东门村"), county=county)
    result = register_seeker(engine, vault, short, source=Source.direct(), submission_id="s3")
    at = _open(app_env)
    at.selectbox(key="repair_incomplete_person").set_value(result.ticket_code).run()
    assert not at.exception, [e.value for e in at.exception]
    key = f"reg_pf_{result.ticket_code}_"
    at.button_group(key=key + "education").set_value("junior")
    _click_key(at, key + "education_save")
    with Session(engine) as s:
        assert s.exec(select(Seeker.education)).all() == ["junior"]
        [change] = s.exec(select(SeekerChange)).all()  # in the person's history, by whom, undoable
    assert (change.field, change.old, change.new, change.reason, change.batch_id) == \
        ("education", None, "junior", "repair", None)
    assert change.staff_id is not None


def _click_key(at: AppTest, key: str) -> None:
    at.button(key=key).click().run()
    assert not at.exception, [e.value for e in at.exception]
