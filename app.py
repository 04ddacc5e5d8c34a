"""Job-fair and recruitment portal: entry point (page config, settings, language, navigation).

Run with `streamlit run app.py`. Pages live in pages/; business logic in services/.
"""

import streamlit as st

from components import runtime

st.set_page_config(page_title="就业招聘服务平台", page_icon="🧰", layout="centered",
                   initial_sidebar_state="collapsed")
runtime.boot()
runtime.style()
runtime.language_switch()
_ = runtime.t()

pages = [
    st.Page("pages/home.py", title=_("Job fair portal"), url_path="home", default=True),
    st.Page("pages/register.py", title=_("Register"), url_path="register"),
    st.Page("pages/ticket.py", title=_("Find my ticket"), url_path="ticket"),
]
st.navigation(pages, position="hidden").run()
