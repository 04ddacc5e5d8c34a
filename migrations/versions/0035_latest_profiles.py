"""the people panel per latest visit day (issue 15), filled from the check-ins

Revision ID: 0035
Revises: 0034

`summary_latest_visit` (each person's latest local day with a check-in) and `summary_latest_profile` (the people
panel's counters of the people whose latest check-in is on that day): models/summary.py, docs/ROLLUPS.md "People
panel for a range of days". The dashboard's date filter up to the latest day sums the days of its range. Filled
here by the recount of services/summaries/latest_profiles.py (also `rebuild-summaries`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0035'
down_revision: str | None = '0034'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'summary_latest_visit',
        sa.Column('seeker_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint('seeker_id'),
    )
    op.create_table(
        'summary_latest_profile',
        sa.Column('dim', sa.String(length=12), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('value', sa.String(length=40), nullable=False),
        sa.Column('birth', sa.Date(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('dim', 'day', 'value', 'birth'),
    )
    from services.summaries.latest_profiles import rebuild  # the one recount

    rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_table('summary_latest_profile')
    op.drop_table('summary_latest_visit')
