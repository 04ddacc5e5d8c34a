"""Fuzzing the import's row rules (services/imports/row_rules.py, cells.py) and the registration form
(services/registration/forms.py): arbitrary cell strings give a checked row (valid, or with its problems),
never an exception; a repaired value is valid and repairing it again changes nothing. Examples: tests/fuzzing.py."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from services.core.errors import FieldErrors
from services.core.reference import OTHER
from services.core.validation import normalize_mobile, normalize_name, parse_resident_id
from services.imports.cells import folded, is_blank, parse_age, parse_gender
from services.imports.row_rules import RowChecker
from services.imports.types import FIELDS
from services.registration.forms import RegistrationForm, validate_identity, validate_registration
from tests.fuzzing import fuzz, mark
from tests.imports.checking_rows import MAPPING, TODAY, cells, table

pytestmark = mark

FIELD_NAMES = [f.name for f in FIELDS]
# What a cell may hold: anything, or the characters that look like what a column wants (digits of other scripts,
# full-width forms, Chinese words of the choice columns).
any_cell = st.one_of(
    st.text(max_size=25),
    st.text(alphabet="0123456789０１２３４５６７８９²³፩٣߃Xx人口元岁周.,，-+ 男女是否能不初中高大专乡村镇", max_size=12),
)


@fuzz(0.5)
@given(st.dictionaries(st.sampled_from(FIELD_NAMES), any_cell, max_size=len(FIELD_NAMES)), st.integers(1, 200))
@example({"household_code": "H1", "household_size": "፩"}, 3)  # a digit isdigit() knows but int() does not read
@example({"household_code": "H1", "household_income": "٣.٣"}, 3)
@example({"age": "²"}, 3)
def test_any_cells_give_a_checked_row(county, changes: dict[str, str], n: int) -> None:
    checker = RowChecker(table([]), MAPPING, county, TODAY)
    values = cells(n, **changes)
    row, _facts = checker.check(2, checker.cells(tuple(values[f] for f in MAPPING.columns.values())))
    assert row.valid == (row.draft is not None and not any(p.blocking for p in row.problems))
    for repair in row.repairs:
        if repair.field == "id_number":
            assert parse_resident_id(repair.after, today=TODAY).number == repair.after
        elif repair.field == "phone":
            assert normalize_mobile(repair.after) == repair.after
        elif repair.field == "name":
            assert normalize_name(repair.after) == repair.after
    if row.valid:  # a valid row checked again as repaired has nothing left to repair
        fixed = {**values, **{r.field: r.after for r in row.repairs}}
        again, _ = checker.check(2, checker.cells(tuple(fixed[f] for f in MAPPING.columns.values())))
        assert again.valid
        assert not [r for r in again.repairs if r.field in ("name", "id_number", "phone")]


@fuzz()
@given(any_cell)
def test_cell_cleaning_is_idempotent(raw: str) -> None:
    once = folded(raw)
    assert folded(once) == once
    assert is_blank(raw) == (once == "")
    age = parse_age(raw)
    assert age is None or 0 <= age <= 999
    assert parse_gender(raw) in (None, "M", "F")


form_text = st.one_of(st.none(), st.text(max_size=20), st.just(OTHER))
village_typed = st.one_of(st.text(max_size=70), st.just("石\x00桥村"))  # a NUL: an error on PostgreSQL


@fuzz(0.5)
@given(st.builds(RegistrationForm, name=st.text(max_size=20), id_number=any_cell, phone=any_cell,
                 township=form_text, village=form_text, village_other=village_typed, education=form_text,
                 trades=st.lists(st.text(max_size=8), max_size=4), intention=form_text,
                 expected_wage=st.one_of(st.none(), any_cell, st.integers(-10**9, 10**9), st.floats()),
                 willing_to_train=form_text, poor_household=form_text, leave_constraint=form_text,
                 consent=st.booleans()))
def test_any_form_is_a_draft_or_field_errors(county, form: RegistrationForm) -> None:
    for validate in (validate_identity, validate_registration):
        try:
            draft = validate(form, county=county, today=TODAY)
        except FieldErrors as refused:
            assert refused.errors and all(isinstance(k, str) for k in refused.errors)
            continue
        assert form.consent and draft.phone == normalize_mobile(draft.phone)
        assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in draft.village + draft.township)
