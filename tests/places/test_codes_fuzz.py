"""Fuzzing what comes in a URL or a cookie: fair and site codes (`?fair=`, `?site=`), ticket codes, `?lang=`,
and what a villager types in the village search. Any value is resolved or explained, never an exception —
on SQLite and PostgreSQL (a NUL character in a query is an error there). Examples: tests/fuzzing.py."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from services.core.i18n import LANGUAGES, normalize_language
from services.places.codes import CODE_PATTERN, normalize_code
from services.places.sources import resolve_source
from services.places.village_search import normalize_query, search_villages
from services.registration.tickets import TICKET_ALPHABET, get_ticket, normalize_ticket_code
from tests.fuzzing import fuzz, mark

pytestmark = mark

url_text = st.one_of(st.none(), st.text(max_size=40), st.text(alphabet="ABCDEFGHJKMN0123456789-_ \x00%/'\";",
                                                             max_size=20))


@fuzz(0.05)
@given(url_text, url_text)
@example("SPRING\x0026", None)
@example(None, "\x00")
@example("A" * 5000, None)
def test_any_fair_or_site_code_is_resolved_or_explained(engine, fair: str | None, site: str | None) -> None:
    lookup = resolve_source(engine, fair_code=fair, site_code=site)
    assert lookup.source is not None
    if normalize_code(fair) or normalize_code(site):
        assert lookup.problem  # no fair or site exists in an empty database: each code is explained


@fuzz(0.05)
@given(url_text.map(lambda v: v or ""))
@example("ABCD\x00EFGH")
def test_any_ticket_code_is_found_or_not(engine, raw: str) -> None:
    assert get_ticket(engine, raw) is None  # nobody registered: nothing found, nothing raised


@fuzz()
@given(st.text(max_size=30))
def test_ticket_code_cleaning_is_idempotent(raw: str) -> None:
    once = normalize_ticket_code(raw)
    assert normalize_ticket_code(once) == once
    assert "\x00" not in once and " " not in once


@fuzz()
@given(st.text(alphabet=TICKET_ALPHABET, min_size=8, max_size=8), st.sampled_from(["", " ", "-"]), st.booleans())
def test_a_ticket_code_round_trips_however_typed(code: str, sep: str, lower: bool) -> None:
    typed = code[:4] + sep + code[4:]
    assert normalize_ticket_code(typed.lower() if lower else typed) == code


@fuzz()
@given(st.text(max_size=20))
def test_a_code_pattern_match_is_what_a_link_holds(raw: str) -> None:
    code = normalize_code(raw)
    assert normalize_code(code) == code
    if CODE_PATTERN.fullmatch(code):
        assert code.isascii() and "\x00" not in code


@fuzz()
@given(st.one_of(st.none(), st.text(max_size=15)))
def test_any_lang_parameter_is_a_supported_language(raw: str | None) -> None:
    assert normalize_language(raw) in LANGUAGES


@fuzz()
@given(st.one_of(st.text(max_size=20), st.text(alphabet="yanjiaocundhxlzsgqpbtwm岩脚村大河乡 'üv:", max_size=12)),
       st.integers(1, 20))
def test_any_village_query_finds_villages_of_the_county(county, query: str, limit: int) -> None:
    hits = search_villages(county, query, limit=limit)
    assert len(hits) <= limit
    names = {(t.name, v.name) for t in county.townships for v in t.villages}
    assert all((h.township, h.village) in names for h in hits)
    assert normalize_query(normalize_query(query)) == normalize_query(query)
