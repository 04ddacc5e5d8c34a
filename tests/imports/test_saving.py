"""Saving a checked list (import_rows): new people, updates with every changed field recorded, a re-import
that changes nothing, ID numbers of another mobile left for review, rows left out, all or nothing, and
submission ids that never double a check-in. Hand-built CheckReports; both backends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select

from models import CheckIn, IdentityClaim, ImportBatch, Seeker, SeekerChange, SeekerTrade, SourceKind
from services.core.crypto import Vault
from services.core.db import unit_of_work
from services.imports import saving
from services.imports.saving import import_rows, submission_id
from services.places.sources import Source, create_site
from tests.conftest import TEST_SECRET
from tests.factories import register
from tests.imports.saving_support import other_phone, report, row

NOW = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)


def count(engine, model, *where) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(model).where(*where)).one()


def test_new_people_are_registered_with_one_import_check_in_at_the_chosen_site(engine, vault, county) -> None:
    site = create_site(engine, name="幸福社区安置点", code="XINGFU", township="城关镇")
    source = Source(SourceKind.SITE, site_id=site.id, name=site.name)
    checked = report([row(county, n) for n in range(3)])
    ticks: list[tuple[int, int]] = []
    summary = import_rows(engine, vault, checked, staff_id=None, source=source, now=NOW,
                          progress=lambda done, total: ticks.append((done, total)))
    assert (summary.rows, summary.new, summary.updated, summary.unchanged, summary.left_out,
            summary.needing_review) == (3, 3, 0, 0, 0, 0)
    assert ticks[0] == (0, 3) and ticks[-1] == (3, 3)
    with Session(engine) as s:
        people = s.exec(select(Seeker)).all()
        assert {p.source_kind for p in people} == {"site"} and {p.first_site_id for p in people} == {site.id}
        checkins = s.exec(select(CheckIn)).all()
        assert {(c.channel, c.site_id) for c in checkins} == {("import", site.id)}
        assert sorted(c.submission_id for c in checkins) == sorted(submission_id(checked.table.sha256, r.row)
                                                                    for r in checked.rows)
        assert s.exec(select(func.count()).select_from(SeekerTrade)).one() == 6  # two trades each
        batch = s.get(ImportBatch, summary.batch_id)
        assert batch is not None
        assert (batch.file_name, batch.sha256, batch.kind, batch.source_kind, batch.site_id) == (
            "东门村.xlsx", checked.table.sha256, "xlsx", "site", site.id)
        assert (batch.rows, batch.new, batch.updated, batch.unchanged, batch.left_out) == (3, 3, 0, 0, 0)
    assert count(engine, SeekerChange) == 0  # new people: nothing was changed


def test_a_registered_person_is_updated_and_each_changed_field_recorded(engine, vault, county) -> None:
    before = register(engine, vault, 0)
    checked = report([row(county, 0, education="senior", trades=["cleaning", "welding"], name="王秀英")])
    summary = import_rows(engine, vault, checked, staff_id=None, source=Source.direct(), now=NOW)
    assert (summary.new, summary.updated, summary.unchanged) == (0, 1, 0)
    with Session(engine) as s:
        person = s.get(Seeker, before.seeker_id)
        assert person is not None and (person.name, person.education) == ("王秀英", "senior")
        assert count(engine, Seeker) == 1
        changes = {(c.field, c.old, c.new) for c in s.exec(select(SeekerChange))}
        assert changes == {("name", "王秀兰", "王秀英"), ("education", "junior", "senior"),
                           ("trades", "cleaning,garment_sewing", "cleaning,welding")}
        assert {(c.reason, c.batch_id, c.seeker_id) for c in s.exec(select(SeekerChange))} == {
            ("import", summary.batch_id, before.seeker_id)}
        assert sorted(s.exec(select(SeekerTrade.trade))) == ["cleaning", "welding"]
        # an update is no registration at a place: the batch records it, no check-in
        assert s.exec(select(func.count()).select_from(CheckIn).where(CheckIn.channel == "import")).one() == 0


def test_a_re_import_of_the_same_file_changes_nothing(engine, vault, county) -> None:
    checked = report([row(county, n) for n in range(4)])
    import_rows(engine, vault, checked, staff_id=None, source=Source.direct(), now=NOW)
    with Session(engine) as s:
        updated_at = sorted(s.exec(select(Seeker.updated_at)))
    again = import_rows(engine, vault, report([row(county, n) for n in range(4)]), staff_id=None,
                        source=Source.direct())
    assert (again.new, again.updated, again.unchanged, again.left_out, again.needing_review) == (0, 0, 4, 0, 0)
    assert count(engine, Seeker) == 4 and count(engine, CheckIn) == 4 and count(engine, SeekerChange) == 0
    assert count(engine, ImportBatch) == 2  # the re-import is recorded as a batch, nothing else
    with Session(engine) as s:
        assert sorted(s.exec(select(Seeker.updated_at))) == updated_at


def test_a_known_id_number_with_another_mobile_needs_review_and_changes_nothing(engine, vault, county) -> None:
    first = register(engine, vault, 0)
    checked = report([row(county, 0, phone="13800000000", name="王秀英"), row(county, 1),
                      row(county, 2, problems=[other_phone(4)])])
    summary = import_rows(engine, vault, checked, staff_id=None, source=Source.direct(), now=NOW)
    assert (summary.new, summary.needing_review, summary.left_out) == (1, 2, 0)
    with Session(engine) as s:
        person = s.get(Seeker, first.seeker_id)
        assert person is not None and person.name == "王秀兰"
        claims = s.exec(select(IdentityClaim)).all()
        assert [(c.seeker_id, c.submission_id) for c in claims] == [
            (first.seeker_id, submission_id(checked.table.sha256, 2))]
    import_rows(engine, vault, checked, staff_id=None, source=Source.direct())
    assert count(engine, IdentityClaim) == 1  # the same row of the same file: one claim


def test_rows_invalid_not_chosen_or_repeated_are_left_out(engine, vault, county) -> None:
    checked = report([row(county, 0), row(county, 1, invalid=True), row(county, 2), row(county, 3),
                      row(county, 3, line=9, name="王秀英")])
    summary = import_rows(engine, vault, checked, staff_id=None, source=Source.direct(), rows=[2, 3, 5, 9], now=NOW)
    assert (summary.rows, summary.new, summary.left_out) == (5, 2, 3)  # row 3 invalid, 4 not chosen, 9 repeats 5
    with Session(engine) as s:
        assert sorted(s.exec(select(Seeker.name))) == ["王秀兰", "王秀兰"]


class FailingVault(Vault):
    """Encrypts until the Nth call, then fails (a failure mid-way through the rows)."""

    calls = 0
    fail_at = 0

    def encrypt(self, value: str) -> str:
        FailingVault.calls += 1
        if FailingVault.calls == FailingVault.fail_at:
            raise RuntimeError("disk full")
        return super().encrypt(value)


def test_all_or_nothing_when_a_row_fails_mid_way(engine, county, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(saving, "SLICE", 2)  # rows 1-4 are written before row 5 fails
    base = Vault.from_secret(TEST_SECRET)
    vault = FailingVault(fernet=base.fernet, hmac_key=base.hmac_key)
    FailingVault.calls, FailingVault.fail_at = 0, 2 * 5  # two encryptions a row: the 5th row fails
    checked = report([row(county, n) for n in range(6)])
    with pytest.raises(RuntimeError, match="disk full"):
        import_rows(engine, vault, checked, staff_id=None, source=Source.direct(), now=NOW)
    assert FailingVault.calls == 10
    for model in (Seeker, CheckIn, SeekerTrade, ImportBatch, SeekerChange):
        assert count(engine, model) == 0
    FailingVault.fail_at = 0  # the retry of the same file: everyone once, one check-in each
    summary = import_rows(engine, vault, checked, staff_id=None, source=Source.direct(), now=NOW)
    assert summary.new == 6 and count(engine, CheckIn) == 6


def test_import_joins_the_callers_transaction(engine, vault, county) -> None:
    with pytest.raises(RuntimeError), unit_of_work(engine) as session:
        import_rows(session, vault, report([row(county, 0)]), staff_id=None, source=Source.direct(), now=NOW)
        raise RuntimeError("the caller fails afterwards")
    assert count(engine, Seeker) == 0 and count(engine, ImportBatch) == 0


def test_submission_ids_never_double_a_check_in(engine, vault, county) -> None:
    """register_many (the bulk path) with the same submission ids twice: one check-in each, one person."""
    from services.registration.bulk import BulkEntry, register_many

    drafts = [r.draft for r in (row(county, n) for n in range(3))]
    for _attempt in range(2):
        with unit_of_work(engine) as session:
            results = register_many(session, vault, [BulkEntry(d, f"import:x:{i}") for i, d in enumerate(drafts)],
                                    source=Source.direct(), channel="import", now=NOW)
    assert len(results) == 3 and not any(r.taken for r in results)
    assert count(engine, CheckIn) == 3 and count(engine, Seeker) == 3
    assert count(engine, CheckIn, col(CheckIn.submission_id).like("import:x:%")) == 3


def test_a_row_answering_some_groups_keeps_the_other_answers(engine, vault, county) -> None:
    """A list with only some columns (a draft answering some groups) never empties the other answers."""
    from dataclasses import replace

    from services.registration.forms import RegistrationForm, validate_identity

    before = register(engine, vault, 0)
    identity = validate_identity(RegistrationForm(name="王秀英", id_number=row(county, 0).raw["id_number"],
                                                  phone="13900000000", township="城关镇", village="东门村",
                                                  consent=True), county=county)
    some = replace(identity, education="senior", answered=frozenset({"education"}))
    checked = report([row(county, 0)])
    checked.rows[0].draft = some
    summary = import_rows(engine, vault, checked, staff_id=None, source=Source.direct(), now=NOW)
    assert summary.updated == 1
    with Session(engine) as s:
        person = s.get(Seeker, before.seeker_id)
        assert person is not None
        assert (person.name, person.education, person.intention, person.poor_household) == (
            "王秀英", "senior", "nearby", "yes")
        assert sorted(s.exec(select(SeekerTrade.trade))) == ["cleaning", "garment_sewing"]
        assert {c.field for c in s.exec(select(SeekerChange))} == {"name", "education"}
