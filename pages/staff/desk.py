"""The staff desk (registration desk staff and organizers): register a person who has no smartphone,
change the mobile of a person whose ID number is registered with another one (after checking the ID
card), complete a profile, join a household (a person registered after the village's list was imported), enrol
on a training course (components.desk_training). The services:
services/registration/desk.py, desk_mobile.py, desk_household.py and services/training/offer.py."""

import streamlit as st

from components import auth, desk_claims, desk_household, desk_profile, desk_register, desk_training, runtime
from components.text import literal
from models import Role
from services.places.sources import Source
from services.registration.desk import desk_source, desk_sources, desk_worker

_ = runtime.page()
user = auth.require(Role.DESK, Role.ORGANIZER)
engine = runtime.engine()
worker = desk_worker(engine, user.user_id)

st.title(_("Registration desk"), anchor=False)
if worker.site is not None:
    st.caption(_("Desk at {place}").format(place=literal(worker.site.name)))
    chosen: Source | None = None
else:
    places = {f"{s.kind}:{s.code}": s for s in desk_sources(engine)}
    code = st.selectbox(_("Where is this desk?"), ["", *places], key="desk_place",
                        format_func=lambda c: places[c].name if c else _("No fair or site (direct)"))
    chosen = places.get(code or "")
source = desk_source(worker, chosen)

claims = desk_claims.open_count()
TASKS = {"register": _("Register a person"), "claims": _("Mobile changes ({n} open)").format(n=claims),
         "profile": _("Complete a profile"), "household": _("Join a household"), "training": _("Enrol in a course")}
task = st.segmented_control(_("Task"), list(TASKS), key="desk_task", default="register", format_func=TASKS.get,
                            label_visibility="collapsed") or "register"
if task == "register":
    desk_register.render(_, worker, source)
elif task == "claims":
    desk_claims.render(_, worker)
elif task == "household":
    desk_household.render(_, worker)
elif task == "training":
    desk_training.render(_, worker)
else:
    desk_profile.render(_, worker)
