"""HAProxy in front of two processes, over plain HTTP: stickiness, limits, headers, compression, caching.

config/haproxy.cfg.in is the configuration under test, rendered by scripts/cluster.py."""

from __future__ import annotations

import gzip
import http.client
import re
import tomllib
from collections import Counter
from urllib.parse import urlsplit

import pytest

from scripts.cluster import ROOT, Cluster, render_haproxy, upload_limit_mb
from services.core.settings import Settings

pytestmark = pytest.mark.deploy


def get(url: str, path: str, headers: dict[str, str] | None = None, method: str = "GET",
        body: bytes | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.headers, resp.read()
    finally:
        conn.close()


def srv_cookie(headers: http.client.HTTPMessage) -> str:
    [cookie] = [c for c in headers.get_all("Set-Cookie") or [] if c.startswith("SRV=")]
    return cookie


def test_page_headers(cluster: Cluster) -> None:
    status, headers, body = get(cluster.url, "/register?fair=SPRING26")
    assert status == 200 and b"<html" in body.lower()
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Cache-Control"] == "no-store"
    assert headers.get("Server") is None
    assert headers.get("Strict-Transport-Security") is None  # plain HTTP: no HSTS
    cookie = srv_cookie(headers)
    assert re.match(r"SRV=app[12];", cookie) and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_metrics_are_not_served_through_the_proxy(cluster: Cluster) -> None:
    assert get(cluster.url, "/_stcore/metrics")[0] == 403
    assert get(cluster.processes[0].url, "/_stcore/metrics")[0] == 200  # the machine itself may read them


def test_static_javascript_is_gzipped_and_cached_for_a_year(cluster: Cluster) -> None:
    body = get(cluster.url, "/register")[2].decode()
    scripts = re.findall(r'src="\.?/?(static/js/[^"]+\.js)"', body)
    assert scripts, body[:500]
    status, headers, raw = get(cluster.url, "/" + scripts[0], {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    direct = get(cluster.processes[0].url, "/" + scripts[0])[2]
    assert gzip.decompress(raw) == direct
    assert len(raw) < len(direct) / 2, (len(raw), len(direct))


def test_each_session_stays_on_its_process(cluster: Cluster) -> None:
    # new visitors (no cookie) are spread over both processes ...
    first = [get(cluster.url, "/_stcore/health")[1] for _ in range(10)]
    served = Counter(h["X-Served-By"] for h in first)
    assert set(served) == {"app1", "app2"}, served
    # ... and every later request of one visitor goes where its SRV cookie says
    for headers in first[:4]:
        cookie = srv_cookie(headers).split(";", 1)[0]
        answers = {get(cluster.url, "/_stcore/health", {"Cookie": cookie})[1]["X-Served-By"] for _ in range(8)}
        assert answers == {headers["X-Served-By"]}, (cookie, answers)


def test_an_oversize_upload_is_refused_before_it_is_read(cluster: Cluster) -> None:
    limit = upload_limit_mb() * 1024 * 1024
    parts = urlsplit(cluster.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:  # only the headers are sent: the proxy answers from the announced length
        conn.putrequest("PUT", "/_stcore/upload_file/session/file")
        conn.putheader("Content-Type", "multipart/form-data; boundary=x")
        conn.putheader("Content-Length", str(limit + 1024 * 1024))
        conn.endheaders()
        resp = conn.getresponse()
        text = resp.read().decode()
    finally:
        conn.close()
    assert resp.status == 413
    assert f"the limit is {upload_limit_mb()} MB" in text and "文件太大" in text


def test_one_upload_limit_everywhere() -> None:
    """Streamlit's maxUploadSize (the one place the number is said), the imports' limit and the proxy's."""
    with (ROOT / ".streamlit" / "config.toml").open("rb") as fh:
        config = tomllib.load(fh)
    mb = config["server"]["maxUploadSize"]
    assert Settings().import_max_bytes == mb * 1024 * 1024
    rendered = render_haproxy([("app1", "127.0.0.1:1")], port=1)
    [limit] = re.findall(r"req.hdr_val\(content-length\) gt (\d+)", rendered)
    assert mb * 1024 * 1024 < int(limit) <= mb * 1024 * 1024 + 64 * 1024
    # and the rest of the production settings
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableCORS"] is True
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["fileWatcherType"] == "none"


def test_tls_turns_on_hsts_secure_cookie_and_the_redirect() -> None:
    plain = render_haproxy([("app1", "127.0.0.1:1")], port=80)
    assert "Strict-Transport-Security" not in plain and " secure" not in plain
    tls = render_haproxy([("app1", "127.0.0.1:1")], port=80, tls_cert="/etc/haproxy/portal.pem")
    assert "bind :443 ssl crt /etc/haproxy/portal.pem" in tls
    assert "Strict-Transport-Security" in tls and "redirect scheme https" in tls
    assert re.search(r"cookie SRV insert indirect nocache httponly .* secure", tls)


def test_pools_that_do_not_fit_are_refused() -> None:
    cluster = Cluster(processes=12, database="sqlite", env={"PORTAL_DB_POOL_SIZE": "5", "PORTAL_DB_MAX_OVERFLOW": "5"})
    cluster.check_pool(200)
    with pytest.raises(RuntimeError, match="max_connections 100"):
        cluster.check_pool(100)
    cluster.stop()
