"""One small county for the security tests: every role's account, and hostile text in every free-text field.

Employers A (approved, the recruiter's), B (approved, another company), S (suspended, with a recruiter still
holding a session) and P (pending); vacancies of A and B; a fair and a relocation site; seekers (one with a
ticket for the seeker role, one hired by A with visits due, in 城关镇; one in 大河乡, hired by B, working in
宁波市); a household with a plan step, a visit note and an open wage issue. Names, titles, descriptions,
notes and the staff's display names carry `HOSTILE` (written directly, as an attacker who got past a form
would: the forms refuse most of it).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import update

from models import Employer, FollowUp, Household, HouseholdPlan, Seeker, StaffUser, Vacancy, WageIssue
from services.accounts.sessions import Principal, start_session
from services.core.clock import local_today
from services.core.crypto import Vault
from services.core.db import make_engine, unit_of_work
from services.places.fairs import create_fair
from services.places.sites import create_site
from services.recruiting.employers import suspend_employer
from tests import followup_hires
from tests.auth_support import make_staff
from tests.conftest import TEST_SECRET
from tests.factories import make_employer, make_vacancy, register
from tests.security.hostile import HOSTILE, fit

ROLES = ("anonymous", "seeker", "kiosk", "recruiter", "suspended", "organizer", "desk", "township", "workstation")


@dataclass
class World:
    db_url: str
    staff: dict[str, Principal]  # role -> a live session
    employer_a: int
    employer_b: int
    employer_s: int
    employer_p: int
    vacancy_a: int
    vacancy_b: int
    fair_code: str
    site_code: str
    ticket: str  # the seeker's ticket code
    hired_a: followup_hires.Hired  # a 城关镇 worker hired by A
    hired_b: followup_hires.Hired  # a 大河乡 worker hired by B, working in 宁波市
    household: int

    def session(self, role: str) -> Principal:
        """A fresh session for `role`'s account (pages may end one: signing out, a suspended employer)."""
        p = self.staff[role]
        return start_session(make_engine(self.db_url), username=p.username, cookie_exp=time.time() + 3600)


def build(db_url: str) -> World:
    engine = make_engine(db_url)
    vault = Vault.from_secret(TEST_SECRET)
    a = make_employer(engine, name=fit(Employer.name, "甲电子厂"), serial=21)
    b = make_employer(engine, name="乙服装公司", serial=22, province="浙江省", city="宁波市")
    s = make_employer(engine, name=fit(Employer.name, "丙停业公司"), serial=23)
    p = make_employer(engine, name=fit(Employer.name, "丁待审公司"), serial=24, status="pending")
    staff = {"organizer": make_staff(db_url, username="org1", role="organizer"),
             "desk": make_staff(db_url, username="desk1", role="desk"),
             "township": make_staff(db_url, username="town1", role="township"),  # 城关镇
             "workstation": make_staff(db_url, username="ws1", role="workstation"),  # 宁波市
             "recruiter": make_staff(db_url, username="reca", role="recruiter", employer_id=a),
             "suspended": make_staff(db_url, username="recs", role="recruiter", employer_id=s)}
    suspend_employer(engine, employer_id=s, note=fit(Employer.status_note, "停业整顿"), actor="org1")
    va = make_vacancy(engine, a, title=fit(Vacancy.title, "普工"),
                      description=f"包吃住。\n{HOSTILE}\n# 月薪\n1. 长白班",
                      trade="garment_sewing", age_min=18, age_max=60, min_education="none")
    vb = make_vacancy(engine, b, title="乙公司缝纫工", trade="garment_sewing", province="浙江省", city="宁波市",
                      age_min=18, age_max=60, min_education="none")
    with unit_of_work(engine) as session:
        fair = create_fair(session, name="春风行动招聘会", code="SPRING26")
        site = create_site(session, name="幸福社区安置点", code="XINGFU", township="城关镇")
        fair_code, site_code = fair.code, site.code
    seeker = register(engine, vault, 1, intention="either", trades=["garment_sewing"], leave_constraint="none")
    start = local_today() - timedelta(days=40)
    hired_a = followup_hires.hire_with_visits(engine, vault, 2, employer_id=a, vacancy_id=va, start=start)
    hired_b = followup_hires.hire_with_visits(engine, vault, 3, employer_id=b, vacancy_id=vb, start=start,
                                              city="宁波市", township="大河乡", village="大河村")
    with unit_of_work(engine) as session:
        hh = Household(township="城关镇", village="东门村", code="CG-001", size=3, poor=True)
        session.add(hh)
        session.flush()
        session.add(HouseholdPlan(household_id=hh.id, next_step=fit(HouseholdPlan.next_step, "去车间"),
                                  by_whom=fit(HouseholdPlan.by_whom, "村主任"),
                                  due_on=local_today() + timedelta(days=7),
                                  cadre_name=fit(HouseholdPlan.cadre_name, "干部")))
        for hired in (hired_a, hired_b):
            session.add(WageIssue(hire_id=hired.hire_id, seeker_id=hired.seeker_id, employer_id=hired.employer_id,
                                  kind="unpaid", amount=3000, description=fit(WageIssue.description, "欠薪")))
        first_visit = FollowUp.id == hired_a.visits[0]
        session.execute(update(FollowUp).where(first_visit).values(note=fit(FollowUp.note, "备注")))
        for seeker_id in (seeker.seeker_id, hired_a.seeker_id, hired_b.seeker_id):
            session.execute(update(Seeker).where(Seeker.id == seeker_id).values(name=fit(Seeker.name, "王")))
        session.execute(update(Seeker).where(Seeker.id == hired_a.seeker_id).values(household_id=hh.id))
        staff_text = fit(StaffUser.display_name, "", room=12)  # the display names here have at most 12
        session.execute(update(StaffUser).values(display_name=StaffUser.display_name + staff_text))
        household = hh.id
    return World(db_url, staff, a, b, s, p, va, vb, fair_code, site_code, seeker.ticket_code, hired_a, hired_b,
                 household)
