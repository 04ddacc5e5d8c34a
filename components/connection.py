"""The browser session's connection as the server saw it: the socket's peer and the X-Forwarded-For header.

Read from Streamlit's and uvicorn's internals (each step guarded); what to believe of it is
`services.core.client_address` (called by `components.auth.client_ip`). tests/browser/test_client_address_browser.py
checks it against a real server, so an upgrade that moves these internals fails there.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from services.core.client_address import IPNetwork, forwarded_for_ignored, parse_ip

LOG = logging.getLogger(__name__)
_warned: set[str] = set()


def warn_untrusted_proxy(peer: str | None, forwarded: Sequence[str], trusted: Sequence[IPNetwork]) -> None:
    """Once per process and peer: a loopback or private peer sent X-Forwarded-For but is not a trusted
    proxy, so every client behind it counts as that one address (limits, audit). Usually a proxy on the
    same machine without PORTAL_TRUSTED_PROXIES. Nothing when no header was sent (a browser on this machine,
    a plain local run) or when the peer is a trusted proxy (services.core.client_address.forwarded_for_ignored)."""
    if not forwarded_for_ignored(peer, forwarded, trusted):
        return
    ip = parse_ip(peer)
    if ip is None or str(ip) in _warned or not (ip.is_loopback or ip.is_private):
        return
    _warned.add(str(ip))
    LOG.warning("X-Forwarded-For from %s, which is not in PORTAL_TRUSTED_PROXIES (%s): every client behind "
                "it counts as %s. Behind a proxy on this machine set PORTAL_TRUSTED_PROXIES=127.0.0.1/32.",
                ip, ", ".join(map(str, trusted)) or "empty", ip)


def peer_and_forwarded() -> tuple[str | None, list[str]]:
    """(the connection's peer address, the X-Forwarded-For header values) of this session's websocket.

    `st.context.ip_address` will not do: it hides loopback peers (a proxy on the same machine), and
    Streamlit's server (uvicorn) has already replaced the peer by an X-Forwarded-For address when the peer
    was loopback (uvicorn's own FORWARDED_ALLOW_IPS). So the peer is read from the socket under the
    websocket (`_socket_peer`), and the header from the handshake; each step guarded, as these are
    Streamlit's and uvicorn's internals: without them the peer Streamlit reports is used.
    """
    try:
        from streamlit.runtime.context import _get_client_context

        context = _get_client_context()
        if context is None:
            peer, forwarded = st.context.ip_address, list(st.context.headers.get_all("X-Forwarded-For"))
        else:
            forwarded = [value for name, value in context.headers if str(name).lower() == "x-forwarded-for"]
            peer = _socket_peer() or context.remote_ip
    except Exception:  # another Streamlit, or no browser session (tests, bare runs)
        return None, []
    return (peer if isinstance(peer, str) else None), [v for v in forwarded if isinstance(v, str)]


def _socket_peer() -> str | None:
    """The TCP peer of this session's websocket, from the server protocol's transport (None if not found)."""
    try:
        from streamlit import runtime as st_runtime

        ctx = get_script_run_ctx()
        client = st_runtime.get_instance().get_client(ctx.session_id) if ctx is not None else None
        websocket = getattr(client, "_websocket", None)
        found = _find_transport(getattr(websocket, "_receive", None), depth=4)
        peer = found.get_extra_info("peername") if found is not None else None
    except Exception:  # internals changed: the caller falls back to what Streamlit reports
        return None
    if isinstance(peer, tuple | list) and peer and isinstance(peer[0], str):
        return peer[0]
    return None


def _find_transport(fn: object, depth: int) -> Any:
    """The asyncio transport behind an ASGI `receive` callable: the server protocol's bound method,
    possibly wrapped by middleware (partials, closures)."""
    if fn is None or depth < 0:
        return None
    owner = getattr(fn, "__self__", None)
    transport = getattr(owner, "transport", None)
    if transport is not None and hasattr(transport, "get_extra_info"):
        return transport
    inner = [getattr(fn, "func", None), getattr(fn, "__wrapped__", None)]
    inner += [cell.cell_contents for cell in getattr(fn, "__closure__", None) or () if callable(cell.cell_contents)]
    for candidate in inner:
        found = _find_transport(candidate, depth - 1)
        if found is not None:
            return found
    return None
