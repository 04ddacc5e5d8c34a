"""After the hire (issue 13): follow-up visits, their outcomes, and wage or safety issues.

`due.py` is the one definition of a visit's dates and of due / overdue (the county's local date),
in Python and in SQL; every list, figure and test uses it. Scheduling reacts to the recruiting
domain's `HireRecorded` / `HireCancelled` events, in the same transaction as the hire.
"""
