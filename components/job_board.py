"""Pieces of the public job board (pages/public/jobs.py): big readable cards, the "go out or stay near"
table, and the "I am interested" form. Built for a 390 px phone screen, in Chinese first.

User-entered text (titles, employer names, descriptions) always goes through `literal()`.
"""

from __future__ import annotations

import streamlit as st

from components import outage, runtime
from components.text import literal
from services.core.errors import PortalError
from services.core.i18n import N_, Translator
from services.core.reference import EDUCATION_LEVELS, SCOPES, TRADES, TRIP_PAYERS
from services.places.geography import city_label, province_label
from services.recruiting.board import Card, Column, Comparison, Detail, monthly_gap, travel
from services.recruiting.interest import RulesNotMet, express_interest
from services.recruiting.match_rules import Reason
from services.recruiting.rules import estimated_rent, wage_figure

CODE_KEY, OUTCOME_KEY, MY_TICKET = "interest_code", "interest_outcome", "my_ticket"
ONLY_GENDER = {"M": N_("Men only"), "F": N_("Women only")}
# The board's filter choices, on the phone (pages/public/jobs.py) and on the kiosk (components/kiosk_board.py)
WAGES = ["3000", "4000", "5000", "6000", "7000"]
SCOPE_CHOICES = {"": N_("All places"), "local": N_("Near home"), "province": N_("In our province"),
                 "out": N_("Other provinces")}

# Static styling only (no user text): the wage is the biggest thing on a card.
CSS = """<style>
[class*="st-key-card_"] p { font-size: 1.05rem; }
[class*="st-key-card_"] [class*="st-key-wage_"] p { font-size: 1.9rem; font-weight: 700; color: #c2410c;
  line-height: 1.25; margin: 0.1rem 0; }
[data-testid="stMarkdownContainer"] table { width: 100%; font-size: 0.95rem; }
[data-testid="stMarkdownContainer"] th, [data-testid="stMarkdownContainer"] td { padding: 0.35rem 0.3rem; }
</style>"""


def wage_choice(_: Translator, value: str) -> str:
    """A "pay can reach" choice (`rules.wage_reaches`: the top of the range reaches it)."""
    return _("At least {wage} yuan/month").format(wage=f"{int(value):,}") if value else _("Any")


def num(value: float | int | None) -> str:
    """8.0 -> "8", 7.5 -> "7.5", 12000 -> "12,000"."""
    if value is None:
        return "—"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def money_range(_: Translator, low: int, high: int) -> str:
    """A monthly wage: "3,800–4,500 yuan/month", or one figure "3,800 yuan/month" (`rules.wage_figure`)."""
    return _("{wage} yuan/month").format(wage=wage_figure(low, high))


def money_short(_: Translator, low: int, high: int) -> str:
    """For the comparison table, where the row says "monthly": no "/month" to wrap on a phone."""
    return _("{cost} yuan").format(cost=wage_figure(low, high))


def rent_note(_: Translator, card: Card, rent: int) -> str:
    """"Less an estimated rent of 600 yuan/month (Shenzhen)": what pay left deducted for a room."""
    return _("Less an estimated rent of {rent} yuan/month ({city})").format(
        rent=num(rent), city=literal(city_label(card.city, runtime.language())))


def place(_: Translator, card: Card) -> str:
    lang = runtime.language()
    return _("{city}, {province}").format(city=literal(city_label(card.city, lang)),
                                          province=province_label(card.province, lang))


def housing_text(_: Translator, card: Card) -> str:
    if not card.housing:
        rent = estimated_rent(card)
        return _("No housing (a room costs about {rent} yuan/month)").format(rent=num(rent)) if rent else _(
            "No housing")
    return _("Free housing") if not card.housing_cost else _("Housing {cost} yuan/month").format(
        cost=num(card.housing_cost))


def meals_text(_: Translator, card: Card) -> str:
    if not card.meals:
        return _("No meals")
    return _("Free meals") if not card.meals_cost else _("Meals {cost} yuan/month").format(cost=num(card.meals_cost))


def hours_text(_: Translator, card: Card) -> str:
    return _("{hours} h a day, {days} days a week").format(hours=num(card.hours_per_day), days=num(card.days_per_week))


def who_text(_: Translator, card: Card) -> str:
    age = _("Age {low}–{high}").format(low=card.age_min, high=card.age_max)
    edu = _("Any education") if card.min_education == "none" else _("{education} or above").format(
        education=_(EDUCATION_LEVELS[card.min_education]))
    return f"{age} · {edu} · " + _("Hiring {n}").format(n=num(card.headcount))


