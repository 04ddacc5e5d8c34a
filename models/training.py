"""Skills training (issue 16): courses, their sessions, who enrolled, who attended, who completed.

A `Course` is run by a provider at a place (a site, a township or a fair) between two local dates, for at
most `capacity` people; `enrolled` counts the active enrolments and is moved only by
`UPDATE … SET enrolled = enrolled + 1 WHERE enrolled < capacity`, so two enrolments at once can never
overfill it (services/training/). An order-based course (订单式培训) names the employer and the vacancies
it trains for (`CourseVacancy`). A course is never deleted: cancelled (who, when, why).

An `Enrolment` is one person on one course (unique): enrolled → completed, or withdrawn (who, when,
why; it frees its seat). `Attendance` is one person at one session (unique), never deleted: a mistaken
tap is cancelled. A `Certificate` is issued once per completed enrolment (number unique).
Figures (trained, trained-then-employed) count completed enrolments: services/training/.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field

from models.base import TableModel, UTCDateTime, utcnow


class CourseKind(StrEnum):
    GUIDING = "guiding"  # 引导性培训: working away, rights, language and habits
    SKILLS = "skills"  # 技能培训 in one of the trades (`Course.trade`)
    TARGETED = "targeted"  # 精准扶贫培训: for registered poor households
    ENTREPRENEURSHIP = "entrepreneurship"  # 创业培训


class CourseStatus(StrEnum):
    OPEN = "open"
    CANCELLED = "cancelled"


class EnrolmentStatus(StrEnum):
    ENROLLED = "enrolled"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"  # left (or was taken off) the course; frees the seat; never deleted


class EnrolChannel(StrEnum):
    TICKET = "ticket"  # the seeker, from the ticket page
    KIOSK = "kiosk"  # at a site's kiosk, with the ticket code
    DESK = "desk"  # staff at the desk, one person
    LIST = "list"  # staff, several people from a list
    IMPORT = "import"  # an imported village list's training wish


class CertificateLevel(StrEnum):
    NONE = ""  # a certificate of completion only
    BASIC = "basic"  # 初级 (五级)
    INTERMEDIATE = "intermediate"  # 中级 (四级)
    ADVANCED = "advanced"  # 高级 (三级)


class AttendanceMethod(StrEnum):
    TAP = "tap"  # the tap list on a tablet
    SCAN = "scan"  # the ticket's QR code, with the booth scanner


class Course(TableModel, table=True):
    __tablename__ = "course"
    __table_args__ = (
        Index("ix_course_dates", "status", "starts_on"),
        Index("ix_course_township", "township", "starts_on"),
        Index("ix_course_employer", "employer_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=100)
    kind: str = Field(max_length=20)  # CourseKind
    trade: str | None = Field(default=None, max_length=32)  # skills courses: the trade (reference.TRADES)
    provider: str = Field(max_length=100)  # the school or company that teaches it
    # where: a site, a fair, or only a township ("" none: the county's own place)
    township: str = Field(default="", max_length=40)
    site_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("site.id"), nullable=True))
    fair_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("fair.id"), nullable=True))
    address: str = Field(default="", max_length=200)
    starts_on: date  # local dates, both included
    ends_on: date
    capacity: int
    enrolled: int = 0  # active enrolments (enrolled or completed); see the module's docstring
    # order-based training (订单式培训): the employer it trains for (its vacancies: CourseVacancy)
    employer_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("employer.id"), nullable=True))
    description: str = Field(default="", max_length=1000)
    status: str = Field(default=CourseStatus.OPEN, max_length=12)
    created_by: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"), nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    cancelled_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    cancelled_by: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"), nullable=True))
    cancel_reason: str = Field(default="", max_length=500)


class CourseVacancy(TableModel, table=True):
    """An order-based course trains for these vacancies (of its employer)."""

    __tablename__ = "course_vacancy"

    course_id: int = Field(sa_column=Column(Integer, ForeignKey("course.id"), primary_key=True))
    vacancy_id: int = Field(sa_column=Column(Integer, ForeignKey("vacancy.id"), primary_key=True))


class CourseSession(TableModel, table=True):
    """One class of a course (number 1, 2, …), at a time."""

    __tablename__ = "course_session"
    __table_args__ = (UniqueConstraint("course_id", "number", name="ux_course_session_number"),)

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(sa_column=Column(Integer, ForeignKey("course.id"), nullable=False))
    number: int
    starts_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    hours: float = 3.0
    topic: str = Field(default="", max_length=200)


class Enrolment(TableModel, table=True):
    __tablename__ = "enrolment"
    __table_args__ = (
        UniqueConstraint("course_id", "seeker_id", name="ux_enrolment_course_seeker"),
        Index("ix_enrolment_seeker", "seeker_id", "status"),
        Index("ix_enrolment_completed", "status", "completed_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(sa_column=Column(Integer, ForeignKey("course.id"), nullable=False))
    seeker_id: int = Field(sa_column=Column(Integer, ForeignKey("seeker.id"), nullable=False))
    status: str = Field(default=EnrolmentStatus.ENROLLED, max_length=12)
    channel: str = Field(max_length=12)  # EnrolChannel
    enrolled_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    enrolled_by: int | None = Field(  # None: the seeker themself (ticket page, kiosk)
        default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"), nullable=True))
    completed_on: date | None = None  # local date
    completed_by: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"), nullable=True))
    withdrawn_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    withdrawn_by: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"), nullable=True))
    withdraw_reason: str = Field(default="", max_length=500)


class Attendance(TableModel, table=True):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("session_id", "seeker_id", name="ux_attendance_session_seeker"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(sa_column=Column(Integer, ForeignKey("course_session.id"), nullable=False))
    enrolment_id: int = Field(sa_column=Column(Integer, ForeignKey("enrolment.id"), nullable=False))
    seeker_id: int = Field(sa_column=Column(Integer, ForeignKey("seeker.id"), nullable=False))
    method: str = Field(max_length=8)  # AttendanceMethod
    recorded_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    recorded_by: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"), nullable=True))
    cancelled_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    cancelled_by: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"), nullable=True))
    cancel_reason: str = Field(default="", max_length=500)


class Certificate(TableModel, table=True):
    """A completion certificate: one per completed enrolment."""

    __tablename__ = "certificate"
    __table_args__ = (
        UniqueConstraint("enrolment_id", name="ux_certificate_enrolment"),
        UniqueConstraint("number", name="ux_certificate_number"),
    )

    id: int | None = Field(default=None, primary_key=True)
    enrolment_id: int = Field(sa_column=Column(Integer, ForeignKey("enrolment.id"), nullable=False))
    number: str = Field(max_length=40)
    issued_on: date
    trade: str | None = Field(default=None, max_length=32)
    level: str = Field(default=CertificateLevel.NONE, max_length=20)  # CertificateLevel
    issued_by: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"), nullable=True))
    issued_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
