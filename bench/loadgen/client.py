"""A Streamlit session driven over Streamlit's own websocket protocol, without a browser.

It does what the browser's frontend does on `/_stcore/stream`: connects with the
"streamlit" subprotocol, sends a `rerun_script` BackMsg (query string, page name on the first
load and the page's script hash afterwards, widget states, the hashes of cached messages it
holds), reads ForwardMsgs (new_session, delta, page_info_changed, script_finished ...), keeps
the element tree by delta path, drops what a finished run did not redraw (as the frontend
clears stale elements), and finds widgets by key, label or type.

Differences from the browser, on purpose: it sends the states of the widgets it set (the
server takes the rest from their defaults or session state), and nothing is rendered.
Loopback only; every wait has a deadline.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import urllib.request
from collections.abc import Iterable
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench.loadgen.widgets import WIDGET_KINDS, SessionError, Widget, widget_state

FINISHED = ForwardMsg.ScriptFinishedStatus
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_MESSAGE = 64 * 1024 * 1024
TEXT_KINDS = {"markdown": "body", "heading": "body", "text": "body", "alert": "body", "code": "code_text"}


def page_cookies(url: str, timeout: float) -> dict[str, str]:
    """GET `url` as a browser's first load does; the cookies the answer sets (name -> value)."""
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        resp.read()
        found = SimpleCookie()
        for header in resp.headers.get_all("Set-Cookie") or []:
            found.load(header)
    return {name: morsel.value for name, morsel in found.items()}


