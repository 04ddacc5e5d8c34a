"""Fairs and registration points (organizers): create and edit them, see their registration
links, and print their QR posters. Forms live in components.fair_forms, posters in
components.posters_view."""

import streamlit as st

from components import auth, fair_forms, kiosk_pin_form, posters_view, runtime
from models import Role
from services.places.sources import all_fairs, all_sites

_ = runtime.page()
auth.require(Role.ORGANIZER)
engine = runtime.engine()

st.title(_("Fairs and sites"))
st.caption(_("Each job fair and registration point has a short code and a QR poster. People who scan it "
             "register with the fair or site recorded."))
fairs_tab, sites_tab = st.tabs([_("Job fairs"), _("Registration points")])

with fairs_tab:
    fairs = all_fairs(engine)
    fair_forms.fair_table(_, fairs)
    fair = fair_forms.fair_form(_, fairs)
    if fair is not None:
        posters_view.fair_posters(_, fair)

with sites_tab:
    sites = all_sites(engine)
    fair_forms.site_table(_, sites)
    site = fair_forms.site_form(_, sites)
    if site is not None:
        posters_view.site_posters(_, site)
    kiosk_pin_form.kiosk_section(_, sites, site)
