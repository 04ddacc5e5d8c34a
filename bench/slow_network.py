"""Cold load of /register on a slow phone network: bytes on the wire, requests, and time to usable.

    python3 bench/slow_network.py [--runs 3] [--down-kbit 1600] [--up-kbit 768] [--latency-ms 150]
                                  [--path "/register?fair=SPRING26"] [--show 15] [--proxy [--libslz] | --url URL]

--proxy: through HAProxy (config/haproxy.cfg.in: Streamlit's bundle precompressed with gzip -9 and sent by
config/static_gz.lua, the rest gzipped by HAProxy, caching) in front of two processes started by
scripts/cluster.py, and in the same run one of those processes directly. --libslz: the proxy without the
precompressed bundle (everything compressed by HAProxy's libslz, as before). --url: a server already running.

Starts `streamlit run app.py` on a loopback port against a fresh SQLite database holding one open
fair (SPRING26), warms it with one ordinary page load (a server at a fair has served others
already), then loads the page `--runs` times, each in a fresh Chromium context (no cache, no
cookies, cache disabled through CDP) at 390x844, through Chromium's network emulation
(`Network.emulateNetworkConditions`: 1.6 Mbit/s down, 768 kbit/s up, 150 ms latency by default).

Per run it prints: bytes on the wire (the sum of `encodedDataLength` of `Network.loadingFinished`,
headers included) and the same bytes decoded; the number of HTTP requests; the websocket's messages
(`Network.webSocketFrameReceived`/`Sent`: payload bytes, not counted in the HTTP bytes; how much of
them Chromium's throttling slows is Chromium's business: the figures say what was sent); time to
DOMContentLoaded, to the first text field being visible, and to the page being usable (the main
button, the form's primary submit, visible); then the largest resources. Figures are wall clock on
a shared machine: the median of the runs is the one to quote.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import gzip
import statistics
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.browser_bench import FAIR, FAIR_NAME, SECRET, launch, portal  # noqa: E402

FIRST_INPUT = "[data-testid=stMain] input:not([type=radio]):not([type=checkbox]), [data-testid=stMain] textarea"
USABLE = "[data-testid=stMain] button[data-testid^=stBaseButton-primary]"
TIMEOUT_MS = 120_000


@dataclass
class Resource:
    url: str
    kind: str = ""
    mime: str = ""
    status: int = 0
    wire: int = 0  # encodedDataLength at loadingFinished: bytes on the wire, headers included
    decoded: int = 0  # sum of dataReceived.dataLength: the body after decompression
    done: bool = False
    started: float = 0.0  # CDP timestamps (s), made relative to the first request by `Load.at`
    finished: float = 0.0


@dataclass
class Load:
    resources: dict[str, Resource] = field(default_factory=dict)
    ws_in: list[int] = field(default_factory=list)  # payload bytes of each message received
    ws_out: list[int] = field(default_factory=list)
    dom_ready_s: float = 0.0
    first_input_s: float = 0.0
    usable_s: float = 0.0
    load_s: float = 0.0

    def at(self, timestamp: float) -> float:
        """A CDP timestamp as seconds since the first request (the page's own) started."""
        return timestamp - min(r.started for r in self.resources.values())

    @property
    def requests(self) -> int:
        return len(self.resources)

    @property
    def wire_bytes(self) -> int:
        return sum(r.wire for r in self.resources.values())

    @property
    def decoded_bytes(self) -> int:
        return sum(r.decoded for r in self.resources.values())


def frame_bytes(frame: dict) -> int:
    """Payload size of a websocket frame as CDP reports it: text as is, binary (opcode 2) as base64."""
    data = frame.get("payloadData", "")
    if frame.get("opcode") == 2:
        return len(base64.b64decode(data)) if data else 0
    return len(data.encode())


def kbit_to_bytes_per_s(kbit: float) -> float:
    return kbit * 1000 / 8


def record(cdp, load: Load) -> None:
    """Subscribe to the CDP network events that make up `load`."""

    def sent(e: dict) -> None:
        load.resources.setdefault(e["requestId"], Resource(url=e["request"]["url"], kind=e.get("type", ""),
                                                           started=e.get("timestamp", 0.0)))

    def response(e: dict) -> None:
        r = load.resources.setdefault(e["requestId"], Resource(url=e["response"]["url"]))
        r.mime, r.status = e["response"].get("mimeType", ""), e["response"].get("status", 0)
        r.kind = e.get("type", r.kind)

    def data(e: dict) -> None:
        if e["requestId"] in load.resources:
            load.resources[e["requestId"]].decoded += e.get("dataLength", 0)

    def finished(e: dict) -> None:
        if e["requestId"] in load.resources:
            r = load.resources[e["requestId"]]
            r.wire, r.done, r.finished = int(e.get("encodedDataLength", 0)), True, e.get("timestamp", 0.0)

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.responseReceived", response)
    cdp.on("Network.dataReceived", data)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.webSocketFrameReceived", lambda e: load.ws_in.append(frame_bytes(e["response"])))
    cdp.on("Network.webSocketFrameSent", lambda e: load.ws_out.append(frame_bytes(e["response"])))


def measure(browser, url: str, *, down_kbit: float, up_kbit: float, latency_ms: float, throttle: bool = True,
            first: str = FIRST_INPUT, usable: str = USABLE) -> Load:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="zh-CN", timezone_id="Asia/Shanghai")
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        load = Load()
        record(cdp, load)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        if throttle:
            cdp.send("Network.emulateNetworkConditions", {
                "offline": False, "latency": latency_ms, "downloadThroughput": kbit_to_bytes_per_s(down_kbit),
                "uploadThroughput": kbit_to_bytes_per_s(up_kbit)})
        start = time.perf_counter()
        page.goto(url, wait_until="domcontentloaded", timeout=TIMEOUT_MS)
        load.dom_ready_s = time.perf_counter() - start
        page.wait_for_selector(first, state="visible", timeout=TIMEOUT_MS)
        load.first_input_s = time.perf_counter() - start
        page.wait_for_selector(usable, state="visible", timeout=TIMEOUT_MS)
        load.usable_s = time.perf_counter() - start
        page.wait_for_load_state("load", timeout=TIMEOUT_MS)
        page.wait_for_timeout(1500)  # late requests (fonts, images the page asks for after its first draw)
        load.load_s = time.perf_counter() - start
        return load
    finally:
        context.close()


