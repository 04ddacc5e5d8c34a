"""Summary tables (rollups) of the dashboard's registration figures (docs/ROLLUPS.md).

* `record.py` — the one helper every write that adds a check-in or a seeker calls, in its own
  transaction (registration, bulk registration for imports, a kept ticket's check-in);
* `days.py` — the local day and hour of an instant, decided once with the county's zone;
* `rebuild.py` — recompute every summary from the base tables, and `verify` them against a recount;
* `profiles.py` — the people panel's counters (`summary_profile`, `summary_profile_seeker`): `move` called by
  every write that adds a seeker or changes a counted attribute, and their recount;
* `state.py` — the zone the summaries were computed in (the dashboard reads them only in that zone).

Owns models/summary.py. Never imports streamlit; pages never call it.
"""
