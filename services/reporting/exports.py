"""Exports of registered job seekers to CSV and Excel, masked by default, full IDs audited.

Rows are streamed from the database in batches (a server-side cursor on PostgreSQL) and
written as they come: a CSV incrementally, an .xlsx with XlsxWriter's `constant_memory`
mode, so memory stays flat for hundreds of thousands of seekers. Headers and labels are
in the reader's language; place names through the county file.

Every text cell that a spreadsheet could read as a formula (starting with `=`, `+`, `-`,
`@`, tab, carriage return or NUL) is prefixed with a single quote (OWASP "CSV
injection"); numbers stay numbers, and the .xlsx writer never turns text into formulas.

The full-ID export (organizers only; the page checks the role) decrypts ID numbers and
phones and records an `AuditEvent` in the same service call: the event commits only with
a complete file, and a file is returned only after the event committed (one transaction
on PostgreSQL; see `export_full_ids` for SQLite, which has a single writer).
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import BinaryIO

import xlsxwriter
from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from models import AuditEvent, CheckIn, Fair, Seeker, SeekerTrade, Site, SourceKind
from services.core.clock import local_today, local_zone
from services.core.crypto import Vault
from services.core.db import is_sqlite, unit_of_work
from services.core.i18n import N_, translator
from services.core.reference import EDUCATION_LEVELS, GENDERS, INTENTIONS, POOR_HOUSEHOLD, TRADES, YES_NO
from services.core.validation import age_on
from services.places.county import County

AUDIT_ACTION = "export_full_ids"
BATCH_SIZE = 2000
XLSX_MAX_ROWS = 1_048_576  # rows in one Excel sheet, the header included
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\x00")
QUOTE = "'"
_TRIGGER_SET = frozenset(FORMULA_TRIGGERS)

ProgressCallback = Callable[[int, int], None]


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


MIME_TYPES = {
    ExportFormat.CSV: "text/csv",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class DateField(StrEnum):
    CHECKIN = "checkin"  # any check-in (registration or re-registration) on those days
    REGISTERED = "registered"  # the first registration on those days


# --- formula injection --------------------------------------------------------------------------


def neutralize(text: str) -> str:
    """Make a text cell inert in a spreadsheet: a leading quote before a formula trigger."""
    return QUOTE + text if text[:1] in FORMULA_TRIGGERS else text


def _cell(value: object) -> object:
    return neutralize(value) if isinstance(value, str) else value


# --- filters ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportFilter:
    """Which seekers to export. Dates are China local dates, both ends included.

    A fair or a site (at most one) selects seekers with a check-in there; with
    `date_field` CHECKIN that same check-in must fall in the date range. `township`
    is where the seeker lives.
    """

    fair_id: int | None = None
    site_id: int | None = None
    township: str | None = None
    date_field: DateField = DateField.CHECKIN
    date_from: date | None = None
    date_to: date | None = None

    def __post_init__(self) -> None:
        if self.fair_id is not None and self.site_id is not None:
            raise ValueError("choose a fair or a site, not both")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("date_from is after date_to")
        object.__setattr__(self, "date_field", DateField(self.date_field))

    def as_dict(self) -> dict:
        """JSON-ready, for the audit log."""
        return {
            "fair_id": self.fair_id, "site_id": self.site_id, "township": self.township or None,
            "date_field": str(self.date_field),
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
        }


def _utc_bounds(flt: ExportFilter) -> tuple[datetime | None, datetime | None]:
    """Local dates to [start, end) instants in UTC (timestamps are stored in UTC)."""
    zone = local_zone()
    start = datetime.combine(flt.date_from, time.min, zone).astimezone(UTC) if flt.date_from else None
    end = (datetime.combine(flt.date_to + timedelta(days=1), time.min, zone).astimezone(UTC)
           if flt.date_to else None)
    return start, end


def _conditions(flt: ExportFilter) -> list[ColumnElement[bool]]:
    s, c = Seeker.__table__.c, CheckIn.__table__.c
    start, end = _utc_bounds(flt)
    where: list[ColumnElement[bool]] = []
    if flt.township:
        where.append(s.township == flt.township)
    checkin: list[ColumnElement[bool]] = []
    if flt.fair_id is not None:
        checkin.append(c.fair_id == flt.fair_id)
    if flt.site_id is not None:
        checkin.append(c.site_id == flt.site_id)
    on = c.created_at if flt.date_field == DateField.CHECKIN else s.created_at
    dated = checkin if flt.date_field == DateField.CHECKIN else where
    if start is not None:
        dated.append(on >= start)
    if end is not None:
        dated.append(on < end)
    if checkin:
        where.append(s.id.in_(select(c.seeker_id).where(and_(*checkin))))
    return where


def count_registrations(engine: Engine, flt: ExportFilter) -> int:
    """How many seekers an export with this filter holds (the page shows it before exporting)."""
    with unit_of_work(engine, write=False) as session:
        return _count(session.connection(), flt)


def _count(conn: Connection, flt: ExportFilter) -> int:
    stmt = select(func.count()).select_from(Seeker.__table__).where(*_conditions(flt))
    return conn.execute(stmt).scalar_one()


# --- choices for the page -----------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class ExportChoices:
    fairs: list[Place]  # newest first
    sites: list[Place]


def export_choices(engine: Engine) -> ExportChoices:
    with unit_of_work(engine, write=False) as session:
        conn = session.connection()
        f, st = Fair.__table__.c, Site.__table__.c
        fairs = conn.execute(select(f.id, f.code, f.name).order_by(f.starts_on.desc().nulls_last(), f.id.desc()))
        sites = conn.execute(select(st.id, st.code, st.name).order_by(st.township, st.name, st.id))
        return ExportChoices([Place(*r) for r in fairs], [Place(*r) for r in sites])


# --- columns ------------------------------------------------------------------------------------

# (key, header message id, width in the .xlsx)
COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("ticket_code", N_("Ticket code"), 11),
    ("name", N_("Name"), 12),
    ("id_number", N_("ID number"), 21),
    ("phone", N_("Mobile number"), 14),
    ("gender", N_("Gender"), 7),
    ("age", N_("Age"), 6),
    ("township", N_("Township"), 14),
    ("village", N_("Village"), 16),
    ("education", N_("Education"), 14),
    ("trades", N_("Trades and skills"), 28),
    ("intention", N_("Employment intention"), 22),
    ("expected_wage", N_("Expected monthly wage (yuan)"), 12),
    ("willing_to_train", N_("Willing to train"), 10),
    ("poor_household", N_("Registered poor household"), 12),
    ("can_leave_home", N_("Can leave home to work"), 16),
    ("registered_at", N_("Registered at"), 17),
    ("source", N_("Registered through"), 30),
)
DATETIME_COLUMNS = frozenset({"registered_at"})
SHEET_NAME = N_("Job seekers")

CAN_LEAVE_HOME = {
    "none": N_("Yes"),
    "care": N_("No (care duties)"),
    "health": N_("No (health)"),
    "other": N_("No (other reasons)"),
}
SOURCE_LABELS = {SourceKind.DIRECT: N_("Directly (no fair or site)"), SourceKind.IMPORT: N_("Imported")}
TRADE_ORDER = {code: i for i, code in enumerate(TRADES)}


class _Labeler:
    """Turns one database row into the cells of one export row, in one language."""

    def __init__(self, language: str, county: County, today: date, vault: Vault | None,
                 fairs: dict[int, str], sites: dict[int, str]):
        self._ = translator(language)
        self.language, self.county, self.today, self.vault = language, county, today, vault
        self.fairs, self.sites = fairs, sites
        self.zone = local_zone()
        self.trade_sep = "、" if language == "zh_CN" else ", "
        _ = self._
        self.places: dict[str, str] = {}
        self.maps = {key: {code: _(msg) for code, msg in table.items()} for key, table in (
            ("education", EDUCATION_LEVELS), ("gender", GENDERS), ("intention", INTENTIONS),
            ("poor_household", POOR_HOUSEHOLD), ("can_leave_home", CAN_LEAVE_HOME), ("trades", TRADES),
            ("yes_no", YES_NO), ("source", SOURCE_LABELS))}

    def headers(self) -> list[str]:
        return [self._(header) for _key, header, _width in COLUMNS]

    def place(self, name: str) -> str:
        if name not in self.places:
            self.places[name] = self.county.label(name, self.language) if name else ""
        return self.places[name]

    def source(self, kind: str, fair_id: int | None, site_id: int | None) -> str:
        if fair_id is not None:
            return self.fairs.get(fair_id, "")
        if site_id is not None:
            return self.sites.get(site_id, "")
        return self.maps["source"].get(kind, "")

    def cells(self, row, trades: Sequence[str]) -> list[object]:  # noqa: ANN001
        """One export row, in the order of COLUMNS (the row's columns are those of `_select`)."""
        (_id, ticket, name, birth, gender, township, village, education, intention, wage, train, poor, leave,
         created, kind, fair_id, site_id, id_number, phone) = row
        if self.vault is not None:
            id_number, phone = self.vault.decrypt(id_number), self.vault.decrypt(phone)
        m = self.maps
        if len(trades) > 1:
            trades = sorted(trades, key=lambda t: TRADE_ORDER.get(t, len(TRADE_ORDER)))
        return [
            ticket, name, id_number, phone, m["gender"].get(gender, gender), age_on(birth, self.today),
            self.place(township), self.place(village), m["education"].get(education, education),
            self.trade_sep.join([m["trades"].get(t, t) for t in trades]),
            m["intention"].get(intention, intention), wage, m["yes_no"]["yes" if train else "no"],
            m["poor_household"].get(poor, poor), m["can_leave_home"].get(leave, leave),
            created.astimezone(self.zone).replace(tzinfo=None, second=0, microsecond=0),
            self.source(kind, fair_id, site_id),
        ]


# --- writers ------------------------------------------------------------------------------------


class _CsvWriter:
    """UTF-8 with a byte-order mark, so Excel shows Chinese; written row by row."""

    def __init__(self, out: BinaryIO):
        self.text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=False)
        self.writer = csv.writer(self.text)

    def header(self, names: list[str]) -> None:
        self.writer.writerow([_cell(n) for n in names])

    def row(self, cells: list[object]) -> None:
        out = []
        for v in cells:
            if v.__class__ is str:
                out.append(QUOTE + v if v[:1] in _TRIGGER_SET else v)  # neutralize(), inlined: hot loop
            elif v is None:
                out.append("")
            elif isinstance(v, datetime):
                out.append(v.strftime("%Y-%m-%d %H:%M"))
            else:
                out.append(_cell(v))
        self.writer.writerow(out)

    def close(self) -> None:
        self.text.flush()
        self.text.detach()  # leave `out` open for the caller (a collected wrapper would close it)

    abort = close


