"""a township's registrations of each day (issue 15), counted from the seeker table

Revision ID: 0034
Revises: 0033

The targets panel's registrations of a township (people of the township first registered in the year) read
`summary_profile`'s "created" counters (dim "created", value the home township, birth the local day of the first
registration: services/summaries/profiles.py), moved with the person's township. Filled here by the same recount
as `rebuild-summaries` (`profiles.created_cells`).
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0034'
down_revision: str | None = '0033'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from models import SummaryProfile
    from services.core.clock import local_zone
    from services.summaries.profiles import created_cells

    conn, cells = op.get_bind(), SummaryProfile.__table__
    conn.execute(cells.delete().where(cells.c.dim == "created"))  # (migration 0027 has them on a new database)
    rows = [{"dim": d, "value": v, "birth": b, "n": n} for (d, v, b), n in sorted(created_cells(conn, local_zone())
                                                                                   .items()) if n]
    for start in range(0, len(rows), 2000):
        conn.execute(cells.insert(), rows[start:start + 2000])


def downgrade() -> None:
    op.execute("DELETE FROM summary_profile WHERE dim = 'created'")
