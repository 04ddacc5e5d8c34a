"""summary tables of the dashboard's registration figures, filled from the base tables

Revision ID: 0025
Revises: 0024

Issue 15 (docs/ROLLUPS.md): `summary_count` (counters per local day, hour and place), `summary_marker`
(a person once per place and day, per day, per fair) and `summary_state` (the zone that decided their
days). The upgrade fills them by the rebuild (services/summaries/rebuild.py), so an existing database
is right after upgrading.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0025'
down_revision: str | None = '0024'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'summary_count',
        sa.Column('figure', sa.String(length=16), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('hour', sa.Integer(), nullable=False),
        sa.Column('fair_id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('figure', 'day', 'hour', 'fair_id', 'site_id'),
    )
    op.create_table(
        'summary_marker',
        sa.Column('figure', sa.String(length=8), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('fair_id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('seeker_id', sa.Integer(), nullable=False),
        sa.Column('new', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('figure', 'day', 'fair_id', 'site_id', 'seeker_id'),
    )
    op.create_table(
        'summary_state',
        sa.Column('key', sa.String(length=16), nullable=False),
        sa.Column('value', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )
    from services.summaries.rebuild import rebuild  # the one recount, also `rebuild-summaries`

    rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_table('summary_state')
    op.drop_table('summary_marker')
    op.drop_table('summary_count')
