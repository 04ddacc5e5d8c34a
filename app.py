"""Job-fair and recruitment portal: entry point (page config, settings, language, navigation).

Run with `streamlit run app.py`. Pages live in pages/; business logic in services/.
"""

import streamlit as st

from components import runtime

runtime.shell()
_ = runtime.t()

pages = [
    st.Page("pages/home.py", title=_("Job fair portal"), url_path="home", default=True),
    st.Page("pages/register.py", title=_("Register"), url_path="register"),
    st.Page("pages/ticket.py", title=_("Find my ticket"), url_path="ticket"),
]
st.navigation(pages, position="hidden").run()
