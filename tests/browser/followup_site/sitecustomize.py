"""Loaded at start-up by the app server of tests/browser/test_followups.py (PYTHONPATH): until fu-core's
follow-up services are on this branch, the stand-ins of tests/followup_fakes.py take their place."""

from tests.followup_fakes import install_where_missing

install_where_missing()
