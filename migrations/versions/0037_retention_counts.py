"""retention's counters (issue 15)

Revision ID: 0037
Revises: 0036

`summary_retention_visit` (the k-month visits as counted) and `summary_retention` (changes of retention's
columns per township, breakdown, month and day): models/retention_count.py, docs/ROLLUPS.md "Retention
counters". Filled with the one fill of `rebuild-summaries`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0037'
down_revision: str | None = '0036'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COUNTS = ('reached', 'working', 'changed_job', 'returned', 'dispute', 'lost', 'pending')


def upgrade() -> None:
    op.create_table(
        'summary_retention_visit',
        sa.Column('follow_up_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('hire_id', sa.Integer(), nullable=False),
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('township', sa.String(length=40), nullable=False),
        sa.Column('employer_id', sa.Integer(), nullable=False),
        sa.Column('province', sa.String(length=20), nullable=False),
        sa.Column('city', sa.String(length=40), nullable=False),
        sa.Column('trade', sa.String(length=32), nullable=False),
        sa.Column('fair_id', sa.Integer(), nullable=True),
        sa.Column('due_date', sa.Date(), nullable=False),
        sa.Column('window_opens', sa.Date(), nullable=False),
        sa.Column('window_closes', sa.Date(), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint('follow_up_id'),
    )
    op.create_index('ix_summary_retention_visit_hire', 'summary_retention_visit', ['hire_id'])
    op.create_table(
        'summary_retention',
        sa.Column('township', sa.String(length=40), nullable=False),
        sa.Column('breakdown', sa.String(length=16), nullable=False),
        sa.Column('k1', sa.String(length=40), nullable=False),
        sa.Column('k2', sa.String(length=40), nullable=False),
        sa.Column('month', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in _COUNTS),
        sa.PrimaryKeyConstraint('township', 'breakdown', 'k1', 'k2', 'month', 'day'),
    )
    op.create_index('ix_summary_retention_day', 'summary_retention', ['day'])
    from services.summaries import retention_counts  # the one fill, also `rebuild-summaries`

    retention_counts.rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_index('ix_summary_retention_day', table_name='summary_retention')
    op.drop_table('summary_retention')
    op.drop_index('ix_summary_retention_visit_hire', table_name='summary_retention_visit')
    op.drop_table('summary_retention_visit')
