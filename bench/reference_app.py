"""The reference: a minimal one-form Streamlit registration app (issue 10's yardstick).

One st.form with the same kind of fields as the portal's registration, one INSERT into a
SQLite table, then the code on screen. No navigation, translation, validation rules or
ticket images: what Streamlit itself costs for such a form. The database file is
REFERENCE_DB (default: reference.db in the working directory).

    REFERENCE_DB=/tmp/ref.db streamlit run bench/reference_app.py
"""

import os
import secrets
import sqlite3

import streamlit as st

DB = os.environ.get("REFERENCE_DB", "reference.db")
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
VILLAGES = [f"村{n:03d} (镇{n // 12:02d})" for n in range(175)] + ["不在列表中"]
EDUCATION = ["没上过学", "小学", "初中", "高中/中专", "大专及以上"]
TRADES = ["电焊", "家政服务", "服装缝纫", "建筑施工", "电子装配", "餐饮", "保安", "保洁", "养殖", "种植"]
INTENTIONS = ["外出务工（去外省）", "就近就业（本县或本市）", "都可以"]


@st.cache_resource
def connect() -> sqlite3.Connection:
    conn = sqlite3.connect(DB, check_same_thread=False, isolation_level=None, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS registration (id INTEGER PRIMARY KEY, code TEXT UNIQUE, name TEXT,"
        " id_number TEXT, phone TEXT, village TEXT, education TEXT, trades TEXT, intention TEXT,"
        " wage INTEGER, consent INTEGER)")
    return conn


def save() -> None:
    """The submit callback: one INSERT, then the run that follows shows the code."""
    s = st.session_state
    code = "".join(secrets.choice(ALPHABET) for _ in range(8))
    connect().execute(
        "INSERT INTO registration (code, name, id_number, phone, village, education, trades, intention,"
        " wage, consent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (code, s.name, s.id_number, s.phone, s.village, s.education, ",".join(s.trades), s.intention, s.wage,
         s.consent))
    s.code = code


st.title("求职登记")
code = st.session_state.get("code")
if code:
    st.success("登记成功！")
    st.markdown(f"## {code[:4]} {code[4:]}")
else:
    with st.form("register"):
        st.text_input("姓名", key="name")
        st.text_input("身份证号", key="id_number")
        st.text_input("手机号", key="phone")
        st.selectbox("村", VILLAGES, index=None, key="village")
        st.selectbox("文化程度", EDUCATION, index=None, key="education")
        st.multiselect("技能", TRADES, key="trades")
        st.radio("想在哪里工作？", INTENTIONS, index=None, key="intention")
        st.number_input("期望月工资", min_value=0, max_value=100_000, step=500, value=None, key="wage")
        st.checkbox("我已阅读并同意", key="consent")
        st.form_submit_button("提交", on_click=save)
