"""Landing page: what the portal is, and the way to register or find a ticket."""

import streamlit as st

from components import routes, runtime

_ = runtime.page()
county = runtime.county()
st.title(_("{county} job fair portal").format(county=county.display_name(runtime.language())))
st.markdown(_("Register once, get your personal QR ticket, and show it at the employers' booths."))
st.page_link(routes.file("register"), label=_("Register as a job seeker"), icon=":material/edit_note:")
st.page_link(routes.file("ticket"), label=_("Find my ticket"), icon=":material/qr_code_2:")
