"""A small page using the kiosk shell (for tests/components/test_kiosk_shell.py and the browser test):
a start screen with three personal fields and a Confirm button, a final screen with the done countdown,
the idle guard on both, and the staff exit. `submits` counts Confirm presses for the whole process."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import streamlit as st

from components import kiosk_shell, runtime


@st.cache_resource
def submits() -> dict[str, int]:
    return {"n": 0}


def confirm() -> None:
    submits()["n"] += 1
    st.session_state["demo_step"] = "done"
    st.session_state["demo_person"] = st.session_state.get(f"demo_name_{kiosk_shell.generation()}", "")


def left() -> None:
    st.session_state["demo_left"] = True  # the real kiosk switches to the home page instead
    st.rerun()


runtime.style()
runtime.language_switch()
_ = runtime.t()
if st.session_state.get("demo_left"):
    st.markdown("LEFT KIOSK")
    st.stop()
kiosk_shell.lock(_)
st.session_state.setdefault("kiosk_site", st.query_params.get("site", "XINGFU"))
gen = kiosk_shell.generation()
if st.session_state.get("demo_step") == "done":
    st.title(_("Your ticket"))
    st.markdown(f"TICKET FOR {st.session_state.get('demo_person', '')}")
    kiosk_shell.done_countdown(_, key="demo_done", on_timeout=kiosk_shell.reset)
else:
    st.title(_("Register"))
    st.markdown(f"START SCREEN gen={gen}")
    st.text_input(_("Name"), key=f"demo_name_{gen}")
    st.text_input(_("ID number"), key=f"demo_id_{gen}")
    st.text_input(_("Mobile number"), key=f"demo_phone_{gen}")
    st.radio(_("Education"), ["primary", "junior"], key=f"demo_edu_{gen}", horizontal=True)
    st.checkbox(_("I agree"), key=f"demo_consent_{gen}")
    st.button(_("Confirm"), key=f"demo_confirm_{gen}", type="primary", on_click=confirm)
st.markdown(f"submits={submits()['n']}")
kiosk_shell.idle_guard(_, key="demo_idle", on_timeout=kiosk_shell.reset)
kiosk_shell.exit_control(_, site_code=st.session_state["kiosk_site"], on_leave=left)
