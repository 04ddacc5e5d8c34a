"""Fairs and sites named in QR links."""

from __future__ import annotations

from datetime import UTC, date

import pytest

from services.core.db import unit_of_work
from services.core.errors import FieldErrors
from services.core.i18n import translate
from services.places import forms
from services.places.sources import (
    CODE_INVALID,
    CODE_TAKEN,
    DATES_REVERSED,
    KIND_INVALID,
    NAME_MISSING,
    NOT_FOUND,
    STATUS_INVALID,
    TOO_LONG,
    TOWNSHIP_MISSING,
    TOWNSHIP_UNKNOWN,
    all_fairs,
    create_fair,
    create_site,
    list_fairs,
    list_sites,
    registration_url,
    resolve_source,
    set_fair_status,
    set_site_active,
    update_fair,
    update_site,
)

TODAY = date(2026, 11, 23)


def test_known_open_fair(engine) -> None:
    fair = create_fair(engine, name="春风行动招聘会", code="SPRING26", township="城关镇")
    lookup = resolve_source(engine, fair_code=" spring26 ", today=TODAY)
    assert lookup.problem is None
    assert (lookup.source.kind, lookup.source.fair_id, lookup.source.name) == ("fair", fair.id, "春风行动招聘会")


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [({"status": "closed"}, "ended"), ({"ends_on": date(2026, 11, 22)}, "ended")],
)
def test_closed_fair_falls_back_to_direct(engine, kwargs, problem) -> None:
    create_fair(engine, name="旧招聘会", code="OLD", **kwargs)
    lookup = resolve_source(engine, fair_code="OLD", today=TODAY)
    assert lookup.source.kind == "direct" and problem in lookup.problem


def test_unknown_codes(engine) -> None:
    assert "not for a job fair" in resolve_source(engine, fair_code="NOPE").problem
    assert "not for a registration point" in resolve_source(engine, site_code="NOPE").problem
    assert resolve_source(engine).source.kind == "direct" and resolve_source(engine).problem is None


def test_sites(engine) -> None:
    site = create_site(engine, name="幸福社区安置点", code="XINGFU", township="新街镇")
    lookup = resolve_source(engine, site_code="xingfu")
    assert (lookup.source.kind, lookup.source.site_id, lookup.source.township) == ("site", site.id, "新街镇")


def test_generated_codes_are_unique_and_valid(engine) -> None:
    codes = {create_fair(engine, name=f"fair {i}").code for i in range(20)}
    assert len(codes) == 20 and all(c.startswith("F") for c in codes)
    with pytest.raises(FieldErrors):
        create_fair(engine, name="bad", code="has space")


def test_registration_urls() -> None:
    assert registration_url("https://jobs.example.cn/", fair_code="SPRING26") == \
        "https://jobs.example.cn/register?fair=SPRING26"
    assert registration_url("http://x", site_code="XINGFU") == "http://x/register?site=XINGFU"


def test_today_is_chinas_date_not_the_servers(engine, monkeypatch) -> None:
    """At 01:00 in China (17:00 UTC the day before) a fair that ended yesterday in China is over."""
    from datetime import datetime

    import services.core.clock as clock

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 11, 22, 17, 0, tzinfo=UTC).astimezone(tz)

    monkeypatch.setattr(clock, "datetime", Clock)
    assert clock.local_today() == date(2026, 11, 23)
    create_fair(engine, name="昨天的招聘会", code="YDAY", ends_on=date(2026, 11, 22))
    assert "ended" in resolve_source(engine, fair_code="YDAY").problem


# --- creating and editing (the fairs page) ---------------------------------------------------------



def _errors(call, *args, **kwargs) -> dict[str, str]:
    with pytest.raises(FieldErrors) as caught:
        call(*args, **kwargs)
    for message in caught.value.errors.values():  # every refusal can be shown in Chinese
        assert translate("zh_CN", message) != message, message
    return caught.value.errors


def test_fair_fields_are_checked_all_at_once(engine, county) -> None:
    errors = _errors(create_fair, engine, name="  ", code="x", venue="场" * 201, campaign="春" * 81,
                     township="外县镇", starts_on=date(2026, 3, 7), ends_on=date(2026, 3, 5), status="maybe",
                     county=county)
    assert errors == {"name": NAME_MISSING, "code": CODE_INVALID, "venue": TOO_LONG, "campaign": TOO_LONG,
                      "township": TOWNSHIP_UNKNOWN, "ends_on": DATES_REVERSED, "status": STATUS_INVALID}
    with unit_of_work(engine, write=False) as session:
        assert list_fairs(session) == []


