"""A course form's rules, as pure functions: what was typed → the values to save, or FieldErrors (every problem at
once, each beside its field). The checks that need the database (the site, fair, employer and vacancies exist,
capacity not below those enrolled) are in courses.py and add to the same errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo

from models.training import CourseKind
from services.core.errors import Checker, FieldError
from services.core.i18n import N_
from services.core.reference import TRADES
from services.places.county import County

KIND_LABELS: dict[str, str] = {
    CourseKind.GUIDING: N_("Guiding training"),
    CourseKind.SKILLS: N_("Skills training"),
    CourseKind.TARGETED: N_("Targeted poverty-relief training"),
    CourseKind.ENTREPRENEURSHIP: N_("Entrepreneurship training"),
}
MAX_CAPACITY = 500
MAX_HOURS = 12.0


@dataclass
class CourseForm:
    """What the organizer typed or chose (strings and choices as the widgets give them)."""

    title: str = ""
    kind: str = ""
    trade: str | None = None
    provider: str = ""
    township: str = ""
    site_id: int | None = None
    fair_id: int | None = None
    address: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    capacity: str | int = ""
    order_based: bool = False
    employer_id: int | None = None
    vacancy_ids: list[int] = field(default_factory=list)
    description: str = ""


@dataclass(frozen=True)
class CheckedCourse:
    title: str
    kind: str
    trade: str | None
    provider: str
    township: str
    site_id: int | None
    fair_id: int | None
    address: str
    starts_on: date
    ends_on: date
    capacity: int
    employer_id: int | None
    vacancy_ids: tuple[int, ...]
    description: str


def text(raw: str | None, *, limit: int, required: str | None = None) -> str:
    value = " ".join((raw or "").split())
    if required and not value:
        raise FieldError(required)
    if len(value) > limit:
        raise FieldError(N_("At most {limit} characters."), limit=limit)
    return value


def kind(raw: str | None) -> str:
    if raw not in KIND_LABELS:
        raise FieldError(N_("Choose the kind of training."))
    return str(raw)


def trade(raw: str | None, course_kind: str | None) -> str | None:
    if not raw:
        if course_kind == CourseKind.SKILLS:
            raise FieldError(N_("A skills course teaches a trade: choose it."))
        return None
    if raw not in TRADES:
        raise FieldError(N_("Choose a trade from the list."))
    return raw


def capacity(raw: str | int | None) -> int:
    """Seats: a whole number from 1 to MAX_CAPACITY (typed with full-width digits too)."""
    if isinstance(raw, bool):
        raise FieldError(N_("Type the number of seats, e.g. 30."))
    if isinstance(raw, int):
        number = raw
    else:
        digits = "".join((raw or "").split())
        digits = digits.translate({0xFF10 + d: 0x30 + d for d in range(10)})
        if not digits.isascii() or not digits.isdigit():
            raise FieldError(N_("Type the number of seats, e.g. 30."))
        number = int(digits)
    if number < 1 or number > MAX_CAPACITY:
        raise FieldError(N_("Seats: from 1 to {most}."), most=MAX_CAPACITY)
    return number


def township(raw: str | None, county: County) -> str:
    name = (raw or "").strip()
    if name and county.township(name) is None:
        raise FieldError(N_("Choose a township from the list."))
    return name


def check_course(form: CourseForm, county: County) -> tuple[Checker, CheckedCourse | None]:
    """The form's own rules; the checker holds every error (the caller adds the database's and raises)."""
    v = Checker()
    title = v.check("title", text, form.title, limit=100, required=N_("Give the course a title."))
    course_kind = v.check("kind", kind, form.kind)
    course_trade = v.check("trade", trade, form.trade, course_kind or form.kind)
    provider = v.check("provider", text, form.provider, limit=100,
                       required=N_("Name the school or company that teaches it."))
    place = v.check("township", township, form.township, county)
    address = v.check("address", text, form.address, limit=200)
    description = v.check("description", text, form.description, limit=1000)
    seats = v.check("capacity", capacity, form.capacity)
    if form.starts_on is None:
        v.add("starts_on", N_("Choose the first day."))
    if form.ends_on is None:
        v.add("ends_on", N_("Choose the last day."))
    elif form.starts_on is not None and form.ends_on < form.starts_on:
        v.add("ends_on", N_("The last day cannot be before the first day."))
    if form.site_id is not None and form.fair_id is not None:
        v.add("fair_id", N_("Choose a site or a fair, not both."))
    if form.order_based:
        if form.employer_id is None:
            v.add("employer_id", N_("An order-based course names the employer it trains for."))
        elif not form.vacancy_ids:
            v.add("vacancy_ids", N_("Choose the employer's vacancies this course trains for."))
    if v.errors:
        return v, None
    assert title is not None and course_kind is not None and provider is not None and seats is not None
    assert form.starts_on is not None and form.ends_on is not None
    return v, CheckedCourse(
        title=title, kind=course_kind, trade=course_trade, provider=provider, township=place or "",
        site_id=form.site_id, fair_id=form.fair_id, address=address or "", starts_on=form.starts_on,
        ends_on=form.ends_on, capacity=seats,
        employer_id=form.employer_id if form.order_based else None,
        vacancy_ids=tuple(sorted(set(form.vacancy_ids))) if form.order_based else (),
        description=description or "")


def hours(raw: str | float | None) -> float:
    try:
        value = float(str(raw).strip().replace("，", ".").replace(",", "."))
    except ValueError:
        raise FieldError(N_("Type the hours, e.g. 3 or 2.5.")) from None
    if not 0.5 <= value <= MAX_HOURS:
        raise FieldError(N_("Hours: from 0.5 to {most}."), most=int(MAX_HOURS))
    return round(value * 2) / 2


def course_state(starts_on: date, ends_on: date, status: str, today: date) -> str:
    """upcoming / running / over / cancelled: what the lists filter on."""
    if status == "cancelled":
        return "cancelled"
    if today < starts_on:
        return "upcoming"
    return "running" if today <= ends_on else "over"


def session_start(day: date, at: time, zone: tzinfo) -> datetime:
    """A session's start typed in the county's zone, as an aware instant."""
    return datetime.combine(day, at, tzinfo=zone)
