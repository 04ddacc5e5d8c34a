"""The role × action matrix: each write (and scoped read) with an authorization rule, called by a role that
must be refused, is refused and changes nothing.

| action                                         | done by                          | rule                          |
|------------------------------------------------|----------------------------------|-------------------------------|
| move an application to a stage                 | recruiter of another employer    | NoAccess, no application      |
| read an application's history                  | recruiter of another employer    | NoAccess                      |
| edit / close a vacancy                         | recruiter of another employer    | NotFound, vacancy unchanged   |
| confirm "still employed"                       | recruiter of another employer    | refused, no visit recorded    |
| record a follow-up visit                       | township staff of another town   | HireNotFound, still scheduled |
| record a follow-up visit                       | workstation of another city      | HireNotFound, still scheduled |
| record a follow-up visit                       | recruiter, desk staff            | NoFollowUpAccess              |
| list the visits                                | township / workstation staff     | their township / city only    |
| import a village list                          | township staff                   | other townships' rows left out|
| dismiss a row an import left out              | township staff of another town   | refused, row still open       |
| find a person for the change history / undo    | township staff of another town   | refused                       |
| save a household's plan                        | township staff of another town   | NotFound, no plan saved       |
| open an organizer-only page (fairs, accounts,  | any other role                   | the page's `auth.require`     |
| targets, subsidy rules, exports, audit, …)     |                                  | stops before any widget       |

The last row is checked twice: statically (each staff page calls `auth.require` with exactly the roles the
route table gives its audience) and by running each page script on its own as every role it must refuse.
"""

from __future__ import annotations

import ast
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from components import routes
from components.auth import PRINCIPAL_KEY
from models import Application, FollowUp, Household, HouseholdPlan, ImportBatch, LeftOutRow, Role, Seeker, Vacancy
from services.accounts.sessions import Principal
from services.core.crypto import Vault
from services.core.db import make_engine, unit_of_work
from services.core.errors import NotFound, PortalError
from services.followups import lists, visits
from services.followups.report import VisitReport
from services.households.plans import PlanForm, save_plan
from services.imports.saving import import_rows
from services.places.county import load_county
from services.places.sources import Source
from services.recruiting import stages, vacancies
from services.repairs import changes, left_out
from tests.auth_support import make_staff
from tests.conftest import ROOT, TEST_SECRET
from tests.imports import saving_support
from tests.security.world import World, build

ROOT_DIR = Path(__file__).resolve().parents[2]
COUNTY = load_county(ROOT / "config" / "county.toml")


@pytest.fixture
def world(app_env) -> World:
    return build(app_env)


def _count(engine, model, *where) -> int:
    with unit_of_work(engine, write=False) as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def _user_id(world: World, role: str) -> int:
    return world.staff[role].user_id


def test_a_recruiter_cannot_touch_another_employers_pipeline(world: World) -> None:
    engine = make_engine(world.db_url)
    before = _count(engine, Application)
    with pytest.raises(stages.NoAccess):
        stages.record_stage(engine, employer_id=world.employer_a, user_id=_user_id(world, "recruiter"),
                            seeker_id=world.hired_b.seeker_id, vacancy_id=world.vacancy_b, stage="interviewed")
    assert _count(engine, Application) == before
    with pytest.raises(stages.NoAccess):
        stages.application_history(engine, application_id=world.hired_b.application_id, employer_id=world.employer_a)
    with pytest.raises(NotFound):
        vacancies.close_vacancy(engine, vacancy_id=world.vacancy_b, employer_id=world.employer_a,
                                actor_id=_user_id(world, "recruiter"))
    with pytest.raises(NotFound):
        vacancies.get_vacancy_for_edit(engine, vacancy_id=world.vacancy_b, employer_id=world.employer_a)
    assert _count(engine, Vacancy, Vacancy.id == world.vacancy_b, Vacancy.status == "open") == 1


