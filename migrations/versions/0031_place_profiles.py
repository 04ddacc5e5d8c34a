"""the people panel per fair and registration point (issue 15), filled from the base tables

Revision ID: 0031
Revises: 0030

`summary_place_profile` (models/summary.py, docs/ROLLUPS.md "People panel per place"): the people panel's
counters of the people with a check-in at each fair and each registration point. Also the "site" markers (a
person at a registration point on any day) and `ix_marker_place_seeker`, which finds a person's "fair" and
"site" markers when their counted values change. Filled here from the base tables
(services/summaries/place_profiles.py, the same recount as `rebuild-summaries`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0031'
down_revision: str | None = '0030'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PLACES = "figure IN ('fair', 'site')"


def upgrade() -> None:
    op.create_table(
        'summary_place_profile',
        sa.Column('fair_id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('dim', sa.String(length=12), nullable=False),
        sa.Column('value', sa.String(length=40), nullable=False),
        sa.Column('birth', sa.Date(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('fair_id', 'site_id', 'dim', 'value', 'birth'),
    )
    # the "site" markers (migration 0025's rebuild has them already on a new database, from today's code)
    op.execute("DELETE FROM summary_marker WHERE figure = 'site'")
    op.execute("INSERT INTO summary_marker (figure, day, fair_id, site_id, seeker_id, new) "
               "SELECT DISTINCT 'site', DATE '2000-01-01', 0, site_id, seeker_id, FALSE FROM checkin "
               "WHERE site_id IS NOT NULL" if op.get_bind().dialect.name == "postgresql" else
               "INSERT INTO summary_marker (figure, day, fair_id, site_id, seeker_id, new) "
               "SELECT DISTINCT 'site', '2000-01-01', 0, site_id, seeker_id, 0 FROM checkin "
               "WHERE site_id IS NOT NULL")
    op.create_index('ix_marker_place_seeker', 'summary_marker', ['seeker_id', 'figure', 'fair_id', 'site_id'],
                    sqlite_where=sa.text(_PLACES), postgresql_where=sa.text(_PLACES))
    from services.summaries.place_profiles import rebuild_place_profiles  # the one recount

    rebuild_place_profiles(op.get_bind())


def downgrade() -> None:
    op.drop_index('ix_marker_place_seeker', table_name='summary_marker')
    op.execute("DELETE FROM summary_marker WHERE figure = 'site'")
    op.drop_table('summary_place_profile')