def card_lines(_: Translator, card: Card) -> list[str]:
    where = f"📍 {place(_, card)} · {_(SCOPES[card.scope])}"
    km = travel(card).distance_km  # 0 or unknown: the place and "nearby" say enough
    if km is not None:
        where += " · " + _("about {km} km from home").format(km=num(km))
    return [
        where,
        f"🏠 {housing_text(_, card)} · 🍚 {meals_text(_, card)}",
        f"⏰ {hours_text(_, card)} · " + _("Contract {months} months").format(months=card.contract_months),
        f"👤 {who_text(_, card)}",
        "🗓️ " + _("Apply by {date}").format(date=card.closing_date.isoformat()),
    ]


def show_card(_: Translator, card: Card, *, with_button: bool = True) -> None:
    with st.container(border=True, key=f"card_{card.id}"):
        st.markdown(f"**{literal(card.title)}** · {_(TRADES.get(card.trade, card.trade))}")
        st.caption(literal(card.employer_name))
        with st.container(key=f"wage_{card.id}"):
            st.markdown(money_range(_, card.wage_min, card.wage_max))
        st.markdown("  \n".join(card_lines(_, card)))
        if with_button:
            st.button(_("Details: go out or stay near?"), key=f"open_{card.id}", on_click=_open, args=(card.id,),
                      width="stretch")


def _open(vacancy_id: int) -> None:
    st.query_params["vacancy"] = str(vacancy_id)


def back_to_list() -> None:
    st.query_params.pop("vacancy", None)
    st.session_state.pop(OUTCOME_KEY, None)


def show_detail(_: Translator, detail: Detail) -> None:
    card = detail.card
    show_card(_, card, with_button=False)
    lines = []
    if card.gender:
        lines.append(_("{who} (legal basis: {basis})").format(who=_(ONLY_GENDER[card.gender]),
                                                              basis=literal(detail.gender_basis)))
    trip = travel(card)  # no "0 hours" or "0 yuan": a nearby job says so instead
    if trip.hours is not None:
        lines.append("🚌 " + _("About {hours} hours on the road, one way").format(hours=num(trip.hours)))
    if trip.fare is not None:
        lines.append("🎫 " + _("Fare {fare} yuan one way").format(fare=num(trip.fare)))
    if trip.nearby:
        lines.append("🏡 " + _("Near home: no long trip"))
    else:
        lines.append("🏡 " + _("Trip home: {payer}").format(payer=_(TRIP_PAYERS[card.trip_home_payer])))
    if detail.fairs:
        lines.append("🎪 " + _("At the fairs: {fairs}").format(fairs="、".join(literal(f) for f in detail.fairs)))
    st.markdown("  \n".join(lines))
    if detail.description:
        st.markdown(literal(detail.description).replace("\n", "  \n"))


def _cell(text: str) -> str:
    return text.replace("\n", " ")


def _rows(_: Translator, col: Column) -> list[str]:
    c, t = col.card, travel(col.card)
    if t.nearby:  # no "0 km · 0 h · 0 yuan" for a job near home
        distance, fare_payer, trip = _("Near home"), "—", "—"
    else:
        distance = "—" if t.distance_km is None else _("{km} km").format(km=num(t.distance_km))
        if t.hours is not None:
            distance += " · " + _("{hours} h").format(hours=num(t.hours))
        fare = "—" if t.fare is None else _("{fare} yuan").format(fare=num(t.fare))
        fare_payer = f"{fare} · {_(TRIP_PAYERS[c.trip_home_payer])}"
        trip = "—" if col.trip_cost_month is None else _("{cost} yuan").format(cost=num(col.trip_cost_month))
    left = f"**{money_short(_, col.net_min, col.net_max)}**"
    return [
        f"**{literal(_cell(c.title))}** · {literal(_cell(c.employer_name))}",
        f"{place(_, c)}",
        money_short(_, c.wage_min, c.wage_max),
        f"{housing_text(_, c)} · {meals_text(_, c)}",
        money_short(_, col.left_min, col.left_max),
        _("{hours} h").format(hours=num(round(col.hours_month))),
        _("{months} months").format(months=c.contract_months),
        distance,
        fare_payer,
        trip,
        left,
    ]


def comparison_table(_: Translator, this: Column, other: Column | None) -> str:
    labels = [_("Job"), _("Where"), _("Monthly wage"), _("Housing and meals"), _("Left after housing and meals"),
              _("Hours a month"), _("Contract"), _("Distance and travel"), _("One-way fare, trip home paid by"),
              _("Your trip home, per month"), _("Left each month")]
    columns = [_rows(_, this)] + ([_rows(_, other)] if other else [])
    head = "| | " + " | ".join([_("This job"), _("Nearby job")][: len(columns)]) + " |"
    sep = "|---" * (len(columns) + 1) + "|"
    body = ["| " + " | ".join([f"**{label}**", *(col[i] for col in columns)]) + " |" for i, label in enumerate(labels)]
    return "\n".join([head, sep, *body])


