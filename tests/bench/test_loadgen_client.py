"""The load generator's protocol client against a tiny Streamlit script on a loopback port."""

from __future__ import annotations

import asyncio
import textwrap
from collections.abc import Iterator

import pytest

from bench.loadgen import scenarios
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
        st.markdown("ticket 7KQM 4XZ2" if agree else "no ticket")
    if st.button("Boom"):
        raise ValueError("boom")
    st.text_input("Search", key="query", on_change=lambda: st.session_state.update(searched=True))
    sizes = ["S", "M", "L"] if st.session_state.get("searched") else ["S"]
    size = st.pills("Size", sizes, key="size", format_func=lambda v: f"size {v}")
    if st.button("Go", key="go", type="primary"):
        st.markdown(f"ticket GOGO {size}ABC" if size else "no size")
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


def test_a_flow_as_data_fills_presses_and_reads_the_ticket(tiny_server: Server) -> None:
    flow = scenarios.Flow("/?who={fair}", (
        scenarios.Step("send", scenarios.FORM_SUBMIT, (
            scenarios.Fill("text_input", lambda person, _w: f"P{person.n}", label="Your name"),
            scenarios.Fill("selectbox", lambda _p, widget: widget.options[-1], key="color"),
            scenarios.Fill("checkbox", lambda _p, _w: True, key="agree"),
            scenarios.Fill("radio", lambda _p, _w: "x", key="not_on_this_page", optional=True),
        ), scenarios.expect_ticket),
    ))
    outcome = asyncio.run(asyncio.wait_for(
        scenarios.run_flow(tiny_server.base_url, flow, scenarios.Person(7), fair="tester", timeout=15), 30))
    assert outcome.error == "" and outcome.code == "7KQM4XZ2"
    assert set(outcome.steps) == {"open", "send"}


def test_a_flow_reports_what_is_missing(tiny_server: Server) -> None:
    no_consent = scenarios.Flow("/", (scenarios.Step("send", scenarios.FORM_SUBMIT, (
        scenarios.Fill("checkbox", lambda _p, _w: False, key="agree"),), scenarios.expect_ticket),))
    outcome = asyncio.run(asyncio.wait_for(
        scenarios.run_flow(tiny_server.base_url, no_consent, scenarios.Person(1), timeout=15), 30))
    assert not outcome.code and "no ticket code" in outcome.error
    missing = scenarios.Flow("/", (scenarios.Step("send", scenarios.FORM_SUBMIT, (
        scenarios.Fill("radio", lambda _p, _w: "x", key="not_on_this_page"),)),))
    outcome = asyncio.run(asyncio.wait_for(
        scenarios.run_flow(tiny_server.base_url, missing, scenarios.Person(1), timeout=15), 30))
    assert "0 widgets match" in outcome.error
    wrong_button = scenarios.Flow("/", (scenarios.Step("send", scenarios.Press(label="Nope")),))
    outcome = asyncio.run(asyncio.wait_for(
        scenarios.run_flow(tiny_server.base_url, wrong_button, scenarios.Person(1), timeout=15), 30))
    assert "0 buttons match" in outcome.error


def test_reruns_while_filling_and_pills(tiny_server: Server) -> None:
    flow = scenarios.Flow("/", (
        scenarios.Step("go", scenarios.Press(key="go"), (
            scenarios.Fill("text_input", lambda _p, _w: "m", key="query", rerun=True),  # lists more sizes
            scenarios.Fill("button_group", lambda _p, widget: widget.options[1], key="size"),
        ), scenarios.expect_ticket),
    ))
    outcome = asyncio.run(asyncio.wait_for(
        scenarios.run_flow(tiny_server.base_url, flow, scenarios.Person(3), timeout=15), 30))
    assert outcome.error == "" and outcome.code == "GOGOMABC"
    assert scenarios.TYPING in outcome.steps
    assert outcome.submit_to_ticket == outcome.steps["go"]  # typing is not submit -> ticket


def test_only_loopback() -> None:
    with pytest.raises(ValueError, match="loopback"):
        StreamlitSession("http://example.com:8501", "/")
