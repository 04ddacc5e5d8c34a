"""config/haproxy.cfg.in filled in: the one source of the proxy configuration (README "Deploying for a county")."""

from __future__ import annotations

import tomllib
from pathlib import Path
from string import Template

from scripts.deploy.static_gz import MAP_NAME

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "config" / "haproxy.cfg.in"
STATIC_GZ_LUA = ROOT / "config" / "static_gz.lua"
STREAMLIT_CONFIG = ROOT / ".streamlit" / "config.toml"
MULTIPART_ROOM = 64 * 1024  # the multipart envelope around an upload at exactly the limit
# The CSP the proxy sends. Streamlit's frontend needs: inline styles (emotion), `'unsafe-inline'` scripts for
# st.html(..., unsafe_allow_javascript=True) and st.components.v2 (the QR scanner, read aloud, the kiosk),
# `'unsafe-eval'` for Vega-Lite charts (the dashboard), data:/blob: images, media and workers (the QR
# poster, the recorded prompts, the camera), ws:/wss: for the websocket. No third-party origin anywhere.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:; "
       "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
       "media-src 'self' data: blob:; connect-src 'self' ws: wss: data: blob:; worker-src 'self' blob:; "
       "frame-src 'self' blob: data:; object-src 'none'; base-uri 'self'; form-action 'self';")
# + frame-ancestors: 'none' for every page, 'self' for the custom components' documents (/component/…)



def upload_limit_mb() -> int:
    """Streamlit's server.maxUploadSize (MB) from .streamlit/config.toml: the one place it is said."""
    with STREAMLIT_CONFIG.open("rb") as fh:
        return int(tomllib.load(fh)["server"]["maxUploadSize"])


def render_haproxy(servers: list[tuple[str, str]], *, port: int, bind_host: str = "",
                   tls_cert: str | None = None, tls_port: int = 443, stats_socket: Path | None = None,
                   pid_file: Path | None = None, served_by: bool = False, log_target: str = "stdout format raw local0",
                   run_as: str | None = None, static_gz: Path | None = None) -> str:
    """config/haproxy.cfg.in filled in. `servers`: (name, "host:port"); the name is the SRV cookie value.
    `static_gz`: a folder made by scripts/deploy/static_gz.py (`precompress`): Streamlit's bundle is then sent
    from it, gzip -9, by config/static_gz.lua."""
    limit_mb = upload_limit_mb()
    glob_extra = []
    if stats_socket:
        glob_extra.append(f"    stats socket {stats_socket} mode 660 level admin")
    if pid_file:
        glob_extra.append(f"    pidfile {pid_file}")
    if run_as:  # a county's server: HAProxy starts as root (ports 80/443), then runs as this user
        glob_extra += [f"    user {run_as}", f"    group {run_as}"]
    binds = [f"    bind {bind_host}:{port}"]
    tls_rules = ""
    if tls_cert:
        binds.append(f"    bind {bind_host}:{tls_port} ssl crt {tls_cert} alpn h2,http/1.1")
        tls_rules = ("    http-request redirect scheme https code 301 if !{ ssl_fc }\n"
                     '    http-after-response set-header Strict-Transport-Security "max-age=31536000" if { ssl_fc }')
    gz_global = gz_rule = ""
    if static_gz:
        folder = Path(static_gz).resolve()
        gz_global = f'    setenv PORTAL_STATIC_GZ "{folder}"\n    lua-load "{STATIC_GZ_LUA}"'
        gz_rule = ("    http-request use-service lua.static_gz if METH_GET "
                   f"{{ path,map({folder / MAP_NAME}) -m found }} {{ req.fhdr(accept-encoding) -m sub gzip }}")
    lines = [f"    server {name} {address} cookie {name}" for name, address in servers]
    return Template(TEMPLATE.read_text()).substitute(
        global_extra="\n".join(glob_extra), log_target=log_target, bind_lines="\n".join(binds),
        tls_rules=tls_rules, cookie_secure=" secure" if tls_cert else "",
        max_body_bytes=limit_mb * 1024 * 1024 + MULTIPART_ROOM, upload_limit_mb=limit_mb, csp=CSP,
        static_gz_global=gz_global, static_gz=gz_rule,
        served_by="    http-response set-header X-Served-By %[srv_name]" if served_by else "",
        servers="\n".join(lines),
    )
