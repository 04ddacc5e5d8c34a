"""SQLModel tables, one module per aggregate. Importing this package registers them all."""

from models.account import AuthSession, LoginFailure, Role, StaffUser
from models.application import ACTIVE_HIRE, Application, ApplicationSource, BoothScan, Hire, Stage, StageChange
from models.audit import AuditEvent
from models.checkin import Channel, CheckIn
from models.employer import Employer, EmployerStatus
from models.fair import Fair, FairStatus
from models.followup import FollowUp, IssueKind, Outcome, VisitStatus, WageIssue
from models.hire_fact import HireFact
from models.household import Household
from models.household_plan import HouseholdPlan, PlanStatus
from models.household_status import HouseholdCount, HouseholdStatus, HouseholdStatusReady
from models.identity_claim import ClaimOutcome, IdentityClaim
from models.imports import ImportBatch, SeekerChange
from models.kiosk import KioskPin, KioskPinFailure
from models.repair import LeftOutRow, UnreachableItem
from models.retention_count import FOLDED, RetentionCount, RetentionVisit
from models.seeker import (
    Gender,
    Intention,
    LeaveConstraint,
    PoorHousehold,
    Seeker,
    SeekerTrade,
    SourceKind,
    TicketLookupLimit,
)
from models.site import Site, SiteKind
from models.subsidy import RuleKind, SubsidyRule
from models.summary import (
    SummaryCount,
    SummaryHireSite,
    SummaryLatestProfile,
    SummaryLatestVisit,
    SummaryMarker,
    SummaryPlaceProfile,
    SummaryProfile,
    SummaryProfileSeeker,
    SummaryState,
    SummaryTownMarker,
    SummaryTownProfile,
)
from models.target import Target, TargetMetric
from models.training import (
    Attendance,
    AttendanceMethod,
    Certificate,
    CertificateLevel,
    Course,
    CourseKind,
    CourseSession,
    CourseStatus,
    CourseVacancy,
    EnrolChannel,
    Enrolment,
    EnrolmentStatus,
)
from models.vacancy import Scope, TripPayer, Vacancy, VacancyFair, VacancyStatus

__all__ = [
    "Attendance",
    "AttendanceMethod",
    "Certificate",
    "CertificateLevel",
    "Course",
    "CourseKind",
    "CourseSession",
    "CourseStatus",
    "CourseVacancy",
    "EnrolChannel",
    "Enrolment",
    "EnrolmentStatus",
    "ACTIVE_HIRE",
    "FollowUp",
    "IssueKind",
    "Outcome",
    "VisitStatus",
    "WageIssue",
    "Application",
    "ApplicationSource",
    "BoothScan",
    "Employer",
    "EmployerStatus",
    "Hire",
    "HireFact",
    "LeftOutRow",
    "UnreachableItem",
    "Scope",
    "Stage",
    "StageChange",
    "TripPayer",
    "Vacancy",
    "VacancyFair",
    "VacancyStatus",
    "AuditEvent",
    "AuthSession",
    "LoginFailure",
    "Role",
    "StaffUser",
    "Target",
    "TargetMetric",
    "Channel",
    "CheckIn",
    "Fair",
    "FairStatus",
    "Gender",
    "Intention",
    "LeaveConstraint",
    "PoorHousehold",
    "Seeker",
    "SeekerTrade",
    "Site",
    "SiteKind",
    "SourceKind",
    "TicketLookupLimit",
    "ClaimOutcome",
    "Household",
    "HouseholdPlan",
    "PlanStatus",
    "ImportBatch",
    "SeekerChange",
    "IdentityClaim",
    "KioskPin",
    "KioskPinFailure",
    "RuleKind",
    "SubsidyRule",
    "HouseholdCount",
    "HouseholdStatus",
    "HouseholdStatusReady",
    "FOLDED",
    "RetentionCount",
    "RetentionVisit",
    "SummaryCount",
    "SummaryHireSite",
    "SummaryLatestProfile",
    "SummaryLatestVisit",
    "SummaryMarker",
    "SummaryPlaceProfile",
    "SummaryProfile",
    "SummaryProfileSeeker",
    "SummaryState",
    "SummaryTownMarker",
    "SummaryTownProfile",
]
