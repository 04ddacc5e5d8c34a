"""The import page's first steps: the template to fill in, the file uploaded and read, and its columns
shown for confirmation (each header of the file -> the field it fills; unknown headers ignored; a
missing required column blocks). The services: services.imports.template, reading and headers."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import import_state as state
from services.core.errors import FieldErrors, message_parts
from services.core.i18n import Translator
from services.imports import headers, reading, template
from services.imports.types import FIELD_BY_NAME, HeaderMapping, RawTable
from services.places.county import County


@st.cache_data(max_entries=64, show_spinner=False)
def _template(county: County, language: str) -> bytes:
    """Drawn once per county and language: ready when the button is drawn, so a click downloads at once
    (a deferred download needed a round trip to the server after the click, which a busy server lost)."""
    return template.template_xlsx(county, language)


def template_download(_: Translator, county: County, language: str) -> None:
    """Step 1. The template holds no personal data: a plain download button is fine for it (only)."""
    st.subheader(_("1. Download the template"))
    st.caption(_("One row per person, Chinese column headers, drop-down lists for township, village, education "
                 "and the other choices. The sheet 说明 says how to fill it in."))
    st.download_button(_("Download the template (.xlsx)"), data=_template(county, language),
                       file_name="村劳动力名单模板.xlsx", key="imp_template", icon=":material/download:",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _read(data: bytes, name: str, file_id: str) -> None:
    try:
        table = reading.read_table(data, name)
    except FieldErrors as exc:
        error = exc.errors.get("file") or next(iter(exc.errors.values()))
        st.session_state[state.FILE] = {"id": file_id, "error": error}
        return
    st.session_state[state.FILE] = {"id": file_id, "table": table, "mapping": headers.match_headers(table.headers)}


def upload(_: Translator) -> tuple[RawTable, HeaderMapping] | None:
    """Step 2. The file read as text and its header mapping; None (the page stops) until a file is read."""
    st.subheader(_("2. Upload the filled list"))
    uploaded = st.file_uploader(
        _("Village list (Excel .xlsx or CSV)"), key=state.uploader_key(),
        help=_("An Excel workbook (.xlsx) or a CSV file saved by Excel or WPS (GBK or UTF-8 are both fine). "
               "The file is checked here before anything is saved."))
    if uploaded is None:
        if state.get(state.FILE) is not None:
            state.forget_file()
        return None
    current = state.get(state.FILE)
    if current is None or current["id"] != uploaded.file_id:
        state.forget_file()
        _read(uploaded.getvalue(), uploaded.name, uploaded.file_id)
        current = state.get(state.FILE)
    if "error" in current:
        text, values = message_parts(current["error"])
        st.error(_(text, **values), icon="⚠️")
        return None
    table: RawTable = current["table"]
    st.caption(_("{name}: {rows} rows read.", name=table.file_name, rows=f"{len(table.rows):,}"))
    return table, current["mapping"]


def _on_confirm() -> None:
    st.session_state[state.CONFIRMED] = True
    state.ask_check()


def confirm_columns(_: Translator, table: RawTable, mapping: HeaderMapping) -> bool:
    """The mapping shown for confirmation; True once confirmed for this file."""
    confirmed = bool(state.get(state.CONFIRMED))
    with st.expander(_("Columns of the file"), expanded=not confirmed, icon=":material/view_column:"):
        lines = [{_("Column in the file"): header or _("(no header)"),
                  _("Imported as"): (_(FIELD_BY_NAME[mapping.columns[i]].label) if i in mapping.columns
                                     else _("ignored"))}
                 for i, header in enumerate(table.headers)]
        st.dataframe(pd.DataFrame(lines), hide_index=True, width="stretch", key="imp_columns")
        if mapping.unknown:
            st.caption(_("Ignored (no field has this name): {headers}", headers="、".join(mapping.unknown)))
    if mapping.missing:
        names = "、".join(f"{FIELD_BY_NAME[f].header}（{_(FIELD_BY_NAME[f].label)}）" for f in mapping.missing)
        st.error(_("Required columns are missing: {fields}. Add them to the file (the template has them) "
                   "and upload it again.", fields=names), icon="⚠️")
        return False
    if not confirmed:
        st.button(_("The columns are right: check the list"), type="primary", key="imp_confirm",
                  on_click=_on_confirm, icon=":material/fact_check:")
    return confirmed
