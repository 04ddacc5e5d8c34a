"""The client's address, from the connection's peer and X-Forwarded-For: the rule, without Streamlit.

`X-Forwarded-For` is believed only when the immediate peer is one of the configured trusted proxies
(`PORTAL_TRUSTED_PROXIES`, empty by default: then every header is ignored and the peer is the client).
Behind trusted proxies the client is the right-most address of the chain that is not itself a trusted
proxy: each proxy appends the address it saw, so what stands left of that was written by the client and
may be invented. A direct client keeps its own address. An unreadable entry met while walking the chain
ends it at the nearest trusted hop (never taken as an address). Loopback peers are addresses like any
other (they are not folded into "").

`address_key` is what limits count by: an IPv4 address as it is, an IPv6 address by its /64 (one
household or phone usually holds a whole /64, and could otherwise change address at every try).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(items: Iterable[str]) -> tuple[IPNetwork, ...]:
    """Trusted proxies as networks ("127.0.0.1", "10.0.0.0/8", "::1"); ValueError names a bad entry."""
    networks = []
    for item in items:
        text = item.strip()
        if not text:
            continue
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
        except ValueError:
            raise ValueError(f"not an address or network: {text!r}") from None
    return tuple(networks)


def parse_ip(text: str | None) -> IPAddress | None:
    """An address as a proxy or a socket writes it ("1.2.3.4", "1.2.3.4:5678", "::1", "[::1]:80",
    "fe80::1%eth0", an IPv4-mapped IPv6 address as IPv4); None for anything else."""
    if not isinstance(text, str):
        return None
    text = text.strip().strip('"')
    if not text or len(text) > 64:
        return None
    if text.startswith("["):
        end = text.find("]")
        if end < 0 or (text[end + 1:] and not text[end + 1:].startswith(":")):
            return None
        text = text[1:end]
    elif text.count(":") == 1:  # IPv4 with a port
        text = text.split(":", 1)[0]
    text = text.split("%", 1)[0]  # an IPv6 zone
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def _trusted(ip: IPAddress, trusted: Sequence[IPNetwork]) -> bool:
    return any(ip.version == net.version and ip in net for net in trusted)


def client_address(peer: str | None, forwarded_for: Iterable[str], trusted: Sequence[IPNetwork]) -> str:
    """The client's address ("" only when the peer itself is unknown), from the connection's peer, the
    X-Forwarded-For header values in the order received, and the trusted proxies."""
    peer_ip = parse_ip(peer)
    if peer_ip is None:
        return ""
    if not _trusted(peer_ip, trusted):
        return str(peer_ip)
    hops = [hop for value in forwarded_for for hop in value.split(",") if hop.strip()]
    nearest = peer_ip
    for hop in reversed(hops):
        ip = parse_ip(hop)
        if ip is None:
            break
        if not _trusted(ip, trusted):
            return str(ip)
        nearest = ip
    return str(nearest)


def forwarded_for_ignored(peer: str | None, forwarded_for: Iterable[str], trusted: Sequence[IPNetwork]) -> bool:
    """Whether a peer that is not a trusted proxy sent an X-Forwarded-For with something in it (ignored by
    `client_address`): False for a peer that sent none (a browser on this machine, a plain local run), an
    empty one, or a trusted proxy (whose header counts, even when the client it names is the proxy's own
    address)."""
    peer_ip = parse_ip(peer)
    if peer_ip is None or _trusted(peer_ip, trusted):
        return False
    return any(hop.strip() for value in forwarded_for for hop in value.split(","))


def address_key(address: str) -> str:
    """What the limits count by: an IPv4 address itself, an IPv6 address's /64 ("" stays "")."""
    ip = parse_ip(address)
    if ip is None:
        return address.strip()[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((int(ip) >> 64 << 64, 64)))
    return str(ip)
