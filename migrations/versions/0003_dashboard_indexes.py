"""dashboard indexes

Indexes for the organizers' live dashboard (services/reporting/dashboard.py):

* ix_seeker_profile (township, gender, education, intention, poor_household, birth_date):
  the profile breakdown of the whole county counts one index range per cell
  (township × gender × education × intention × poor household × age band).
* ix_seeker_township_created (township, created_at): new registrations of a township
  today and this year.
* ix_checkin_created_seeker (created_at, seeker_id): distinct people in a time range,
  read from the index alone.
* ix_checkin_fair_seeker (fair_id, seeker_id, created_at): distinct people at a fair, on
  all or some of its days, read in seeker order, so counting them needs no sort.

On a database with a million seekers these take a minute or so to build; PostgreSQL
blocks writes to the table while an index is built (the migration runs at start-up).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 02:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_seeker_profile", "seeker",
     ["township", "gender", "education", "intention", "poor_household", "birth_date"]),
    ("ix_seeker_township_created", "seeker", ["township", "created_at"]),
    ("ix_checkin_created_seeker", "checkin", ["created_at", "seeker_id"]),
    ("ix_checkin_fair_seeker", "checkin", ["fair_id", "seeker_id", "created_at"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
