"""After the hire (issue 13): follow-up visits, their outcomes, and wage or safety issues.

`due.py` is the one definition of a visit's dates and of due / overdue (the county's local date),
in Python and in SQL; every list, figure and test uses it. `employment.py` is the one rule "this hired
worker is in work". Scheduling (`schedule.py`) reacts to the recruiting domain's `HireRecorded` /
`HireTermsChanged` / `HireCancelled` events, in the same transaction as the hire: importing this package
subscribes its handlers (services.core.events imports it before handling the first event).
`visits.py` records a visit's outcome (and the recruiter's "still employed"), `issues.py` the wage or
safety issues a visit brings to light, `lists.py` what is due and overdue, scoped to who is asking.
"""

from services.followups.schedule import subscribe_handlers

subscribe_handlers()
