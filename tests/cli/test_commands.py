"""The operators' command line: expected failures are one translated line and exit status 1, no
traceback; printed links use PORTAL_BASE_URL and warn while it is the default. Both backends."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from services.cli.commands import main
from services.core.settings import get_settings
from services.places.sources import create_fair, list_fairs
from tests.conftest import TEST_SECRET

ROOT = Path(__file__).resolve().parents[2]
CODE_TAKEN_ZH = "这个代码已被其他招聘会或登记点使用，请换一个。"


@pytest.fixture
def cli(engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[dict[str, str]]:
    """The CLI's environment pointed at the test database (Chinese, the default address)."""
    env = {"DATABASE_URL": engine.url.render_as_string(hide_password=False), "PORTAL_SECRET_KEY": TEST_SECRET,
           "PORTAL_DATA_DIR": str(tmp_path / "data")}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    for key in ("PORTAL_ENV", "PORTAL_BASE_URL", "PORTAL_LANGUAGE"):
        monkeypatch.delenv(key, raising=False)
    get_settings.cache_clear()
    yield env
    get_settings.cache_clear()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], list[str]]:
    get_settings.cache_clear()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def test_code_already_taken_is_one_chinese_line(engine, cli, capsys) -> None:
    create_fair(engine, name="先来的", code="SPRING26")
    code, out, err = _run(capsys, "create-fair", "--name", "后来的", "--code", "spring26")
    assert code == 1 and out == []
    assert err == [f"--code: {CODE_TAKEN_ZH}"]


def test_missing_and_unknown_township(engine, cli, capsys) -> None:
    code, _out, err = _run(capsys, "create-site", "--name", "幸福社区安置点")
    assert code == 1 and err == ["--township: 请选择乡镇。"], err
    code, _out, err = _run(capsys, "create-fair", "--name", "春风行动", "--township", "火星乡")
    assert code == 1 and err == ["--township: 这个乡镇不在本县。"], err
    code, _out, err = _run(capsys, "create-site", "--name", "幸福社区安置点", "--township", "火星乡")
    assert code == 1 and len(err) == 1 and "--township" in err[0]
    assert _fairs(engine) == []


def _fairs(engine: Engine) -> list:
    from services.core.db import unit_of_work

    with unit_of_work(engine, write=False) as session:
        return list_fairs(session)


def test_bad_date_in_english(engine, cli, capsys, monkeypatch) -> None:
    monkeypatch.setenv("PORTAL_LANGUAGE", "en")
    code, out, err = _run(capsys, "create-fair", "--name", "Spring", "--starts-on", "2026-13-01")
    assert code == 1 and out == []
    assert err == ["--starts-on: Not a date: 2026-13-01. Write it like 2026-03-05."]
    assert _fairs(engine) == []


def test_unknown_employer(engine, cli, capsys, monkeypatch) -> None:
    monkeypatch.setenv("PORTAL_LANGUAGE", "en")
    monkeypatch.setenv("PORTAL_NEW_PASSWORD", "a long enough password 1")
    code, _out, err = _run(capsys, "create-staff", "--username", "wang", "--name", "王", "--role", "recruiter",
                           "--employer-id", "999")
    assert code == 1 and err == ["There is no company with the number 999 (see the Employers page)."]
    code, _out, err = _run(capsys, "create-staff", "--username", "wang", "--name", "王", "--role", "recruiter")
    assert code == 1 and err == ["A recruiter acts for a company: give --employer-id (see the Employers page)."]


def test_links_use_the_base_url_and_warn_on_the_default(engine, cli, capsys, monkeypatch) -> None:
    code, out, err = _run(capsys, "create-fair", "--name", "春风行动", "--code", "CFXD", "--starts-on", "2026-03-05")
    assert code == 0 and out[-1] == "http://localhost:8501/register?fair=CFXD"
    assert out[0] == "招聘会 CFXD：春风行动"  # in the portal's language (Chinese by default)
    assert len(err) == 1 and "http://localhost:8501" in err[0] and "PORTAL_BASE_URL" in err[0]
    monkeypatch.setenv("PORTAL_BASE_URL", "https://jobs.example.cn/")
    code, out, err = _run(capsys, "create-site", "--name", "幸福社区安置点", "--code", "XINGFU",
                          "--township", "城关镇")
    assert code == 0 and out[-1] == "https://jobs.example.cn/register?site=XINGFU" and err == []
    code, out, err = _run(capsys, "sources")
    assert code == 0 and err == []
    assert out[0].split() == ["招聘会", "CFXD", "已结束", "春风行动", "https://jobs.example.cn/register?fair=CFXD"]
    assert out[1].split() == ["登记点", "XINGFU", "启用", "幸福社区安置点", "https://jobs.example.cn/register?site=XINGFU"]
    monkeypatch.setenv("PORTAL_LANGUAGE", "en")
    code, out, err = _run(capsys, "sources")
    assert out[0].startswith("Job fair  CFXD") and "Closed" in out[0]
    assert out[1].startswith("Registration point  XINGFU")
    assert _fairs(engine)[0].starts_on == date(2026, 3, 5)


def test_no_traceback_from_the_real_command(engine, cli) -> None:
    create_fair(engine, name="先来的", code="SPRING26")
    done = subprocess.run([sys.executable, "-m", "services.cli", "create-fair", "--name", "x", "--code", "SPRING26"],
                          cwd=ROOT, env={**os.environ, **cli}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip() == f"--code: {CODE_TAKEN_ZH}" and "Traceback" not in done.stderr


def test_township_and_workstation_staff(engine, cli, capsys, monkeypatch) -> None:
    """Issue 13: township staff need one of the county's townships, workstation staff a city."""
    from sqlmodel import select

    from models import StaffUser
    from services.core.db import unit_of_work

    monkeypatch.setenv("PORTAL_LANGUAGE", "en")
    monkeypatch.setenv("PORTAL_NEW_PASSWORD", "a long enough password 1")
    code, _out, err = _run(capsys, "create-staff", "--username", "liu", "--name", "刘", "--role", "township")
    assert code == 1 and "township" in err[0]
    code, _out, err = _run(capsys, "create-staff", "--username", "liu", "--name", "刘", "--role", "township",
                           "--township", "大河乡")
    assert code == 0, err
    code, _out, err = _run(capsys, "create-staff", "--username", "chen", "--name", "陈", "--role", "workstation",
                           "--city", "东莞市")
    assert code == 0, err
    with unit_of_work(engine, write=False) as session:
        made = {u.username: (u.role, u.township, u.city) for u in session.exec(select(StaffUser))}
    assert made == {"liu": ("township", "大河乡", None), "chen": ("workstation", None, "东莞市")}
