"""Landing page: what the portal is, and three big buttons: register, find my ticket, see the jobs.

Big enough for a thumb on a cheap phone (60 px, full width, an icon and a short label; see
components/seeker_style.py). Material icons: Streamlit loads their font on every page anyway
(bench/slow_network.py), and they do not depend on the phone having an emoji font.
"""

import streamlit as st

from components import routes, runtime, seeker_style

_ = runtime.page()
county = runtime.county()
st.title(_("{county} job fair portal").format(county=county.display_name(runtime.language())))
st.markdown(_("Register once, get your personal QR ticket, and show it at the employers' booths."))
seeker_style.home_buttons()
with st.container(key="home_buttons"):
    big = {"width": "stretch"}
    st.page_link(routes.file("register"), label=_("Register as a job seeker"), icon="📝", **big)
    st.page_link(routes.file("ticket"), label=_("Find my ticket"), icon="🎫", **big)
    st.page_link(routes.file("jobs"), label=_("See all jobs"), icon="💼", **big)
st.page_link(routes.file("join"), label=_("Employers: sign up"), icon="🏢")
