"""One training course drawn for a seeker (the ticket page, the kiosk): title, kind in plain words, where,
dates, seats left; the words are services.training.offer_words'. No business rules."""

from __future__ import annotations

import streamlit as st

from components.text import literal
from services.core.i18n import Translator
from services.training.offer import OfferedCourse
from services.training.offer_words import dates_text, kind_text, place_text


def course_lines(_: Translator, course: OfferedCourse, language: str) -> None:
    st.markdown(f"**{literal(course.title)}**")
    st.markdown("🏷️ " + literal(kind_text(_, course.kind, course.trade)) + "  \n"
                + "📍 " + literal(place_text(_, course.place_name, course.township, course.address)) + "  \n"
                + "📅 " + literal(dates_text(_, course.starts_on, course.ends_on, language)) + "  \n"
                + "🪑 " + _("{n} seats left").format(n=course.seats_left))
