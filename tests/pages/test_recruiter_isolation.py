"""What a recruiter can reach, page by page: never another employer's vacancies, applications or
candidates' phones; never an ID number, full or masked; user-typed text (vacancy titles, seeker
and company names) shown as literal text, never as HTML or a link.

Every recruiter page is opened as recruiter A, with every vacancy and pipeline stage it offers, and
the whole element tree (every proto, dataframes included) plus every download's bytes are searched.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import pytest
import streamlit as st
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from models import Application, BoothScan, Hire, Seeker, StageChange
from services.core.clock import local_today
from services.core.db import make_engine, unit_of_work
from services.core.validation import make_credit_code, mask_id
from tests.apptest_support import open_page
from tests.auth_support import make_recruiter, open_staff_page
from tests.factories import make_employer, make_vacancy, register

IMG = "<img src=x onerror=alert(1)>"
LINK = "[x](javascript:alert(1))"
FULL_ID = re.compile(r"\d{17}[\dXx]")
MASKED_ID = re.compile(r"\d{6}\*{4,}\d{3}[\dXx]")
SECRET_TITLE = "乙公司内部岗位"


@dataclass
class World:
    a_vacancies: list[int]
    b_vacancy: int
    codes: dict[str, str]  # who -> ticket code
    phones: dict[str, str]  # who -> 11-digit phone
    masked_ids: dict[str, str]


def _seeker(engine, vault, n: int, name: str, **kw) -> tuple[int, str, str, str]:
    result = register(engine, vault, n, **kw)
    with unit_of_work(engine) as session:  # names with markup are refused by the form: write them as an attacker would
        session.execute(update(Seeker).where(Seeker.id == result.seeker_id).values(name=name))
        masked = mask_id(vault.decrypt(session.get(Seeker, result.seeker_id).id_enc))
    return result.seeker_id, result.ticket_code, f"139{n:08d}", masked


def _apply(engine, seeker_id: int, vacancy_id: int, employer_id: int, stage: str = "interested") -> int:
    with unit_of_work(engine) as session:
        app = Application(vacancy_id=vacancy_id, seeker_id=seeker_id, employer_id=employer_id, stage=stage)
        session.add(app)
        session.flush()
        session.add(StageChange(application_id=app.id, from_stage=None, to_stage=stage))
        return app.id


@pytest.fixture
def world(app_env, vault) -> World:
    engine = make_engine(app_env)
    a = make_employer(engine, name=f"甲电子厂 {IMG}", serial=11)
    b = make_employer(engine, name="乙服装公司", serial=12)
    make_recruiter(app_env, username="reca", employer_id=a)
    make_recruiter(app_env, username="recb", employer_id=b)
    a1 = make_vacancy(engine, a, title=f"{IMG} 普工", trade="garment_sewing", scope="local", province="云南省",
                      city="昭通市", age_min=18, age_max=60, min_education="none")
    a2 = make_vacancy(engine, a, title=f"{LINK} 焊工", trade="welding", age_min=18, age_max=60, min_education="none")
    b1 = make_vacancy(engine, b, title=SECRET_TITLE, trade="garment_sewing", age_min=18, age_max=60,
                      min_education="none")
    s1, c1, p1, m1 = _seeker(engine, vault, 1, IMG, intention="either", trades=["garment_sewing"],
                             leave_constraint="none")
    s2, c2, p2, m2 = _seeker(engine, vault, 2, LINK, intention="either", trades=["welding"], leave_constraint="none")
    s3, c3, p3, m3 = _seeker(engine, vault, 3, "李秘密", intention="either", trades=["garment_sewing"],
                             leave_constraint="none")
    _apply(engine, s1, a1, a)
    hired = _apply(engine, s2, a2, a, stage="hired")
    _apply(engine, s3, b1, b)  # B's applicant: A may scan them, never see their phone or B's vacancy
    with unit_of_work(engine) as session:
        session.add(Hire(application_id=hired, seeker_id=s2, employer_id=a, vacancy_id=a2, start_date=local_today(),
                         monthly_wage=5000, contract_months=12, province="广东省", city="东莞市", scope="out",
                         trade="welding"))
        session.add(BoothScan(employer_id=b, seeker_id=s1))  # B scanned A's applicant: nothing of it for A
    return World([a1, a2], b1, {"s1": c1, "s2": c2, "s3": c3}, {"s1": p1, "s2": p2, "s3": p3},
                 {"s1": m1, "s2": m2, "s3": m3})


# --- collecting everything a page sent to the browser -------------------------------------------

def _protos(node) -> list:
    out = []
    proto = getattr(node, "proto", None)
    if proto is not None:
        out.append(proto)
    children = getattr(node, "children", None) or {}
    for child in children.values():
        out += _protos(child)
    return out


WIDGET_ID = re.compile(r"\$\$ID-[0-9a-f]+")  # Streamlit's widget ids are hex hashes: 18 digits in a row happen


def _dump(at: AppTest) -> str:
    """Every element's proto as text (dataframes are Arrow bytes, printed with their digits), without
    Streamlit's own widget ids."""
    return WIDGET_ID.sub("$$ID", "\n".join(str(p) for p in _protos(at._tree)))


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The bytes of every download button the pages render."""
    seen: list[bytes] = []
    original = st.download_button

    def spy(label, data=None, *args, **kwargs):
        value = data() if callable(data) else data
        seen.append(value.encode() if isinstance(value, str) else bytes(value or b""))
        return original(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", spy)
    return seen


def _markdown_bodies(at: AppTest) -> list[tuple[str, bool]]:
    out = []
    for proto in _protos(at._tree):
        if proto.DESCRIPTOR.name == "Markdown":
            out.append((proto.body, proto.allow_html))
    return out


def _check_literal(at: AppTest) -> None:
    """The attack strings are shown as text: escaped in Markdown, never in HTML-allowed Markdown."""
    for body, allow_html in _markdown_bodies(at):
        if "onerror" in body or "javascript:" in body:
            assert not allow_html, body
            assert "<img" not in body.replace("\\<img", ""), body  # escaped as \<img
            assert "](javascript:" not in body.replace("\\](javascript:", "").replace("\\]\\(javascript:", ""), body


def _session(app_env: str):
    from services.accounts.sessions import start_session

    return start_session(make_engine(app_env), username="reca", cookie_exp=time.time() + 3600)


def _seen_by_a(app_env: str) -> list[tuple[str, str]]:
    """Recruiter A on each page, in each state it offers (every vacancy); literal text checked on the way."""
    seen: list[tuple[str, str]] = []

    def look(name: str, at: AppTest) -> None:
        assert not at.exception, (name, [e.value for e in at.exception])
        _check_literal(at)
        seen.append((name, _dump(at)))

    for path in ("vacancies", "employer", "account", "candidates", "pipeline", "booth"):
        at = open_staff_page(app_env, path, principal=_session(app_env))
        look(path, at)
        for key in ("candidates_vacancy", "pl_vacancy"):
            boxes = [s for s in at.selectbox if s.key == key]
            for option in boxes[0].options[1:] if boxes else []:
                at.selectbox(key=key).select(option).run()
                look(f"{path}:{option}", at)
    return seen


def test_recruiter_a_never_sees_b_or_id_numbers_and_text_stays_literal(app_env, world: World, downloads) -> None:
    texts = _seen_by_a(app_env)
    for who, code in world.codes.items():  # the booth: A scans all three tickets, B's applicant too
        at = open_staff_page(app_env, "booth", principal=_session(app_env))
        at.text_input(key="booth_code").input(code)
        next(b for b in at.button if b.label == "查看求职者").click().run()
        assert not at.exception, [e.value for e in at.exception]
        dump = _dump(at)
        texts.append((f"booth:{who}", dump))
        _check_literal(at)
        if who == "s3":  # scanned, but applied only to B: the card shows no phone
            assert world.phones["s3"] not in dump and "李秘密" in dump
        if who == "s1":
            assert world.phones["s1"] in dump  # applied to A: A may call

    blob = "\n".join(t for _, t in texts) + "\n" + "\n".join(d.decode("utf-8", "replace") for d in downloads)
    for serial in (11, 12):  # a company's credit code is public and looks like an ID number: not what we look for
        blob = blob.replace(make_credit_code("441900", serial), "<credit code>")
    assert not FULL_ID.search(blob), FULL_ID.search(blob)
    assert not MASKED_ID.search(blob), MASKED_ID.search(blob)
    for masked in world.masked_ids.values():
        assert masked not in blob
    assert SECRET_TITLE not in blob  # B's vacancy
    assert world.phones["s3"] not in blob  # B's applicant's phone
    assert "乙服装公司" not in blob
    assert "\\\\<img src\\\\=x onerror" in blob or "\\<img src\\=x onerror" in blob  # sanity: shown, escaped
    assert world.phones["s2"] in blob  # sanity: the hired applicant's phone is there for A (pipeline)


def test_public_job_board_shows_titles_literally(app_env, world: World) -> None:
    at = open_page("jobs")
    _check_literal(at)
    assert IMG in _dump(at) or "\\<img" in _dump(at)
    at = open_page("jobs", vacancy=str(world.a_vacancies[1]))
    _check_literal(at)
    assert "javascript" in _dump(at)