class _XlsxWriter:
    """XlsxWriter in constant_memory mode: each row goes to a temporary file as it is written.

    Its temporary files live in a private directory removed on close, even after an error.
    Text is written with write_string (never a formula), numbers with write_number.
    """

    def __init__(self, out: BinaryIO, sheet_name: str):
        self.tmp = tempfile.TemporaryDirectory(prefix="portal-export-")
        self.book = xlsxwriter.Workbook(out, {
            "constant_memory": True, "tmpdir": self.tmp.name, "strings_to_formulas": False,
            "strings_to_numbers": False, "strings_to_urls": False})
        self.sheet_name = sheet_name
        self.bold = self.book.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
        self.when = self.book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.names: list[str] = []
        self.sheets = 0
        self.r = 0

    def _new_sheet(self) -> None:
        self.sheets += 1
        name = self.sheet_name if self.sheets == 1 else f"{self.sheet_name} {self.sheets}"
        self.ws = self.book.add_worksheet(name[:31])
        for i, (_key, _header, width) in enumerate(COLUMNS):
            self.ws.set_column(i, i, width, self.when if _key in DATETIME_COLUMNS else None)
        self.ws.freeze_panes(1, 0)
        for c, header in enumerate(self.names):
            self.ws.write_string(0, c, neutralize(header), self.bold)
        self.r = 1

    def header(self, names: list[str]) -> None:
        self.names = names
        self._new_sheet()

    def row(self, cells: list[object]) -> None:
        if self.r >= XLSX_MAX_ROWS:
            self._new_sheet()
        ws, r = self.ws, self.r
        for c, v in enumerate(cells):
            if v is None:
                continue
            if isinstance(v, bool):
                ws.write_boolean(r, c, v)
            elif isinstance(v, int | float):
                ws.write_number(r, c, v)
            elif isinstance(v, datetime):
                ws.write_datetime(r, c, v, self.when)
            else:
                ws.write_string(r, c, neutralize(str(v)))
        self.r += 1

    def close(self) -> None:
        try:
            self.book.close()
        finally:
            self.tmp.cleanup()

    def abort(self) -> None:
        self.tmp.cleanup()


