"""Streamlit's bundle precompressed with gzip -9 (scripts/deploy/static_gz.py) and sent by HAProxy's Lua service
(config/static_gz.lua): the files, the map, the config HAProxy accepts, and what a client gets through the proxy."""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess

import pytest

from scripts.cluster import HAPROXY, Cluster, render_haproxy
from scripts.deploy.static_gz import MAP_NAME, precompress, stamp
from tests.deploy.test_proxy_http import get

pytestmark = pytest.mark.deploy
JS = b"export const words = '" + b"\xe6\xb1\x82\xe8\x81\x8c\xe7\x99\xbb\xe8\xae\xb0 " * 400 + b"';\n"


@pytest.fixture
def static(tmp_path):
    """A small stand-in for streamlit/static: index.html, a script, a stylesheet, a font, an image."""
    root = tmp_path / "static"
    (root / "static" / "js").mkdir(parents=True)
    (root / "static" / "css").mkdir()
    (root / "static" / "media").mkdir()
    (root / "index.html").write_text("<html>index</html>")
    (root / "static" / "js" / "index.Ab12.js").write_bytes(JS)
    (root / "static" / "css" / "index.Cd34.css").write_bytes(b".a{color:red}\n" * 200)
    (root / "static" / "media" / "Font.Ef56.woff2").write_bytes(bytes(range(256)) * 20)
    (root / "static" / "media" / "tiny.svg").write_bytes(b"<svg/>")  # gzip would make it bigger
    return root


def test_precompress_writes_gzip_files_and_the_map(static, tmp_path) -> None:
    dest = tmp_path / "gz"
    map_file = precompress(dest, static)
    assert map_file == dest / MAP_NAME
    lines = map_file.read_text().splitlines()
    assert lines[0] == stamp(static)
    assert lines[1:] == ["/static/css/index.Cd34.css text/css; charset=utf-8",
                         "/static/js/index.Ab12.js text/javascript; charset=utf-8"]
    assert gzip.decompress((dest / "static/js/index.Ab12.js.gz").read_bytes()) == JS
    assert not (dest / "static/media").exists()  # fonts and files gzip does not shrink go to the app servers


def test_precompress_is_done_once_per_release(static, tmp_path) -> None:
    dest = tmp_path / "gz"
    precompress(dest, static)
    (dest / "static/js/index.Ab12.js.gz").write_bytes(b"kept")
    precompress(dest, static)  # the same release: nothing to do
    assert (dest / "static/js/index.Ab12.js.gz").read_bytes() == b"kept"
    (static / "index.html").write_text("<html>another release</html>")
    precompress(dest, static)
    assert gzip.decompress((dest / "static/js/index.Ab12.js.gz").read_bytes()) == JS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gz", "static"]  # no folder left behind


@pytest.mark.skipif(not shutil.which("haproxy") and not shutil.which(HAPROXY), reason="haproxy not installed")
def test_haproxy_accepts_the_config_with_the_lua_service(static, tmp_path) -> None:
    dest = tmp_path / "gz"
    precompress(dest, static)
    cfg = tmp_path / "haproxy.cfg"
    cfg.write_text(render_haproxy([("app1", "127.0.0.1:8601")], port=8080, static_gz=dest))
    text = cfg.read_text()
    assert "lua-load" in text and "use-service lua.static_gz" in text
    checked = subprocess.run([HAPROXY, "-c", "-f", str(cfg)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    plain = render_haproxy([("app1", "127.0.0.1:8601")], port=8080)  # without the folder: as before
    assert "lua-load" not in plain and "use-service" not in plain


def test_the_bundle_comes_gzip_9_from_the_proxy_and_plain_without_gzip(cluster: Cluster) -> None:
    body = get(cluster.url, "/register")[2].decode()
    [script] = re.findall(r'src="\.?/?(static/js/[^"]+\.js)"', body)[:1]
    direct = get(cluster.processes[0].url, "/" + script)[2]
    status, headers, raw = get(cluster.url, "/" + script, {"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert status == 200
    assert (headers["Content-Encoding"], headers["Vary"]) == ("gzip", "Accept-Encoding")
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert gzip.decompress(raw) == direct
    assert len(raw) <= len(gzip.compress(direct, compresslevel=9)) + 64  # gzip -9, not the proxy's libslz
    assert headers["X-Served-By"] == ""  # from the proxy's memory, no app server asked
    status, headers, plain = get(cluster.url, "/" + script)  # a client that takes no gzip: from the app
    assert status == 200 and "Content-Encoding" not in headers and plain == direct
    status, headers, head = get(cluster.url, "/" + script, {"Accept-Encoding": "gzip"}, method="HEAD")
    assert status == 200 and head == b"" and int(headers["Content-Length"]) == len(raw)
    missing = "/static/js/not-a-file.Zz99.js"  # not in the map: the app servers answer, as before
    assert get(cluster.url, missing, {"Accept-Encoding": "gzip"})[1]["X-Served-By"] in {"app1", "app2"}


def test_the_icon_font_is_loaded_only_for_an_icon() -> None:
    """Streamlit's stylesheet as the proxy sends it: the Material Symbols face without the space, so
    index.js's start-up `document.fonts.load('1em "Material Symbols Rounded"')` (a space) fetches nothing."""
    from scripts.deploy.static_gz import patched

    css = (b'a{b:c}@font-face{font-family:Material Symbols Rounded;font-style:normal;font-display:block;'
           b'src:url(../media/MaterialSymbols-Rounded.x.woff2)format("woff2")}'
           b'@font-face{font-family:Source Sans;src:url(../media/S.woff2)}')
    out = patched("static/css/index.Ab12.css", css).decode()
    assert ('@font-face{font-family:Material Symbols Rounded;unicode-range:U+21-10FFFF;font-style:normal;'
            'font-display:block;src:url(../media/MaterialSymbols-Rounded.x.woff2)format("woff2")}') in out
    assert out.count("unicode-range") == 1  # the text font as it was
    assert patched("static/css/index.Ab12.css", out.encode()).decode() == out  # once only
    assert patched("static/js/index.Ab12.js", css) == css  # only stylesheets
