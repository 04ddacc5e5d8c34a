"""Skills training (issue 16): courses, enrolment, attendance, completion (docs/TRAINING.md).

`offer.py` says which courses are offered to a person and enrols them from the ticket page, the kiosk
and the desk; `enrolment.py` is the one enrol/withdraw write (the capacity rule).
"""
