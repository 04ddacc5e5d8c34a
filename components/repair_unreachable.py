"""The repair queue's "Phones unreachable at follow-up": people nobody could reach at a visit
(`repairs.unreachable.unreachable_items`), each with the way to the registration desk's mobile change (after
checking the ID card), and a small form that closes one: reached again, phone corrected ("fixed"), or
dismissed with a reason (`close_unreachable`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from components import routes
from components.field_errors import FormErrors
from components.text import literal
from services.core.errors import FieldErrors, PortalError
from services.core.i18n import N_, Translator
from services.places.county import County

KEY = "repair_unreachable"
HOW: dict[str, str] = {"fixed": N_("Reached again: the phone is corrected"), "dismissed": N_("Dismiss (say why)")}


def render(_: Translator, engine: Engine, *, township: str | None, staff_id: int, county: County,
           language: str, desk: bool) -> None:
    """`desk`: whether this user has the registration desk page (township staff have not: the desk does it)."""
    from services.repairs.unreachable import unreachable_items

    items, total = unreachable_items(engine, township=township)
    st.caption(_("Nobody could reach these workers at a follow-up visit: find a phone that works. A new mobile "
                 "is set at the registration desk after checking the ID card."))
    errors = FormErrors(KEY)
    errors.flash()
    if not items:
        st.info(_("No unreachable phones waiting here."))
        return
    if total > len(items):
        st.caption(_("The {shown} oldest of {total}.").format(shown=len(items), total=total))
    _table(_, items, county=county, language=language)
    if desk:
        st.page_link(routes.file("desk"), label=_("Change a mobile at the registration desk"),
                     icon=":material/badge:")
    _close_form(_, engine, items, staff_id=staff_id, errors=errors)


def _table(_: Translator, items: Sequence[Any], *, county: County, language: str) -> None:
    st.table(pd.DataFrame([{
        _("Name"): literal(i.name), _("Township"): county.label(i.township, language) if i.township else "",
        _("Village"): literal(i.village or ""), _("Mobile"): i.phone_masked, _("Employer"): literal(i.employer or ""),
        _("Since"): f"{i.created_at:%Y-%m-%d}"} for i in items]), hide_index=True)


def _close_form(_: Translator, engine: Engine, items: Sequence[Any], *, staff_id: int, errors: FormErrors) -> None:
    from services.repairs.unreachable import close_unreachable

    by_id = {i.item_id: i for i in items}
    with st.form(KEY, enter_to_submit=False):
        chosen = st.selectbox(_("Worker"), list(by_id), index=None, placeholder=_("Choose one"), key=f"{KEY}_item",
                              format_func=lambda i: f"{by_id[i].name} · {by_id[i].village}")
        errors.under(_, "item_id")
        how = st.radio(_("How was it solved?"), list(HOW), key=f"{KEY}_how", format_func=lambda h: _(HOW[h]))
        reason = st.text_input(_("Reason or note"), max_chars=200, key=f"{KEY}_reason",
                               placeholder=_("e.g. reached through the village committee"))
        errors.under(_, "reason")
        errors.rest(_, ("item_id", "reason"))
        sent = st.form_submit_button(_("Close this item"))
    if not sent:
        return
    try:
        if chosen is None:
            raise FieldErrors.one("item_id", N_("Please choose one of the options."))
        close_unreachable(engine, item_id=chosen, user_id=staff_id, outcome=how, reason=reason)
    except FieldErrors as exc:
        errors.keep(exc.errors)
    except PortalError as exc:
        st.error(_(exc.message).format(**exc.values))
    else:
        errors.done(_("Closed."))
