"""The client's address in a real server: the peer is read from the websocket's socket (Streamlit hides a
loopback peer and its server, uvicorn, replaces a loopback peer by X-Forwarded-For on its own), and
X-Forwarded-For counts only when the peer is a trusted proxy. Guards the runtime internals
`components.auth.connection` reads against a Streamlit or uvicorn upgrade."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import _require_chromium, serve_app

pytestmark = pytest.mark.browser

DEMO = Path(__file__).with_name("client_address_demo.py")
SPOOFED = "203.0.113.9"


@pytest.mark.parametrize(("trusted", "client"), [("", "127.0.0.1"), ("127.0.0.1/32", SPOOFED)])
def test_forwarded_for_counts_only_from_a_trusted_proxy(page, tmp_path: Path, artifacts_dir: Path,
                                                        trusted: str, client: str) -> None:
    _require_chromium()
    with serve_app(f"sqlite:///{tmp_path / 'unused.db'}", tmp_path, artifacts_dir, "client_address",
                   script=str(DEMO), env={"PORTAL_TRUSTED_PROXIES": trusted}) as server:
        page.set_extra_http_headers({"X-Forwarded-For": SPOOFED})  # the browser stands for the proxy
        page.goto(server.url("/"), wait_until="domcontentloaded")
        line = page.get_by_text("peer=", exact=False)
        expect(line).to_be_visible(timeout=30_000)
        text = line.inner_text()
        assert text.startswith("peer=127.0.0.1 "), text  # the socket's peer, not uvicorn's rewritten one
        assert f"forwarded={SPOOFED}" in text, text
        assert text.endswith(f"client={client}"), text
        if not trusted:  # the operator is told why every client looks like the proxy
            expect(line).to_be_visible()
            assert "not in PORTAL_TRUSTED_PROXIES" in server.log_tail(200)