def test_a_recruiter_cannot_confirm_another_employers_hire(world: World) -> None:
    engine = make_engine(world.db_url)
    before = _count(engine, FollowUp, FollowUp.status != "scheduled")
    with pytest.raises(PortalError):
        visits.confirm_still_employed(engine, hire_id=world.hired_b.hire_id, employer_id=world.employer_a,
                                      user_id=_user_id(world, "recruiter"), monthly_wage=5000)
    with pytest.raises(PortalError):  # A's recruiter naming B as the employer: the account is not B's
        visits.confirm_still_employed(engine, hire_id=world.hired_b.hire_id, employer_id=world.employer_b,
                                      user_id=_user_id(world, "recruiter"), monthly_wage=5000)
    assert _count(engine, FollowUp, FollowUp.status != "scheduled") == before
    recruiter_b = make_staff(world.db_url, username="recb", role="recruiter", employer_id=world.employer_b)
    visits.confirm_still_employed(engine, hire_id=world.hired_b.hire_id, employer_id=world.employer_b,
                                  user_id=recruiter_b.user_id, monthly_wage=5000)  # B's own recruiter: accepted
    assert _count(engine, FollowUp, FollowUp.status != "scheduled") == before + 1


def _report() -> VisitReport:
    return VisitReport(outcome="working", visited_on=date.today() - timedelta(days=1), monthly_wage=5000,
                       wage_paid=True, safe=True)


@pytest.mark.parametrize(("role", "hired"), [("township", "hired_b"), ("workstation", "hired_a"),
                                             ("recruiter", "hired_a"), ("desk", "hired_a")])
def test_visits_outside_ones_scope_are_refused(world: World, role: str, hired: str) -> None:
    """Township staff (城关镇) cannot record a 大河乡 worker's visit; the workstation (宁波市) cannot record a
    worker's in 东莞市; recruiters and desk staff record no visits at all."""
    engine = make_engine(world.db_url)
    visit_id = getattr(world, hired).visits[0]
    with pytest.raises(NotFound):
        visits.record_visit(engine, follow_up_id=visit_id, report=_report(), user_id=_user_id(world, role))
    with pytest.raises(NotFound):
        visits.record_extra_visit(engine, hire_id=getattr(world, hired).hire_id, report=_report(),
                                  user_id=_user_id(world, role))
    assert _count(engine, FollowUp, FollowUp.status != "scheduled") == 0
    visits.record_visit(engine, follow_up_id=visit_id, report=_report(), user_id=_user_id(world, "organizer"))
    assert _count(engine, FollowUp, FollowUp.status != "scheduled") == 1  # the organizer may: the rule is the scope


def test_visit_lists_are_scoped(world: World) -> None:
    from models import StaffUser

    engine = make_engine(world.db_url)
    today = date.today() + timedelta(days=400)  # every visit is due by then
    with unit_of_work(engine, write=False) as s:
        town = lists.scope_for(s.get(StaffUser, _user_id(world, "township")))
        city = lists.scope_for(s.get(StaffUser, _user_id(world, "workstation")))
        for user in ("desk",):
            with pytest.raises(lists.NoFollowUpAccess):
                lists.scope_for(s.get(StaffUser, _user_id(world, user)))
    in_town = {r.hire_id for r in lists.visit_list(engine, town, today).rows}
    in_city = {r.hire_id for r in lists.visit_list(engine, city, today).rows}
    assert in_town == {world.hired_a.hire_id}  # 城关镇's worker, not 大河乡's
    assert in_city == {world.hired_b.hire_id}  # working in 宁波市, not 东莞市


def test_township_staff_import_only_their_township(world: World) -> None:
    engine = make_engine(world.db_url)
    vault = Vault.from_secret(TEST_SECRET)
    rows = [saving_support.row(COUNTY, 40, name="本镇人", township="城关镇", village="东门村"),
            saving_support.row(COUNTY, 41, name="外乡人", township="大河乡", village="大河村")]
    import_rows(engine, vault, saving_support.report(rows), staff_id=_user_id(world, "township"),
                source=Source.direct(), township="城关镇")
    assert _count(engine, Seeker, Seeker.name == "本镇人") == 1
    assert _count(engine, Seeker, Seeker.name == "外乡人") == 0


