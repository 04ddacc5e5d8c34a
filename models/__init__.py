"""SQLModel tables, one module per aggregate. Importing this package registers them all."""

from models.checkin import Channel, CheckIn
from models.fair import Fair, FairStatus
from models.seeker import (
    Gender,
    Intention,
    LeaveConstraint,
    PoorHousehold,
    Seeker,
    SeekerTrade,
    SourceKind,
    TicketLookupFailure,
)
from models.site import Site, SiteKind

__all__ = [
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
    "TicketLookupFailure",
]
