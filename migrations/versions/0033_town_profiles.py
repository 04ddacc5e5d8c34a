"""the people panel per township (issue 15), filled from the base tables

Revision ID: 0033
Revises: 0032

`summary_town_marker` (a person with a check-in at a fair or registration point of the township) and
`summary_town_profile` (the people panel's counters of those people, per township): models/summary.py,
docs/ROLLUPS.md "People panel per place". Filled here by the recount of services/summaries/town_profiles.py
(also `rebuild-summaries`, and a place moved to another township).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0033'
down_revision: str | None = '0032'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'summary_town_marker',
        sa.Column('township', sa.String(length=40), nullable=False),
        sa.Column('seeker_id', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('township', 'seeker_id'),
    )
    op.create_table(
        'summary_town_profile',
        sa.Column('township', sa.String(length=40), nullable=False),
        sa.Column('dim', sa.String(length=12), nullable=False),
        sa.Column('value', sa.String(length=40), nullable=False),
        sa.Column('birth', sa.Date(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('township', 'dim', 'value', 'birth'),
    )
    from services.summaries.town_profiles import retown  # the one recount

    retown(op.get_bind())
    op.create_index('ix_town_marker_seeker', 'summary_town_marker', ['seeker_id'])


def downgrade() -> None:
    op.drop_index('ix_town_marker_seeker', table_name='summary_town_marker')
    op.drop_table('summary_town_profile')
    op.drop_table('summary_town_marker')
