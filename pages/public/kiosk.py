"""The registration kiosk at a relocation site: /kiosk?site=CODE on a shared tablet (&paper=a6 for an A6
printer; 80 mm receipt paper by default).

Locked to its site (components.kiosk_shell): a start screen with big buttons (register, see jobs, training
courses near here: components.kiosk_courses, enrol with the ticket code), then
one question per screen with big Back and Next, the same rules and messages as the phone form, confirm, the
profile questions (each skippable), and the ticket with its printable slip; back to a clean start after the
last screen's countdown or when nobody touches it (components.kiosk_wizard, kiosk_steps, kiosk_profile).
"""

import streamlit as st

from components import kiosk_courses, kiosk_profile, kiosk_shell, kiosk_steps, runtime
from components import kiosk_wizard as kw
from components.keep_answers import keep_answers
from services.registration.forms import IDENTITY_STEPS

_ = runtime.page()
kiosk_shell.lock(_)
keep_answers(kw.P)  # a language switch keeps every choice (before the widgets are drawn)
source, problem = kw.site_from_link()
if source is None:
    kiosk_steps.not_set_up(_, problem)
    st.stop()

kiosk_steps.style()
screen = kw.step()
with st.container(key="kiosk_wizard"):
    if screen == kw.BOARD:
        kiosk_steps.board(_)
    elif screen == kiosk_courses.COURSES:
        kiosk_courses.screen(_, source)
    elif screen in IDENTITY_STEPS:
        kiosk_steps.identity(_, screen, source)
    elif screen == kw.CONFIRM and st.session_state.get(kw.DRAFT) is not None:
        kiosk_steps.confirm(_, source)
    elif screen == kw.CLAIMED and st.session_state.get(kw.CLAIM) is not None:
        kiosk_steps.claim(_)
    elif screen == kw.PROFILE and st.session_state.get(kw.RESULT) is not None:
        kiosk_profile.profile(_)
    elif screen == kw.DONE and st.session_state.get(kw.RESULT) is not None:
        kiosk_profile.done(_, source)
    else:
        screen = kw.START
        kiosk_steps.start(_, source)
if screen != kw.START:
    kw.idle(_)
