"""The kiosk's slip and job board alone, for the browser tests (tests/browser/test_kiosk_print.py,
test_kiosk_board_browser.py): `?show=slip&paper=80mm|a6` draws a fixed slip, `?show=board` the board."""

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import streamlit as st

from components import runtime
from components.kiosk_board import show_kiosk_board
from components.kiosk_prompts import START
from components.print_slip import show_slip
from services.registration.slips import Slip, SlipJob

CODE = "K7QM4XRP"
SLIP = Slip(code=CODE, masked_name="王*梅", day=date(2026, 11, 27), place_name="城关镇易地扶贫搬迁安置点", jobs=(
    SlipJob(title="缝纫工（计件，多劳多得）", employer_name="城关镇扶贫车间", wage="3,800", place="昭通市",
            scope="local"),
    SlipJob(title="电子厂普工（长白班，包吃包住，每月26日准时发工资）", employer_name="东莞市华丰电子有限公司",
            wage="5,000–6,500", place="东莞市", scope="out"),
    SlipJob(title="保洁员", employer_name="昆明市安居物业服务有限公司", wage="3,000–3,200", place="昆明市",
            scope="province"),
))

runtime.shell()  # a public page's shell: styling, the language switch, Streamlit's own words in Chinese
_ = runtime.t()
if st.session_state.get("board_left"):  # "Back" on the board: the kiosk's start screen
    st.title(_(START))
elif st.query_params.get("show") == "board":
    show_kiosk_board(_, key="kb", on_back=lambda: st.session_state.update(board_left=True))
elif not st.session_state.get("slip_gone"):  # "← All jobs": the slip leaves the screen (as at a kiosk reset)
    st.title(_("Jobs for you"))
    jobs = int(st.query_params.get("jobs", "3"))
    show_slip(_, Slip(**{**SLIP.__dict__, "jobs": SLIP.jobs[:jobs]}), key="slip",
              paper=st.query_params.get("paper", "80mm"))
    st.button(_("← All jobs"), key="hide_slip", on_click=lambda: st.session_state.update(slip_gone=True))
else:
    st.title(_("Jobs"))
