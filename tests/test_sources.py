"""Fairs and sites named in QR links."""

from __future__ import annotations

from datetime import UTC, date

import pytest

from services.sources import create_fair, create_site, registration_url, resolve_source

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
    with pytest.raises(ValueError):
        create_fair(engine, name="bad", code="has space")


def test_registration_urls() -> None:
    assert registration_url("https://jobs.example.cn/", fair_code="SPRING26") == \
        "https://jobs.example.cn/register?fair=SPRING26"
    assert registration_url("http://x", site_code="XINGFU") == "http://x/register?site=XINGFU"


def test_today_is_chinas_date_not_the_servers(engine, monkeypatch) -> None:
    """At 01:00 in China (17:00 UTC the day before) a fair that ended yesterday in China is over."""
    from datetime import datetime

    import services.clock as clock

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):  # noqa: ANN001, ANN206
            return datetime(2026, 11, 22, 17, 0, tzinfo=UTC).astimezone(tz)

    monkeypatch.setattr(clock, "datetime", Clock)
    assert clock.local_today() == date(2026, 11, 23)
    create_fair(engine, name="昨天的招聘会", code="YDAY", ends_on=date(2026, 11, 22))
    assert "ended" in resolve_source(engine, fair_code="YDAY").problem
