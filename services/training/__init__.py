"""Skills training (issue 16): courses, enrolment, attendance, completion and certificates
(docs/TRAINING.md, models/training.py), and the training figures.

The figures (this package's `figures.py`, `outcomes.py`, `subsidy.py`) count completed enrolments of
courses that were not cancelled: trained people against the `trained` targets, trained-then-employed
within 3 and 6 months of the completion date, and the training subsidies from `subsidy_rule` rows of the
training kinds.
"""
