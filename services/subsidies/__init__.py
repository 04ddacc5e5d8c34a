"""Employer subsidies from rules kept as data (issue 13).

`kinds.py` what each kind of rule does with its parameters (and checks them), `defaults.py` the
county's rules as first set (`ensure_default_rules`), `rules.py` the versions and changing a rule (a
new version, audited), `dates.py` whole months and ages in Python and SQL, `report.py` the amounts
per employer and period with the hires behind each (trace), `workbook.py` the Excel file.

Which version judges what: a per-hire rule (PER_HIRE, OLDER_WORKER, RETAINED) judges each hire by the
version valid on the hire's start date; the once-per-period band (POOR_BAND) by the version valid on
the period's last day. So a past period recomputed later gives the amounts it gave then, whatever
was changed since.
"""