# --- the export ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportResult:
    rows: int
    format: ExportFormat
    full_ids: bool
    filename: str
    mime: str


def export_filename(fmt: ExportFormat, *, full_ids: bool, now: datetime | None = None) -> str:
    when = (now or datetime.now(UTC)).astimezone(local_zone())
    kind = "registrations-full-ids" if full_ids else "registrations"
    return f"{kind}-{when:%Y%m%d-%H%M}.{fmt}"


def _select(full_ids: bool):  # noqa: ANN202
    s = Seeker.__table__.c
    cols = [s.id, s.ticket_code, s.name, s.birth_date, s.gender, s.township, s.village, s.education,
            s.intention, s.expected_wage, s.willing_to_train, s.poor_household, s.leave_constraint,
            s.created_at, s.source_kind, s.first_fair_id, s.first_site_id]
    cols += [s.id_enc, s.phone_enc] if full_ids else [s.id_masked, s.phone_masked]
    return select(*cols).order_by(s.id)


def _trades(conn: Connection, ids: list[int]) -> dict[int, list[str]]:
    t = SeekerTrade.__table__.c
    found: dict[int, list[str]] = {}
    for seeker_id, trade in conn.execute(select(t.seeker_id, t.trade).where(t.seeker_id.in_(ids))):
        found.setdefault(seeker_id, []).append(trade)
    return found


