"""Operators' command line and demo data: outside the business code, calling the services.

Run as `python -m services.cli --help`.
"""