def show_comparison(_: Translator, comparison: Comparison) -> None:
    st.subheader(_("Go out or stay near?"), anchor=False)
    st.caption(_("What is left of the pay after housing, meals and one trip home a year, beside the best jobs "
                 "near home."))
    nearby = comparison.nearby
    other = None
    if nearby:
        labels = {i: _("Nearby {n}").format(n=i + 1) for i in range(len(nearby))}
        pick = st.segmented_control(_("Compare with"), list(labels), format_func=labels.get, key="compare_pick",
                                    default=0, required=True)
        other = nearby[pick or 0]
    else:
        st.info(_("There are no jobs near home on the board right now."))
    st.markdown(comparison_table(_, comparison.this, other))
    for label, col in ((_("This job"), comparison.this), (_("Nearby job"), other)):
        if col is not None and col.rent:  # what "left each month" deducted for a room
            st.caption(_("{job}: {note}").format(job=label, note=rent_note(_, col.card, col.rent)))
    if other is not None:
        gap = monthly_gap(comparison.this, other)
        hours = round(comparison.this.hours_month - other.hours_month)
        text = (_("This job leaves about {gap} yuan more each month than the nearby job.") if gap >= 0 else
                _("This job leaves about {gap} yuan less each month than the nearby job.")).format(gap=num(abs(gap)))
        space = "" if runtime.language() == "zh_CN" else " "
        if hours > 0:
            text += space + _("You work about {hours} hours more a month.").format(hours=hours)
        elif hours < 0:
            text += space + _("You work about {hours} hours less a month.").format(hours=-hours)
        st.info(text)


@outage.callback  # database down: the code stays typed under the message
def _submit_interest(vacancy_id: int, confirmed: bool = False) -> None:
    typed = st.session_state.get(CODE_KEY) or ""
    try:
        result = express_interest(runtime.engine(), ticket_code=typed, vacancy_id=vacancy_id,
                                  confirmed_despite=confirmed)
    except RulesNotMet as exc:  # nothing recorded yet: say why, and ask "still interested?"
        st.session_state[OUTCOME_KEY] = (vacancy_id, "confirm", exc.reasons)
        return
    except PortalError as exc:
        st.session_state[OUTCOME_KEY] = (vacancy_id, "error", exc.message)
        return
    st.session_state[MY_TICKET] = typed.strip()
    st.session_state[OUTCOME_KEY] = (vacancy_id, "already" if result.already else "done", result)


def _ask_despite(_: Translator, vacancy_id: int, reasons: tuple[Reason, ...]) -> None:
    """The rules the person does not meet, in plain words, and a second press to go on anyway."""
    lines = "  \n".join(f"✗ {literal(r.text(_))}" for r in reasons)
    st.warning(_("This job asks for something you do not meet:") + "  \n" + lines + "  \n"
               + _("The employer may still say no. Are you still interested?"), icon="⚠️")
    st.button(_("Yes, still tell the employer"), key="interest_despite", type="primary", width="stretch",
              on_click=_submit_interest, args=(vacancy_id, True))
    st.button(_("No, show me other jobs"), key="interest_back", width="stretch", on_click=back_to_list)


def _my_ticket() -> str:
    mine = st.session_state.get(MY_TICKET)
    return str(getattr(mine, "code", mine) or "")


def interest_form(_: Translator, vacancy_id: int) -> None:
    st.subheader(_("I am interested"), anchor=False)
    if CODE_KEY not in st.session_state and _my_ticket():
        st.session_state[CODE_KEY] = _my_ticket()
    with st.form("interest", enter_to_submit=True):
        st.text_input(_("The code on your ticket"), key=CODE_KEY, max_chars=16,
                      placeholder=_("e.g. AB12 CD34"), help=_("The 8 letters and digits under your QR code."))
        st.form_submit_button(_("Tell the employer I am interested"), type="primary", width="stretch",
                              on_click=_submit_interest, args=(vacancy_id,))
    outcome = st.session_state.get(OUTCOME_KEY)
    if not outcome or outcome[0] != vacancy_id:
        st.caption(_("The employer then sees your name, age, skills and phone number, and may call you."))
        return
    _vid, kind, payload = outcome
    if kind == "confirm":
        _ask_despite(_, vacancy_id, payload)
        return
    if kind == "error":
        st.error(_(payload), icon="⚠️")
        return
    names = {"employer": literal(payload.employer_name), "title": literal(payload.vacancy_title)}
    if kind == "done":
        st.success(_("Done! {employer} can now see your phone number and may call you about “{title}”. "
                     "Keep your phone on.").format(**names), icon="✅")
    else:
        st.info(_("You already told {employer} that you are interested in “{title}”. They can see your phone "
                  "number and may call you.").format(**names))
