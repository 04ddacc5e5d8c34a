"""Lists and forms for job fairs and registration points (sites), for pages/organizer/fairs.py.

Each form is submitted once (st.form). The submit callback saves through
services.places (fairs, sites); a refused form keeps every value typed and shows the translated
message beside the field. Picking an existing fair or site loads it into the form;
after a fair or site is created, it stays picked so its posters appear at once.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components import outage, runtime
from components.text import literal
from models import Fair, FairStatus, Site, SiteKind
from services.core.errors import FieldErrors
from services.core.i18n import N_, Translator
from services.places.sources import (
    FAIR_STATUSES,
    KNOWN_CAMPAIGNS,
    SITE_KINDS,
    create_fair,
    create_site,
    fair_status,
    get_fair,
    get_site,
    registration_url,
    update_fair,
    update_site,
)

NEW = 0  # the "new fair / new site" choice in the pickers
FAIR, SITE = "fair_", "site_"  # widget key prefixes
FAIR_FIELDS = {"name": "", "code": "", "campaign": None, "township": "", "venue": "", "starts_on": None,
               "ends_on": None, "status": FairStatus.OPEN}
SITE_FIELDS = {"name": "", "code": "", "kind": SiteKind.RELOCATION, "township": None, "active": True}


# --- labels -------------------------------------------------------------------------------------


def campaign_label(_: Translator, campaign: str | None) -> str:
    """Campaigns are stored in Chinese; in English the known ones get their English name too."""
    if not campaign:
        return ""
    if runtime.language() != "zh_CN" and campaign in KNOWN_CAMPAIGNS:
        return f"{_(KNOWN_CAMPAIGNS[campaign])} ({campaign})"
    return campaign


def township_label(_: Translator, township: str | None) -> str:
    return runtime.county().label(township, runtime.language()) if township else _("Whole county")


def date_span(fair: Fair) -> str:
    first, last = fair.starts_on, fair.ends_on
    if first and last and first != last:
        return f"{first.isoformat()} – {last.isoformat()}"
    return (first or last).isoformat() if (first or last) else ""


# --- lists --------------------------------------------------------------------------------------


def fair_table(_: Translator, fairs: list[Fair]) -> None:
    if not fairs:
        st.info(_("No job fairs yet. Create the first one below."))
        return
    base, link = runtime.settings().base_url, _("Registration link")
    st.dataframe([{
        _("Code"): f.code, _("Job fair"): f.name, link: registration_url(base, fair_code=f.code),
        _("Status"): _(FAIR_STATUSES[fair_status(f)]), _("Dates"): date_span(f),
        _("Township"): township_label(_, f.township), _("Campaign"): campaign_label(_, f.campaign),
    } for f in fairs], hide_index=True, column_config={link: st.column_config.LinkColumn()}, key="fair_table")


def site_table(_: Translator, sites: list[Site]) -> None:
    if not sites:
        st.info(_("No registration points yet. Create the first one below."))
        return
    base, link = runtime.settings().base_url, _("Registration link")
    st.dataframe([{
        _("Code"): s.code, _("Registration point"): s.name, link: registration_url(base, site_code=s.code),
        _("Active"): _("Yes") if s.active else _("No"), _("Kind"): _(SITE_KINDS.get(s.kind, s.kind)),
        _("Township"): township_label(_, s.township),
    } for s in sites], hide_index=True, column_config={link: st.column_config.LinkColumn()}, key="site_table")


# --- form state ---------------------------------------------------------------------------------


def _fill(prefix: str, values: dict) -> None:
    for field, value in values.items():
        st.session_state[prefix + field] = value
    st.session_state[prefix + "errors"] = {}


@outage.callback
def _load_fair() -> None:
    fair = get_fair(runtime.engine(), st.session_state.get(FAIR + "pick") or NEW)
    _fill(FAIR, {f: getattr(fair, f) for f in FAIR_FIELDS} if fair else FAIR_FIELDS)
    if fair is not None:
        st.session_state[FAIR + "campaign"] = fair.campaign or None
    st.session_state.pop(FAIR + "saved", None)


@outage.callback
def _load_site() -> None:
    site = get_site(runtime.engine(), st.session_state.get(SITE + "pick") or NEW)
    _fill(SITE, {f: getattr(site, f) for f in SITE_FIELDS} if site else SITE_FIELDS)
    st.session_state.pop(SITE + "saved", None)


def _saved(prefix: str, row: Fair | Site, created: bool) -> None:
    st.session_state[prefix + "pick"] = row.id
    st.session_state[prefix + "code"] = row.code
    st.session_state[prefix + "errors"] = {}
    st.session_state[prefix + "saved"] = ("created" if created else "updated", row.name, row.code)


@outage.callback
def _save_fair() -> None:
    s, pick = st.session_state, st.session_state.get(FAIR + "pick") or NEW
    fields = {"name": s.get(FAIR + "name") or "", "venue": s.get(FAIR + "venue") or "",
              "township": s.get(FAIR + "township") or "", "campaign": s.get(FAIR + "campaign") or "",
              "starts_on": s.get(FAIR + "starts_on"), "ends_on": s.get(FAIR + "ends_on"),
              "status": s.get(FAIR + "status") or FairStatus.OPEN, "county": runtime.county()}
    try:
        if pick == NEW:
            fair = create_fair(runtime.engine(), code=s.get(FAIR + "code") or None, **fields)
        else:
            fair = update_fair(runtime.engine(), pick, **fields)
    except FieldErrors as exc:
        s[FAIR + "errors"] = exc.errors
        s.pop(FAIR + "saved", None)
        return
    _saved(FAIR, fair, pick == NEW)


@outage.callback
def _save_site() -> None:
    s, pick = st.session_state, st.session_state.get(SITE + "pick") or NEW
    fields = {"name": s.get(SITE + "name") or "", "kind": s.get(SITE + "kind") or SiteKind.RELOCATION,
              "township": s.get(SITE + "township") or "", "county": runtime.county()}
    try:
        if pick == NEW:
            site = create_site(runtime.engine(), code=s.get(SITE + "code") or None,
                               active=bool(s.get(SITE + "active", True)), **fields)
        else:
            site = update_site(runtime.engine(), pick, active=bool(s.get(SITE + "active")), **fields)
    except FieldErrors as exc:
        s[SITE + "errors"] = exc.errors
        s.pop(SITE + "saved", None)
        return
    _saved(SITE, site, pick == NEW)


def _error(_: Translator, prefix: str, *fields: str) -> None:
    errors = st.session_state.get(prefix + "errors") or {}
    for field in fields:
        if errors.get(field):
            st.error(_(errors[field]), icon="⚠️")


def _outcome(_: Translator, prefix: str) -> None:
    if st.session_state.get(prefix + "errors"):
        st.error(_("Some fields need fixing: see the messages above. Nothing you typed is lost."))
    saved = st.session_state.get(prefix + "saved")
    if saved:
        what, name, code = saved
        message = _("Created {name} with the code {code}.") if what == "created" else _("Saved {name}.")
        st.success(message.format(name=literal(name), code=code))


def _picker(_: Translator, prefix: str, rows: list, label: str, new_label: str, on_change: Callable) -> int:
    by_id = {r.id: r for r in rows}
    if st.session_state.get(prefix + "pick") not in (NEW, *by_id):
        st.session_state[prefix + "pick"] = NEW  # deleted meanwhile, or first visit
        for field, value in (FAIR_FIELDS if prefix == FAIR else SITE_FIELDS).items():
            st.session_state.setdefault(prefix + field, value)
    return st.selectbox(label, [NEW, *by_id], key=prefix + "pick", on_change=on_change,
                        format_func=lambda i: new_label if i == NEW else f"{by_id[i].name} ({by_id[i].code})")


# --- forms --------------------------------------------------------------------------------------

CODE_HELP = N_("Leave empty to get one automatically. 2 to 16 letters, digits or dashes, e.g. SPRING26. "
               "It cannot be changed later: printed posters carry it.")


def fair_form(_: Translator, fairs: list[Fair]) -> Fair | None:
    """The create-or-edit form; returns the fair it shows (None for a new one)."""
    county = runtime.county()
    pick = _picker(_, FAIR, fairs, _("Create or edit a job fair"), _("New job fair"), _load_fair)
    editing = pick != NEW
    campaigns = list(KNOWN_CAMPAIGNS)
    current = st.session_state.get(FAIR + "campaign")
    if current and current not in campaigns:
        campaigns.append(current)
    with st.form("fair_form", enter_to_submit=False):
        st.text_input(_("Name of the job fair"), key=FAIR + "name", max_chars=120,
                      placeholder=_("e.g. 2026 Spring Breeze Action job fair"))
        _error(_, FAIR, "name")
        st.text_input(_("Short code for the QR link"), key=FAIR + "code", max_chars=16, disabled=editing,
                      help=_(CODE_HELP))
        _error(_, FAIR, "code")
        st.selectbox(_("Campaign"), campaigns, index=None, key=FAIR + "campaign", accept_new_options=True,
                     format_func=lambda c: campaign_label(_, c), placeholder=_("Choose, or type another name"))
        _error(_, FAIR, "campaign")
        st.selectbox(_("Township"), ["", *(t.name for t in county.townships)], key=FAIR + "township",
                     format_func=lambda t: township_label(_, t))
        _error(_, FAIR, "township")
        st.text_input(_("Venue"), key=FAIR + "venue", max_chars=200, placeholder=_("e.g. county sports hall"))
        _error(_, FAIR, "venue")
        first, last = st.columns(2)
        first.date_input(_("First day"), value=None, key=FAIR + "starts_on", format="YYYY-MM-DD")
        last.date_input(_("Last day"), value=None, key=FAIR + "ends_on", format="YYYY-MM-DD")
        _error(_, FAIR, "ends_on")
        st.radio(_("Status"), list(FAIR_STATUSES), key=FAIR + "status", horizontal=True,
                 format_func=lambda v: _(FAIR_STATUSES[v]))
        _error(_, FAIR, "status")
        st.form_submit_button(_("Save changes") if editing else _("Create job fair"), type="primary",
                              on_click=_save_fair)
    _outcome(_, FAIR)
    return next((f for f in fairs if f.id == pick), None)


def site_form(_: Translator, sites: list[Site]) -> Site | None:
    county = runtime.county()
    pick = _picker(_, SITE, sites, _("Create or edit a registration point"), _("New registration point"),
                   _load_site)
    editing = pick != NEW
    with st.form("site_form", enter_to_submit=False):
        st.text_input(_("Name of the registration point"), key=SITE + "name", max_chars=120,
                      placeholder=_("e.g. Xingfu community relocation site"))
        _error(_, SITE, "name")
        st.text_input(_("Short code for the QR link"), key=SITE + "code", max_chars=16, disabled=editing,
                      help=_(CODE_HELP))
        _error(_, SITE, "code")
        st.radio(_("Kind"), list(SITE_KINDS), key=SITE + "kind", horizontal=True,
                 format_func=lambda v: _(SITE_KINDS[v]))
        _error(_, SITE, "kind")
        st.selectbox(_("Township"), [t.name for t in county.townships], index=None, key=SITE + "township",
                     format_func=lambda t: township_label(_, t), placeholder=_("Choose a township"))
        _error(_, SITE, "township")
        st.checkbox(_("Active (its QR code accepts registrations)"), key=SITE + "active")
        st.form_submit_button(_("Save changes") if editing else _("Create registration point"), type="primary",
                              on_click=_save_site)
    _outcome(_, SITE)
    return next((s for s in sites if s.id == pick), None)
