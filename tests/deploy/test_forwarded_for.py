"""What the proxy tells the app about the client's address: HAProxy (config/haproxy.cfg.in) in front of a
backend that echoes the request's X-Forwarded-For, so the header is checked exactly as an app process gets
it, without Streamlit. A client cannot make the portal believe another address by sending the header itself:
the proxy drops it and adds the address it saw, and the portal (PORTAL_TRUSTED_PROXIES=127.0.0.1/32, the
documented setting) takes that one."""

from __future__ import annotations

import http.client
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from scripts.cluster import HAPROXY, render_haproxy
from scripts.deploy.processes import free_port, healthy, terminate, wait_for
from services.core.client_address import client_address, parse_networks

pytestmark = pytest.mark.deploy

DOCUMENTED = parse_networks(["127.0.0.1/32"])  # README "Deploying for a county"
CLIENT = "127.0.0.23"  # a client on another loopback address, so it differs from the proxy's 127.0.0.1
SPOOFED = "203.0.113.9"


class Echo(BaseHTTPRequestHandler):
    """Answers the health check with "ok" and anything else with the peer and the X-Forwarded-For lines."""

    def do_GET(self) -> None:
        if self.path == "/_stcore/health":
            body = b"ok"
        else:
            body = json.dumps({"peer": self.client_address[0],
                               "forwarded": self.headers.get_all("X-Forwarded-For") or []}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not (shutil.which("haproxy") or Path(HAPROXY).exists()):
        pytest.skip("haproxy not found: apt-get install haproxy")
    backend = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=backend.serve_forever, daemon=True).start()
    port = free_port()
    cfg = tmp_path_factory.mktemp("xff") / "haproxy.cfg"
    cfg.write_text(render_haproxy([("app1", f"127.0.0.1:{backend.server_address[1]}")], port=port,
                                  bind_host="127.0.0.1"))
    proc = subprocess.Popen([HAPROXY, "-db", "-f", str(cfg)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for("haproxy", lambda: healthy(url), timeout=60)
        yield url
    finally:
        terminate(proc.pid)
        proc.wait(timeout=30)
        backend.shutdown()


def seen_by_app(url: str, headers: list[tuple[str, str]], source: str = CLIENT) -> dict:
    """What the backend got for a request from `source` carrying `headers` (repeats allowed)."""
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60, source_address=(source, 0))
    try:
        conn.putrequest("GET", "/echo")
        for name, value in headers:
            conn.putheader(name, value)
        conn.endheaders()
        response = conn.getresponse()
        assert response.status == 200
        return json.loads(response.read())
    finally:
        conn.close()


def test_the_proxy_says_the_address_it_saw(proxy: str) -> None:
    got = seen_by_app(proxy, [])
    assert got == {"peer": "127.0.0.1", "forwarded": [CLIENT]}
    assert client_address(got["peer"], got["forwarded"], DOCUMENTED) == CLIENT


@pytest.mark.parametrize("sent", [
    [("X-Forwarded-For", SPOOFED)],
    [("X-Forwarded-For", f"{SPOOFED}, 198.51.100.7")],
    [("X-Forwarded-For", SPOOFED), ("x-forwarded-for", "198.51.100.7")],  # two lines, any case
    [("X-Forwarded-For", "127.0.0.1")],  # pretending to be the proxy itself
])
def test_a_client_cannot_spoof_its_address(proxy: str, sent: list[tuple[str, str]]) -> None:
    got = seen_by_app(proxy, sent)
    assert got["forwarded"] == [CLIENT], got  # what the client wrote never reaches the app
    assert client_address(got["peer"], got["forwarded"], DOCUMENTED) == CLIENT


def test_a_client_on_the_proxy_s_own_address_cannot_spoof_either(proxy: str) -> None:
    """A client at 127.0.0.1 is itself in PORTAL_TRUSTED_PROXIES: were its header passed on, the portal would
    walk past it to the invented address. The proxy drops it, so the client stays 127.0.0.1."""
    got = seen_by_app(proxy, [("X-Forwarded-For", SPOOFED)], source="127.0.0.1")
    assert got["forwarded"] == ["127.0.0.1"], got
    assert client_address(got["peer"], got["forwarded"], DOCUMENTED) == "127.0.0.1"