def test_township_staff_cannot_work_on_another_townships_rows(world: World) -> None:
    engine = make_engine(world.db_url)
    staff = _user_id(world, "township")
    with unit_of_work(engine) as s:
        batch = ImportBatch(file_name="大河村.xlsx", sha256="0" * 64, kind="xlsx", source_kind="direct")
        s.add(batch)
        s.flush()
        item = LeftOutRow(batch_id=batch.id, row=3, township="大河乡", village="大河村", problems="", cells_enc="x")
        s.add(item)
        dahe = Household(township="大河乡", village="大河村", code="DH-009", size=2, poor=True)
        s.add(dahe)
        s.flush()
        item_id, dahe_id = item.id, dahe.id
        ticket_b = s.get(Seeker, world.hired_b.seeker_id).ticket_code
    with pytest.raises(PortalError):
        left_out.dismiss_left_out(engine, item_id=item_id, staff_id=staff, reason="不是本乡的人", township="城关镇")
    assert _count(engine, LeftOutRow, LeftOutRow.id == item_id, LeftOutRow.closed_at.is_(None)) == 1
    with pytest.raises(PortalError):
        changes.find_person(engine, ticket_code=ticket_b, township="城关镇")
    plans = _count(engine, HouseholdPlan)
    form = PlanForm(cadre_user_id=staff, cadre_name="干部", next_step="去车间面试", by_whom="村主任",
                    due_on=date.today() + timedelta(days=7))
    with pytest.raises(NotFound):
        save_plan(engine, household_id=dahe_id, form=form, replaces=None, user_id=staff, previous_done=False,
                  township="城关镇", today=date.today())
    assert _count(engine, HouseholdPlan) == plans
    # the same calls in the right township go through (the refusals above were about the township)
    changes.find_person(engine, ticket_code=ticket_b, township="大河乡")
    save_plan(engine, household_id=dahe_id, form=form, replaces=None, user_id=staff, previous_done=False,
              township="大河乡", today=date.today())
    left_out.dismiss_left_out(engine, item_id=item_id, staff_id=staff, reason="不是本乡的人", township="大河乡")
    assert _count(engine, LeftOutRow, LeftOutRow.id == item_id, LeftOutRow.closed_at.is_(None)) == 0


# --- the pages' own gate ----------------------------------------------------------------------------

ROLE_NAMES = {"Role." + r.name: r.value for r in Role}


def _required_roles(page: Path) -> frozenset[str] | None:
    """The roles a page script passes to `auth.require` (all roles for `require()`); None: no call."""
    for node in ast.walk(ast.parse(page.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "auth.require":
            roles = [ROLE_NAMES[ast.unparse(a)] for a in node.args]
            return frozenset(roles) if roles else frozenset(Role)
    return None


STAFF_ROUTES = [r for r in routes.ROUTES if r.audience in routes.ROLES]


@pytest.mark.parametrize("route", STAFF_ROUTES, ids=lambda r: r.path)
def test_each_staff_page_requires_exactly_its_audience(route: routes.Route) -> None:
    assert _required_roles(ROOT_DIR / route.file) == routes.ROLES[route.audience], route.file


@pytest.mark.parametrize("route", STAFF_ROUTES, ids=lambda r: r.path)
def test_each_staff_page_stops_other_roles_before_any_widget(app_env, route: routes.Route) -> None:
    """The page script on its own (as if the navigation had let the role through): "no access", no widget."""
    for role in sorted(set(Role) - routes.ROLES[route.audience]):
        at = AppTest.from_file(str(ROOT_DIR / route.file), default_timeout=60)
        at.session_state[PRINCIPAL_KEY] = Principal(999, f"x_{role}", "某人", role, "s", None)
        at.run()
        assert not at.exception, (role, [e.value for e in at.exception])
        assert [e.value for e in at.error] == ["您没有权限打开这个页面。"], (route.path, role)
        widgets = [w for kind in ("button", "text_input", "selectbox", "download_button", "file_uploader")
                   for w in getattr(at, kind, [])]
        assert not widgets, (route.path, role)