def test_fair_fields_are_cleaned(engine, county) -> None:
    fair = create_fair(engine, name=" 2026年春风行动招聘会 ", code=" spring26 ", venue=" 县体育馆 ",
                       campaign=" 春风行动 ", township="", starts_on=date(2026, 3, 5), ends_on=date(2026, 3, 5),
                       status="planned", county=county)
    assert (fair.code, fair.name, fair.venue, fair.campaign, fair.township, fair.status) == \
        ("SPRING26", "2026年春风行动招聘会", "县体育馆", "春风行动", "", "planned")  # "" = the whole county


def test_site_fields_are_checked(engine, county) -> None:
    assert _errors(create_site, engine, name="安置点", kind="camp", county=county) == \
        {"kind": KIND_INVALID, "township": TOWNSHIP_MISSING}
    # without a county (the CLI, older callers) the township stays free text
    assert create_site(engine, name="安置点", code="S-FREE").township == ""


@pytest.mark.parametrize("first", ["fair", "site"])
def test_a_code_in_use_is_refused_with_a_message(engine, first) -> None:
    make = create_fair if first == "fair" else create_site
    make(engine, name="先来的", code="SPRING26")
    assert _errors(create_fair, engine, name="后来的", code="spring26") == {"code": CODE_TAKEN}
    assert _errors(create_site, engine, name="后来的", code="SPRING26") == {"code": CODE_TAKEN}
    with unit_of_work(engine, write=False) as session:
        assert len(list_fairs(session)) + len(list_sites(session)) == 1


def test_a_code_saved_at_the_same_moment_is_refused_too(engine, monkeypatch) -> None:
    create_fair(engine, name="先来的", code="SPRING26")
    monkeypatch.setattr(forms, "code_taken", lambda _session, _code: False)  # the other save was not seen
    assert _errors(create_fair, engine, name="后来的", code="SPRING26") == {"code": CODE_TAKEN}
    fair = create_fair(engine, name="还能保存", code="SPRING27")  # the session is usable afterwards
    assert fair.id is not None


def test_generated_codes_skip_codes_in_use(engine, monkeypatch) -> None:
    create_site(engine, name="占用", code="FAAAAA")
    codes = iter(["FAAAAA", "FBBBBB"])
    monkeypatch.setattr(forms, "new_code", lambda prefix: next(codes))
    assert create_fair(engine, name="自动代码").code == "FBBBBB"


def test_update_fair_keeps_the_code(engine, county) -> None:
    fair = create_fair(engine, name="旧名称", code="SPRING26", township="城关镇")
    updated = update_fair(engine, fair.id, name="新名称", venue="县体育馆", township="新街镇", campaign="金秋招聘月",
                          starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 2), status="planned", county=county)
    assert (updated.id, updated.code, updated.name, updated.township, updated.status) == \
        (fair.id, "SPRING26", "新名称", "新街镇", "planned")
    assert _errors(update_fair, engine, fair.id, name="", county=county) == {"name": NAME_MISSING}
    assert _errors(update_fair, engine, 999_999, name="不存在") == {"name": NOT_FOUND}
    assert resolve_source(engine, fair_code="SPRING26", today=TODAY).source.name == "新名称"


def test_closing_a_fair_and_a_site_stops_their_links(engine, county) -> None:
    fair = create_fair(engine, name="招聘会", code="SPRING26")
    assert set_fair_status(engine, fair.id, "closed").status == "closed"
    assert "ended" in resolve_source(engine, fair_code="SPRING26", today=TODAY).problem
    assert _errors(set_fair_status, engine, fair.id, "paused") == {"status": STATUS_INVALID}

    site = create_site(engine, name="安置点", code="XINGFU", township="新街镇")
    assert set_site_active(engine, site.id, False).active is False
    assert "closed" in resolve_source(engine, site_code="XINGFU").problem
    reopened = update_site(engine, site.id, name="幸福社区安置点", kind="village_point", township="新街镇",
                           active=True, county=county)
    assert (reopened.code, reopened.name, reopened.kind, reopened.active) == \
        ("XINGFU", "幸福社区安置点", "village_point", True)
    assert resolve_source(engine, site_code="XINGFU").problem is None
    assert _errors(update_site, engine, site.id, name="x", township="", county=county) == \
        {"township": TOWNSHIP_MISSING}


def test_all_fairs_latest_first(engine) -> None:
    create_fair(engine, name="早", code="F-EARLY", starts_on=date(2026, 3, 5))
    create_fair(engine, name="晚", code="F-LATE", starts_on=date(2026, 9, 1))
    create_fair(engine, name="未定", code="F-TBD")
    assert [f.code for f in all_fairs(engine)] == ["F-TBD", "F-LATE", "F-EARLY"]
