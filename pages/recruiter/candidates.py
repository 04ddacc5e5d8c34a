"""Candidates who fit (recruiters): pick one of your open vacancies, see the registered seekers who fit it.

Seekers stay anonymous ("Candidate 3") until they mark interest in one of your vacancies or
are scanned at your booth; phone numbers are on the pipeline page, never here.
"""

import pandas as pd
import streamlit as st

from components import auth, routes, runtime
from models import Role
from services.core.clock import local_today
from services.core.errors import NotFound
from services.core.reference import EDUCATION_LEVELS, GENDERS, INTENTIONS, TRADES
from services.recruiting.candidates import open_vacancies_of, seekers_for_vacancy

_ = runtime.page()
user = auth.require(Role.RECRUITER)
engine, county, language = runtime.engine(), runtime.county(), runtime.language()
today = local_today()

st.title(_("Candidates who fit"))
st.caption(_("Registered job seekers who meet this vacancy's rules (age, education, where they want to work), "
             "best first: your trade first, then those whose expected wage fits, then the newest. Names appear "
             "once a seeker marks interest in one of your vacancies or is scanned at your booth; phone numbers "
             "are on the pipeline page."))

vacancies = open_vacancies_of(engine, employer_id=user.employer_id, today=today)
if not vacancies:
    st.info(_("You have no open vacancy. Post one first."))
    st.page_link(routes.file("vacancies"), label=_("Vacancies"), icon=":material/work:")
    st.stop()

by_id = {v.vacancy_id: v for v in vacancies}
wanted = st.query_params.get("vacancy", "")
index = next((i for i, v in enumerate(vacancies) if str(v.vacancy_id) == wanted), 0)
choice = st.selectbox(
    _("Vacancy"), list(by_id), index=index, key="candidates_vacancy",
    format_func=lambda i: _("{title} · {trade} · closes {date}", title=by_id[i].title,
                            trade=_(TRADES.get(by_id[i].trade, by_id[i].trade)), date=by_id[i].closing_date),
)

try:
    candidates = seekers_for_vacancy(engine, vacancy_id=choice, employer_id=user.employer_id, today=today)
except NotFound as exc:
    st.error(_(exc.message))
    st.stop()

if not candidates:
    st.info(_("No registered seeker fits this vacancy yet. Seekers who register at the fairs appear here."))
    st.stop()

st.subheader(_("{n} candidates, best first", n=len(candidates)))
columns = {
    "who": _("Candidate"), "age": _("Age"), "gender": _("Gender"), "education": _("Education"),
    "trades": _("Trades"), "intention": _("Wants to work"), "township": _("Township"),
    "wage": _("Expected wage (yuan)"), "score": _("Points"), "why": _("Why"), "rules": _("Rules met"),
}
rows = [{
    columns["who"]: c.label if c.known else _("Candidate {n}", n=c.rank),
    columns["age"]: c.age,
    columns["gender"]: _(GENDERS.get(c.gender, c.gender)),
    columns["education"]: _(EDUCATION_LEVELS.get(c.education, c.education)) if c.education else "—",  # not answered
    columns["trades"]: ", ".join(_(TRADES.get(t, t)) for t in c.trades),
    columns["intention"]: _(INTENTIONS.get(c.intention, c.intention)) if c.intention else "—",
    columns["township"]: county.label(c.township, language),
    columns["wage"]: c.expected_wage,
    columns["score"]: c.score,
    columns["why"]: "; ".join(r.text(_) for r in c.reasons),
    columns["rules"]: "; ".join(r.text(_) for r in c.rules),
} for c in candidates]
table = pd.DataFrame(rows, columns=list(columns.values())).astype({columns["wage"]: "Int64"})
st.dataframe(table, hide_index=True, width="stretch", column_config={
    columns["wage"]: st.column_config.NumberColumn(format="localized"),
    columns["why"]: st.column_config.TextColumn(width="large"),
    columns["rules"]: st.column_config.TextColumn(width="large"),
})
st.caption(_("Known by name: {n}. Ask the others to scan their ticket at your booth, or wait for them to mark "
             "interest on the job board.", n=sum(c.known for c in candidates)))