def short(url: str, width: int = 60) -> str:
    path = url.split("//", 1)[-1].split("/", 1)[-1]
    return ("/" + path)[:width]


def print_run(n: int, load: Load) -> None:
    print(f"run {n}: {(load.wire_bytes + sum(load.ws_in) + sum(load.ws_out)) / 1024:,.0f} KiB in all: "
          f"HTTP {load.wire_bytes / 1024:,.0f} KiB on the wire ({load.decoded_bytes / 1024:,.0f} KiB decoded), "
          f"{load.requests} requests; websocket {len(load.ws_in)} messages in = {sum(load.ws_in) / 1024:,.1f} KiB, "
          f"{len(load.ws_out)} out = {sum(load.ws_out) / 1024:,.1f} KiB; DOMContentLoaded {load.dom_ready_s:.2f} s, "
          f"first input {load.first_input_s:.2f} s, usable {load.usable_s:.2f} s")


def gzipped(url: str) -> int:
    """The body's size after gzip -6, as a compressing proxy would send it (fetched again, unthrottled)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return len(gzip.compress(resp.read(), compresslevel=6))
    except OSError:
        return 0


def print_table(load: Load, show: int) -> None:
    print(f"\nlargest resources (of {load.requests}; last run):")
    print(f"{'KiB wire':>9} {'KiB gzip':>9}  {'type':<11} {'start s':>7} {'done s':>7}  resource")
    for r in sorted(load.resources.values(), key=lambda r: -r.wire)[:show]:
        done = f"{load.at(r.finished):7.2f}" if r.done else "      -"
        print(f"{r.wire / 1024:9,.1f} {gzipped(r.url) / 1024:9,.1f}  {(r.kind or r.mime)[:11]:<11} "
              f"{load.at(r.started):7.2f} {done}  {short(r.url)}")
    http = [r for r in load.resources.values() if r.url.startswith("http")]
    print(f"all {len(http)} HTTP bodies gzipped (-6), as a compressing proxy would send them: "
          f"{sum(gzipped(r.url) for r in http) / 1024:,.0f} KiB (now {load.wire_bytes / 1024:,.0f} KiB)")
    by_kind: dict[str, int] = {}
    for r in load.resources.values():
        by_kind[r.kind or "?"] = by_kind.get(r.kind or "?", 0) + r.wire
    kinds = sorted(by_kind.items(), key=lambda kv: -kv[1])
    print("by type: " + ", ".join(f"{k} {v / 1024:,.0f} KiB" for k, v in kinds))
    largest = sorted(load.ws_in, reverse=True)[:5]
    print(f"websocket: {len(load.ws_in)} messages from the server, {sum(load.ws_in):,} bytes; the largest: "
          + ", ".join(f"{n:,}" for n in largest) + " bytes")


def series(browser, base: str, args: argparse.Namespace, label: str = "", warm: int = 1) -> list[Load]:
    """Warm `base` (imports, the cold-process first request), unthrottled, then `args.runs` cold loads.
    `warm`: how many warm-up loads (through the proxy: one per process, the proxy sends new visitors round
    the processes; a process's very first page draws the pages/ folder's menu for a moment, icon font and all)."""
    for _ in range(warm):
        measure(browser, base + f"/register?fair={FAIR}", down_kbit=0, up_kbit=0, latency_ms=0, throttle=False)
    print(f"{label}cold load of {base}{args.path} at {args.down_kbit:g} kbit/s down, {args.up_kbit:g} kbit/s up, "
          f"{args.latency_ms:g} ms latency; 390x844, fresh context and no cache each run\n")
    loads = []
    for n in range(1, args.runs + 1):
        load = measure(browser, base + args.path, down_kbit=args.down_kbit, up_kbit=args.up_kbit,
                       latency_ms=args.latency_ms, first=args.first, usable=args.usable)
        loads.append(load)
        print_run(n, load)
    return loads


def summary(loads: list[Load], label: str = "") -> None:
    med = statistics.median
    print(f"\n{label}median of {len(loads)}: {med(x.wire_bytes for x in loads) / 1024:,.0f} KiB on the wire "
          f"({med(x.decoded_bytes for x in loads) / 1024:,.0f} KiB decoded), "
          f"{med(x.requests for x in loads):g} requests, "
          f"websocket in {med(sum(x.ws_in) for x in loads) / 1024:,.1f} KiB; "
          f"first input {med(x.first_input_s for x in loads):.2f} s, usable {med(x.usable_s for x in loads):.2f} s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--down-kbit", type=float, default=1600)
    parser.add_argument("--up-kbit", type=float, default=768)
    parser.add_argument("--latency-ms", type=float, default=150)
    parser.add_argument("--path", default=f"/register?fair={FAIR}")
    parser.add_argument("--first", default=FIRST_INPUT, help="CSS selector of the first thing to wait for")
    parser.add_argument("--usable", default=USABLE, help="CSS selector that shows the page is usable")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to serve (default: this one)")
    parser.add_argument("--show", type=int, default=15, help="how many of the largest resources to list")
    parser.add_argument("--proxy", action="store_true",
                        help="through HAProxy in front of two processes (scripts/cluster.py, SQLite), and in the "
                             "same run one of the processes directly")
    parser.add_argument("--libslz", action="store_true",
                        help="with --proxy: no precompressed bundle, HAProxy compresses everything (libslz)")
    parser.add_argument("--url", default=None, help="measure a server already running at this base URL "
                                                    "(it must hold the fair SPRING26)")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    if args.proxy:
        from scripts.cluster import Cluster
        from scripts.deploy.cluster import STATIC_GZ_CACHE
        from services.places.sources import create_fair

        with Cluster(processes=2, database="sqlite", env={"PORTAL_SECRET_KEY": SECRET},
                     static_gz=None if args.libslz else STATIC_GZ_CACHE) as cluster, \
                sync_playwright() as pw:
            create_fair(cluster.engine, code=FAIR, name=FAIR_NAME, township="城关镇")
            browser = launch(pw)
            proxied = series(browser, cluster.url, args, "THROUGH THE PROXY: ", warm=len(cluster.processes))
            direct = series(browser, cluster.processes[0].url, args, "DIRECT (one process): ")
            browser.close()
            print("\nthrough the proxy, the last run:")
            print_table(proxied[-1], args.show)
        summary(direct, "direct: ")
        summary(proxied, "proxy:  ")
        return
    with contextlib.ExitStack() as stack:
        if args.url:
            base = args.url.rstrip("/")
        else:
            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="slownet-"))
            base = stack.enter_context(portal(Path(tmp), args.root))
        with sync_playwright() as pw:
            browser = launch(pw)
            loads = series(browser, base, args)
            browser.close()
        print_table(loads[-1], args.show)  # the server is still up: the gzip estimates fetch the bodies
    summary(loads)


if __name__ == "__main__":
    main()
