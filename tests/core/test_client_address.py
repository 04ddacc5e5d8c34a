"""The client's address from the peer and X-Forwarded-For: headers believed only from trusted proxies."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.core.client_address import (
    address_key,
    client_address,
    forwarded_for_ignored,
    parse_ip,
    parse_networks,
)

LOCAL_PROXY = parse_networks(["127.0.0.1/32", "::1"])
TWO_PROXIES = parse_networks(["127.0.0.1", "10.0.0.0/8"])

ipv4 = st.ip_addresses(v=4).map(str)
ipv6 = st.ip_addresses(v=6).map(str)
addresses = st.one_of(ipv4, ipv6)
junk = st.text(max_size=80)


def outside(networks):
    return addresses.filter(lambda a: not any(ipaddress.ip_address(a) in n for n in networks
                                              if ipaddress.ip_address(a).version == n.version))


def test_a_direct_client_keeps_its_address_and_loopback_is_an_address() -> None:
    assert client_address("203.0.113.7", [], ()) == "203.0.113.7"
    assert client_address("127.0.0.1", [], ()) == "127.0.0.1"  # never folded into ""
    assert client_address("::1", [], ()) == "::1"
    assert client_address(None, ["203.0.113.7"], LOCAL_PROXY) == ""  # no peer: nothing is believed


def test_behind_the_local_proxy_the_right_most_untrusted_hop_is_the_client() -> None:
    assert client_address("127.0.0.1", ["203.0.113.7"], LOCAL_PROXY) == "203.0.113.7"
    # the client wrote "1.1.1.1" itself; the proxy appended what it saw
    assert client_address("127.0.0.1", ["1.1.1.1, 203.0.113.7"], LOCAL_PROXY) == "203.0.113.7"
    assert client_address("127.0.0.1", ["1.1.1.1", "203.0.113.7"], LOCAL_PROXY) == "203.0.113.7"  # two headers
    assert client_address("127.0.0.1", ["203.0.113.7, 10.1.2.3"], TWO_PROXIES) == "203.0.113.7"  # a chain
    assert client_address("127.0.0.1", ["2001:db8::5"], LOCAL_PROXY) == "2001:db8::5"
    assert client_address("::1", ["[2001:db8::5]:4431"], LOCAL_PROXY) == "2001:db8::5"
    assert client_address("127.0.0.1", ["198.51.100.2:5050"], LOCAL_PROXY) == "198.51.100.2"
    assert client_address("127.0.0.1", [], LOCAL_PROXY) == "127.0.0.1"  # the proxy's own health check
    assert client_address("127.0.0.1", ["127.0.0.1"], LOCAL_PROXY) == "127.0.0.1"
    assert client_address("::ffff:127.0.0.1", ["203.0.113.7"], LOCAL_PROXY) == "203.0.113.7"  # mapped IPv4


def test_garbage_ends_the_chain_at_the_nearest_trusted_hop() -> None:
    assert client_address("127.0.0.1", ["<script>"], LOCAL_PROXY) == "127.0.0.1"
    assert client_address("127.0.0.1", ["203.0.113.7, unknown, 10.0.0.9"], TWO_PROXIES) == "10.0.0.9"


@settings(max_examples=500, deadline=None)
@given(outside(LOCAL_PROXY), st.lists(st.one_of(addresses, junk), max_size=5))
def test_headers_from_an_untrusted_peer_are_ignored(peer: str, headers: list[str]) -> None:
    assert client_address(peer, headers, LOCAL_PROXY) == str(parse_ip(peer))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(addresses, junk), max_size=5), outside(LOCAL_PROXY))
def test_whatever_the_client_wrote_the_proxy_s_entry_wins(spoofed: list[str], real: str) -> None:
    """The proxy appends the address it saw to what the client sent: that one is the client."""
    assert client_address("127.0.0.1", [*spoofed, real], LOCAL_PROXY) == str(parse_ip(real))


@settings(max_examples=500, deadline=None)
@given(st.one_of(addresses, junk), st.lists(st.one_of(addresses, junk), max_size=5))
def test_the_answer_is_always_the_peer_or_an_address_from_the_headers(peer: str, headers: list[str]) -> None:
    found = client_address(peer, headers, TWO_PROXIES)
    if parse_ip(peer) is None:
        assert found == ""
    else:
        hops = {str(parse_ip(h)) for v in headers for h in v.split(",") if parse_ip(h) is not None}
        assert found in hops | {str(parse_ip(peer))}
        assert ipaddress.ip_address(found)  # a real address, never the junk


def test_a_header_is_ignored_only_when_an_untrusted_peer_sent_one() -> None:
    """What the warning about a proxy missing from PORTAL_TRUSTED_PROXIES fires on."""
    assert forwarded_for_ignored("127.0.0.1", ["203.0.113.7"], ())  # a local proxy nobody listed
    assert forwarded_for_ignored("10.0.0.5", ["203.0.113.7, 10.0.0.9"], LOCAL_PROXY)
    assert not forwarded_for_ignored("127.0.0.1", [], ())  # a browser on this machine, a plain local run
    assert not forwarded_for_ignored("127.0.0.1", ["", " , "], ())  # an empty header says nothing
    assert not forwarded_for_ignored(None, ["203.0.113.7"], ())  # no peer known
    # the trusted proxy's header counts, also when the client it names is the proxy's own address
    assert not forwarded_for_ignored("127.0.0.1", ["127.0.0.1"], LOCAL_PROXY)
    assert not forwarded_for_ignored("::ffff:127.0.0.1", ["203.0.113.7"], LOCAL_PROXY)


@settings(max_examples=300, deadline=None)
@given(st.one_of(addresses, junk), st.lists(st.one_of(addresses, junk), max_size=4))
def test_an_ignored_header_never_changes_the_address(peer: str, headers: list[str]) -> None:
    """Ignored means so: the address is the peer's, as if no header had been sent."""
    if forwarded_for_ignored(peer, headers, LOCAL_PROXY):
        assert client_address(peer, headers, LOCAL_PROXY) == client_address(peer, [], LOCAL_PROXY)


