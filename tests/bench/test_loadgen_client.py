"""The load generator's protocol client against a tiny Streamlit script on a loopback port."""

from __future__ import annotations

import asyncio
import textwrap
from collections.abc import Iterator

import pytest

from bench.loadgen.client import SessionError, StreamlitSession
from bench.loadgen.server import Server

SCRIPT = textwrap.dedent("""
    import streamlit as st

    st.title("Tiny form")
    st.caption("query: " + st.query_params.get("who", "nobody"))
    with st.form("f"):
        name = st.text_input("Your name", key="name")
        color = st.selectbox("Color", ["red", "green"], index=None, key="color")
        agree = st.checkbox("Agree", key="agree")
        sent = st.form_submit_button("Send")
    if sent:
        st.success(f"Hello {name}, {color}, {agree}")
    if st.button("Boom"):
        raise ValueError("boom")
""")


@pytest.fixture(scope="module")
def tiny_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("tiny")
    (folder / "tiny.py").write_text(SCRIPT, encoding="utf-8")
    server = Server("tiny.py", env={}, log_path=folder / "server.log", cwd=folder,
                    server_args=["--server.fileWatcherType", "none"])
    server.start(timeout=30)
    yield server
    server.stop()


def test_form_submit_shows_the_typed_text(tiny_server: Server) -> None:
    async def scenario() -> str:
        async with StreamlitSession(tiny_server.base_url, "/?who=tester", timeout=15) as s:
            assert "Tiny form" in s.texts()
            assert "query: tester" in s.texts()
            assert not s.find("text_input", key="name").proto.default
            s.set(s.find("text_input", label="Your name"), "Wang")
            s.set(s.find("selectbox", key="color"), "green")
            s.set(s.find("checkbox", key="agree"), True)
            await s.click(s.find("button", label="Send"))
            return s.text()

    shown = asyncio.run(asyncio.wait_for(scenario(), 20))
    assert "Hello Wang, green, True" in shown


def test_script_errors_are_reported(tiny_server: Server) -> None:
    async def scenario() -> None:
        async with StreamlitSession(tiny_server.base_url, "/", timeout=15) as s:
            await s.click(s.find("button", label="Boom"))

    with pytest.raises(SessionError, match="boom"):
        asyncio.run(asyncio.wait_for(scenario(), 20))


def test_only_loopback() -> None:
    with pytest.raises(ValueError, match="loopback"):
        StreamlitSession("http://example.com:8501", "/")
