"""The completeness panel: how many people in the scope left their profile incomplete.

The ticket comes first (issue 10): a person may stop after it, or after a few of the profile's
groups. "Profiles incomplete" counts the people in the dashboard's scope (every seeker without
a filter; with one, the people with a matching check-in, as the people panel counts them) whose
profile misses a group, by the one rule `services.registration.profile.profile_complete_sql`.
The page shows it beside the total as a count and a share, and the exports page lists those
people ("only incomplete profiles") so that staff can call them.

Speed: the whole county's figure is every seeker less the complete profiles, one range of
`ix_seeker_profile_answered` (migration 0011); a filtered scope reads its people by primary key from the
seeker table (the reference). With the summaries read, the figure of everyone, of one fair, of one registration
point, of one township and of a range of days up to the latest is a counter (people_summarized.py); the dashboard
counts another filtered scope's (an earlier range) incomplete profiles in the people panel's own pass over
`summary_profile_seeker` (people.people_panel).
"""

from __future__ import annotations

from sqlalchemy import not_, select
from sqlalchemy.engine import Connection

from services.registration.profile import profile_complete_sql
from services.reporting.dashboard.buckets import in_span
from services.reporting.dashboard.context import Context
from services.reporting.dashboard.counting import checkin_table, count_seekers, seeker_table


def incomplete(conn: Connection, ctx: Context) -> dict[str, object]:
    from services.reporting.dashboard import people_summarized

    place = people_summarized.counters_scope(conn, ctx) if ctx.summaries else None
    if ctx.summaries and (place is not None or not ctx.flt.by_checkin):  # everyone, or one place: the summaries
        n = people_summarized.incomplete(conn, place)
    elif not ctx.flt.by_checkin:
        n = count_seekers(conn, None) - count_seekers(conn, None, profile_complete_sql())
    else:
        where = [*ctx.where, *in_span(checkin_table.c.created_at, ctx.span)]
        n = count_seekers(conn, None, not_(profile_complete_sql()),
                          seeker_table.c.id.in_(select(checkin_table.c.seeker_id).where(*where)))
    return {"incomplete_profiles": n}