@settings(max_examples=1000, deadline=None)
@given(ipv6)
def test_ipv6_clients_are_counted_by_their_64(address: str) -> None:
    key = address_key(address)
    net = ipaddress.ip_network(key)
    ip = parse_ip(address)
    if ip.version == 6:
        assert net.prefixlen == 64 and ip in net
    else:  # an IPv4-mapped address counts as the IPv4 address
        assert key == str(ip)
    assert address_key(key) == key  # a key stays a key


def test_address_keys() -> None:
    assert address_key("203.0.113.7") == "203.0.113.7"
    assert address_key("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64"
    assert address_key("") == ""


def test_bad_proxy_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="bogus"):
        parse_networks(["127.0.0.1", "bogus"])
    assert parse_networks(["", " 10.0.0.0/8 "]) == (ipaddress.ip_network("10.0.0.0/8"),)


def test_the_setting_reads_a_list(monkeypatch) -> None:
    from services.core.settings import Settings

    monkeypatch.setenv("PORTAL_TRUSTED_PROXIES", "127.0.0.1/32, ::1")
    assert Settings().trusted_proxy_networks == LOCAL_PROXY
    monkeypatch.setenv("PORTAL_TRUSTED_PROXIES", '["10.0.0.0/8"]')
    assert Settings().trusted_proxies == ("10.0.0.0/8",)
    monkeypatch.delenv("PORTAL_TRUSTED_PROXIES")
    assert Settings().trusted_proxies == ()  # default: no header is believed
    monkeypatch.setenv("PORTAL_TRUSTED_PROXIES", "proxy.example")
    with pytest.raises(ValueError, match="proxy.example"):
        Settings()
