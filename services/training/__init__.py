"""Skills training (issue 16): courses and their sessions, enrolment with its capacity, attendance, completion
and certificates (docs/TRAINING.md; tables in models/training.py).

- `staff.py`: who acts (a staff member; township staff on their own township's courses only).
- `course_rules.py`: a course form's rules as pure functions (FieldErrors); `courses.py`: create, edit, cancel a
  course and set its sessions (audited).
- `enrolment.py`: `enrol` (the capacity rule: one guarded UPDATE), `withdraw`, `enrol_many`.
- `attendance.py`: a person at a session (tap list or ticket scan), a mistaken one cancelled.
- `completion.py`: the completion rule (`ATTENDANCE_SHARE`), completing an enrolment, certificates.
- `queries.py`: the course list with seats left, a course's sessions, the roster with attendance, the completion
  list, finding registered people to enrol; `sheets.py`: the attendance sheet and completion list (xlsx).
- `offer_rules.py` / `offer.py`: which courses are offered to a person (Python and SQL side by side), and
  enrolling from the ticket page, the kiosk and the desk (through `enrolment.enrol`).
- `figures.py`, `outcomes.py`, `subsidy.py`, `workbook.py`: the training figures. They count completed enrolments
  of courses that were not cancelled: trained people against the `trained` targets, trained-then-employed
  within 3 and 6 months of the completion date, the training subsidies from `subsidy_rule` rows of the
  training kinds.
"""