def _names(conn: Connection) -> tuple[dict[int, str], dict[int, str]]:
    f, s = Fair.__table__.c, Site.__table__.c
    return ({i: n for i, n in conn.execute(select(f.id, f.name))},
            {i: n for i, n in conn.execute(select(s.id, s.name))})


def _rows(conn: Connection, flt: ExportFilter, labeler: _Labeler, *, full_ids: bool,
          batch: int) -> Iterator[list[list[object]]]:
    """Batches of export rows, streamed from a server-side cursor."""
    stmt = _select(full_ids).where(*_conditions(flt))
    # on this statement only: Connection.execution_options would turn every later statement
    # (the trades, the audit insert) into a server-side cursor too
    result = conn.execute(stmt, execution_options={"stream_results": True, "yield_per": batch})
    try:
        for part in result.partitions():
            trades = _trades(conn, [r.id for r in part])
            yield [labeler.cells(r, trades.get(r.id, ())) for r in part]
    finally:
        result.close()


def _produce(conn: Connection, out: BinaryIO, *, flt: ExportFilter, fmt: ExportFormat, language: str,
             county: County, vault: Vault | None, today: date | None, progress: ProgressCallback | None,
             batch: int) -> int:
    fmt = ExportFormat(fmt)
    total = _count(conn, flt)
    fairs, sites = _names(conn)
    labeler = _Labeler(language, county, today or local_today(), vault, fairs, sites)
    writer = _CsvWriter(out) if fmt == ExportFormat.CSV else _XlsxWriter(out, labeler._(SHEET_NAME))
    done = 0
    try:
        writer.header(labeler.headers())
        if progress:
            progress(0, total)
        for rows in _rows(conn, flt, labeler, full_ids=vault is not None, batch=batch):
            for cells in rows:
                writer.row(cells)
            done += len(rows)
            if progress:
                progress(done, max(total, done))
    except BaseException:
        writer.abort()
        raise
    writer.close()
    return done