class StreamlitSession:
    """One browser tab: `await open()`, set widgets, `await click(...)`, read `texts()`."""

    def __init__(self, base_url: str, path: str = "/", *, timeout: float = 30.0,
                 cookies: dict[str, str] | None = None) -> None:
        url = urlsplit(base_url)
        if url.hostname not in LOOPBACK:
            raise ValueError(f"loopback only, not {url.hostname!r}")
        self.ws_url = f"ws://{url.netloc}/_stcore/stream"
        target = urlsplit(path)
        self.page_name = target.path.strip("/")
        self.query_string = target.query
        self.origin_url = f"http://{url.netloc}{target.path}"
        self.timeout = timeout
        self.cookies = dict(cookies or {})  # sent with the websocket's upgrade request (st.context.cookies)
        self.page_script_hash = ""
        self.elements: dict[tuple[int, ...], tuple[Element, int]] = {}
        self.blocks: dict[tuple[int, ...], int] = {}
        self.exceptions: list[str] = []
        self.messages = 0
        self._states: dict[str, WidgetState] = {}
        self._cache: dict[str, ForwardMsg] = {}
        self._run = 0
        self._finished = 0
        self._changed = asyncio.Event()
        self._ws: Any = None
        self._reader: asyncio.Task | None = None
        self._closed_reason: str | None = None

    # --- connection -----------------------------------------------------------

    async def open(self, *, load_page: bool = False) -> None:
        """Connect and run the page as a first load of the URL does. `load_page`: first GET the page's HTML
        as a browser does and keep the cookies it sets (a proxy's sticky-session cookie), then connect."""
        if load_page:
            self.cookies.update(await asyncio.to_thread(page_cookies, self.origin_url, self.timeout))
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else None
        try:
            self._ws = await asyncio.wait_for(
                websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=MAX_MESSAGE,
                                   open_timeout=self.timeout, ping_interval=None, compression=None,
                                   additional_headers=headers),
                self.timeout)
        except websockets.WebSocketException as exc:  # a refused upgrade, a process dying mid-handshake
            raise SessionError(f"connect failed: {type(exc).__name__}: {exc}") from exc
        self._reader = asyncio.create_task(self._read())
        await self._rerun()

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):  # closing anyway
                await self._reader

    async def __aenter__(self) -> StreamlitSession:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _read(self) -> None:
        try:
            async for raw in self._ws:
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                self._handle(msg)
        except websockets.ConnectionClosed as exc:
            self._closed_reason = f"connection closed: {exc}"
        except Exception as exc:  # reported to the waiter
            self._closed_reason = f"reader failed: {exc!r}"
        self._closed_reason = self._closed_reason or "connection closed"
        self._changed.set()

    def _handle(self, msg: ForwardMsg) -> None:
        self.messages += 1
        if msg.HasField("ref_hash"):  # the server refers to a message this session already holds
            cached = self._cache.get(msg.ref_hash)
            if cached is None:
                self._closed_reason = f"unknown ref_hash {msg.ref_hash}"
                self._changed.set()
                return
            meta = msg.metadata
            msg = ForwardMsg()
            msg.CopyFrom(cached)
            msg.metadata.CopyFrom(meta)
        elif msg.metadata.cacheable and msg.hash:
            self._cache[msg.hash] = msg
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self._run += 1
            if msg.new_session.page_script_hash:
                self.page_script_hash = msg.new_session.page_script_hash
        elif kind == "navigation":
            if msg.navigation.page_script_hash:
                self.page_script_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "delta":
            self._apply_delta(msg)
        elif kind == "script_finished":
            status = msg.script_finished
            if status in (FINISHED.FINISHED_SUCCESSFULLY, FINISHED.FINISHED_WITH_COMPILE_ERROR):
                self._drop_stale()
            if status == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                self.exceptions.append("compile error")
            if status != FINISHED.FINISHED_EARLY_FOR_RERUN:
                self._finished += 1
                self._changed.set()

    def _apply_delta(self, msg: ForwardMsg) -> None:
        path = tuple(msg.metadata.delta_path)
        delta = msg.delta
        kind = delta.WhichOneof("type")
        if kind == "new_element":
            self.elements[path] = (delta.new_element, self._run)
            if delta.new_element.WhichOneof("type") == "exception":
                exc = delta.new_element.exception
                self.exceptions.append(f"{exc.type}: {exc.message}")
        elif kind == "add_block":
            self.blocks[path] = self._run
            # a new block replaces whatever was at its path
            self.elements.pop(path, None)

    def _drop_stale(self) -> None:
        self.elements = {p: e for p, e in self.elements.items() if e[1] == self._run}
        self.blocks = {p: r for p, r in self.blocks.items() if r == self._run}
        live = {w.id for w in self.widgets()}
        self._states = {i: s for i, s in self._states.items() if i in live}

    # --- reruns ---------------------------------------------------------------

    async def _rerun(self, triggers: Iterable[WidgetState] = ()) -> None:
        if self._closed_reason:
            raise SessionError(self._closed_reason)
        back = self._rerun_message(triggers)
        before = self._finished
        self._changed.clear()
        await self._send(back)
        deadline = time.monotonic() + self.timeout
        while self._finished == before:
            if self._closed_reason:
                raise SessionError(self._closed_reason)
            left = deadline - time.monotonic()
            if left <= 0:
                raise SessionError(f"no script_finished within {self.timeout:.0f}s")
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except TimeoutError:
                continue
            self._changed.clear()
        if self.exceptions:
            raise SessionError("script raised: " + "; ".join(self.exceptions))

    def _rerun_message(self, triggers: Iterable[WidgetState] = ()) -> BackMsg:
        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query_string
        if self.page_script_hash:
            state.page_script_hash = self.page_script_hash
        else:
            state.page_name = self.page_name
        state.widget_states.widgets.extend([*self._states.values(), *triggers])
        state.cached_message_hashes.extend(self._cache)
        state.context_info.timezone = "Asia/Shanghai"
        state.context_info.timezone_offset = -480
        state.context_info.locale = "zh-CN"
        state.context_info.url = self.origin_url + (f"?{self.query_string}" if self.query_string else "")
        state.context_info.is_embedded = False
        state.context_info.color_scheme = "light"
        return back

    # --- reading the page -----------------------------------------------------

    def ordered(self) -> list[tuple[tuple[int, ...], Element]]:
        return [(p, self.elements[p][0]) for p in sorted(self.elements)]

    def widgets(self) -> list[Widget]:
        found = []
        for path, element in self.ordered():
            kind = element.WhichOneof("type")
            if kind in WIDGET_KINDS:
                found.append(Widget(kind, getattr(element, kind), path))
        return found

    def find(self, kind: str | None = None, *, key: str | None = None, label: str | None = None,
             contains: str | None = None) -> Widget:
        """The one widget that matches; SessionError when none or several do."""
        hits = [w for w in self.widgets()
                if (kind is None or w.kind == kind) and (key is None or w.key == key)
                and (label is None or w.label == label) and (contains is None or contains in w.label)]
        if len(hits) != 1:
            wanted = {"kind": kind, "key": key, "label": label, "contains": contains}
            raise SessionError(f"{len(hits)} widgets match {wanted}; on screen: "
                               f"{[(w.kind, w.key or w.label) for w in self.widgets()]}")
        return hits[0]

    def texts(self) -> list[str]:
        """Markdown, headings, text, alerts, captions, and widget labels, in page order."""
        out = []
        for _path, element in self.ordered():
            kind = element.WhichOneof("type")
            if kind in TEXT_KINDS:
                out.append(getattr(getattr(element, kind), TEXT_KINDS[kind]))
            elif kind in WIDGET_KINDS:
                out.append(getattr(element, kind).label)
            elif kind == "imgs":
                out.extend(img.caption or img.url for img in element.imgs.imgs)
        return out

    def text(self) -> str:
        return "\n".join(self.texts())

    # --- acting on widgets ----------------------------------------------------

    def set(self, widget: Widget, value: Any) -> None:
        """Set a widget's value (sent with the next rerun, as an edited but not yet submitted form)."""
        self._states[widget.id] = widget_state(widget, value)

    async def submit(self, widget: Widget, value: Any = None) -> None:
        """Set and rerun at once, as a change of a widget outside a form does."""
        self.set(widget, value)
        await self._rerun()

    async def rerun(self) -> None:
        """Run the page again with the widget values as they are (a refresh without a reload)."""
        await self._rerun()

    def alerts(self, kind: str = "error") -> list[str]:
        """The bodies of st.error / st.warning / st.info / st.success on screen (`kind` by name)."""
        wanted = Element().alert.Format.Value(kind.upper())
        return [e.alert.body for _p, e in self.ordered()
                if e.WhichOneof("type") == "alert" and e.alert.format == wanted]

    async def click(self, button: Widget) -> None:
        """Press a button (a form's submit button sends the form's values with it) and wait for the run."""
        trigger = WidgetState(id=button.id, trigger_value=True)
        await self._rerun([trigger])

    async def press_and_drop(self, button: Widget) -> None:
        """Press a button and close the connection at once, before any answer: a phone whose network died
        right after the tap. Whether the server ran the press is not known to the phone."""
        back = self._rerun_message([WidgetState(id=button.id, trigger_value=True)])
        await self._send(back)
        await self.close()

    async def _send(self, back: BackMsg) -> None:
        try:
            await self._ws.send(back.SerializeToString())
        except websockets.ConnectionClosed as exc:  # the server went away between two runs
            raise SessionError(f"connection closed: {exc}") from exc
