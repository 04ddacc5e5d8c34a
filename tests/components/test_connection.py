"""The warning about a proxy missing from PORTAL_TRUSTED_PROXIES: only when a header was actually sent."""

from __future__ import annotations

import logging

import pytest

from components import connection
from services.core.client_address import parse_networks

WARNING = "not in PORTAL_TRUSTED_PROXIES"
LOCAL_PROXY = parse_networks(["127.0.0.1/32"])


@pytest.fixture(autouse=True)
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connection, "_warned", set())


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if WARNING in r.getMessage()]


@pytest.mark.parametrize(("peer", "forwarded", "trusted"), [
    ("127.0.0.1", [], ()),  # a browser on this machine, a plain local run: no header
    ("127.0.0.1", [""], ()),  # an empty header
    ("::1", [], ()),
    ("127.0.0.1", ["127.0.0.1"], LOCAL_PROXY),  # a loopback client behind the trusted local proxy
    ("127.0.0.1", ["203.0.113.7"], LOCAL_PROXY),  # the documented setting
    ("114.114.114.114", ["198.51.100.1"], ()),  # a public peer's header: ignored, but no proxy of ours
    (None, ["198.51.100.1"], ()),  # no peer known (tests, bare runs)
])
def test_no_warning_without_an_ignored_header_from_a_local_peer(caplog, peer, forwarded, trusted) -> None:
    with caplog.at_level(logging.WARNING, logger=connection.LOG.name):
        connection.warn_untrusted_proxy(peer, forwarded, trusted)
    assert warnings(caplog) == []


def test_a_local_proxy_missing_from_the_setting_is_named_once(caplog) -> None:
    with caplog.at_level(logging.WARNING, logger=connection.LOG.name):
        for _ in range(3):
            connection.warn_untrusted_proxy("127.0.0.1", ["203.0.113.7"], ())
        connection.warn_untrusted_proxy("10.0.0.5", ["203.0.113.7"], LOCAL_PROXY)
    said = warnings(caplog)
    assert len(said) == 2, said
    assert said[0].startswith("X-Forwarded-For from 127.0.0.1, which is not in PORTAL_TRUSTED_PROXIES (empty)")
    assert "PORTAL_TRUSTED_PROXIES=127.0.0.1/32" in said[0]
    assert said[1].startswith("X-Forwarded-For from 10.0.0.5, which is not in PORTAL_TRUSTED_PROXIES (127.0.0.1/32)")