def _wipe(out: BinaryIO) -> None:
    """After a failure: leave nothing of a partial file in `out`, where it can be erased."""
    try:
        out.seek(0)
        out.truncate()
    except (OSError, ValueError):
        pass


def _consistent(engine: Engine) -> Engine:
    """On PostgreSQL one snapshot for the count and the rows (SQLite transactions already are)."""
    return engine.execution_options(isolation_level="REPEATABLE READ") if engine.dialect.name == "postgresql" \
        else engine


def export_registrations(
    engine: Engine, out: BinaryIO, *, flt: ExportFilter, fmt: ExportFormat | str, language: str, county: County,
    today: date | None = None, progress: ProgressCallback | None = None, batch: int = BATCH_SIZE,
    now: datetime | None = None,
) -> ExportResult:
    """Write the masked export (ID numbers and phones masked) to the binary stream `out`."""
    fmt = ExportFormat(fmt)
    try:
        with unit_of_work(_consistent(engine), write=False) as session:
            rows = _produce(session.connection(), out, flt=flt, fmt=fmt, language=language, county=county,
                            vault=None, today=today, progress=progress, batch=batch)
    except BaseException:
        _wipe(out)
        raise
    return ExportResult(rows, fmt, False, export_filename(fmt, full_ids=False, now=now), MIME_TYPES[fmt])


def export_full_ids(
    engine: Engine, vault: Vault, out: BinaryIO, *, actor: str, flt: ExportFilter, fmt: ExportFormat | str,
    language: str, county: County, today: date | None = None, progress: ProgressCallback | None = None,
    batch: int = BATCH_SIZE, now: datetime | None = None,
) -> ExportResult:
    """Write the export with full ID numbers and phones, and log it: one call, all or nothing.

    The audit event (actor, filters, row count, format) commits only with a complete
    file, and this returns only after it committed; if anything fails, nothing is logged
    and `out` is emptied, so the caller hands out the file only when this returns.

    PostgreSQL: the rows are read and the event written in one transaction. SQLite has
    one writer at a time: a transaction that reads for seconds and then writes would
    either hold the write lock all along (registrations at a fair would time out, about
    13 s for 100,000 rows) or fail to upgrade its stale snapshot once anyone registered.
    There the rows are read in one snapshot and the event written right after, in a
    short write transaction, before the file is returned.
    """
    fmt = ExportFormat(fmt)
    if not actor:
        raise ValueError("a full-ID export needs the user name of who asked for it")

    def produce(session: Session) -> int:
        return _produce(session.connection(), out, flt=flt, fmt=fmt, language=language, county=county,
                        vault=vault, today=today, progress=progress, batch=batch)

    def log(session: Session, rows: int) -> None:
        session.add(AuditEvent(actor=actor, action=AUDIT_ACTION,
                               detail={"filters": flt.as_dict(), "rows": rows, "format": str(fmt)}))

    try:
        if is_sqlite(engine):
            with unit_of_work(engine, write=False) as session:
                rows = produce(session)
            with unit_of_work(engine) as session:
                log(session, rows)
        else:
            with unit_of_work(_consistent(engine), write=True) as session:
                log(session, rows := produce(session))
    except BaseException:
        _wipe(out)
        raise
    return ExportResult(rows, fmt, True, export_filename(fmt, full_ids=True, now=now), MIME_TYPES[fmt])

