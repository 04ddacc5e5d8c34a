"""the households' status rows (issue 15), filled from the base tables when there are households

Revision ID: 0029
Revises: 0027

`household_status` (models/household_status.py, docs/ROLLUPS.md "Household status"): per household the
rules' facts as of a date, with the dates that make it stale, for the households page's lists;
`household_count`: its counters per township, site and open step's by-when, for the figures.
On a database with households the upgrade fills it and marks it ready (`household_status_ready`); an
empty database is marked by `rebuild-summaries` (the demo runs it) and until then reads the base tables.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0029'
down_revision: str | None = '0027'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEXES = {
    'ix_household_status_list': ['needs_plan', 'due_sort', 'township', 'village', 'code', 'household_id'],
    'ix_household_status_zero': ['zero', 'due_sort', 'township', 'village', 'code', 'household_id'],
    'ix_household_status_town_list': ['township', 'needs_plan', 'due_sort', 'village', 'code', 'household_id'],
    'ix_household_status_figures': ['township', 'site_id', 'needs_plan', 'zero', 'plan_id', 'plan_due', 'as_of',
                                    'young_next', 'old_next', 'start_next'],
    'ix_household_status_as_of': ['as_of'],
    'ix_household_status_young': ['young_next'],
    'ix_household_status_old': ['old_next'],
    'ix_household_status_start': ['start_next'],
}


def upgrade() -> None:
    op.create_table(
        'household_status',
        sa.Column('household_id', sa.Integer(), nullable=False),
        sa.Column('township', sa.String(length=40), nullable=False),
        sa.Column('village', sa.String(length=60), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=True),
        sa.Column('working_age', sa.Integer(), nullable=False),
        sa.Column('in_work', sa.Integer(), nullable=False),
        sa.Column('confirmed', sa.Integer(), nullable=False),
        sa.Column('relocated', sa.Integer(), nullable=False),
        sa.Column('zero', sa.Integer(), nullable=False),
        sa.Column('needs_plan', sa.Integer(), nullable=False),
        sa.Column('plan_id', sa.Integer(), nullable=True),
        sa.Column('plan_due', sa.Date(), nullable=True),
        sa.Column('due_sort', sa.Date(), nullable=False),
        sa.Column('as_of', sa.Date(), nullable=False),
        sa.Column('young_next', sa.Date(), nullable=True),
        sa.Column('old_next', sa.Date(), nullable=True),
        sa.Column('start_next', sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint('household_id'),
    )
    op.create_table(
        'household_count',
        sa.Column('township', sa.String(length=40), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('due', sa.Date(), nullable=False),
        sa.Column('households', sa.Integer(), nullable=False),
        sa.Column('zero', sa.Integer(), nullable=False),
        sa.Column('needs_plan', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('township', 'site_id', 'due'),
    )
    op.create_table(
        'household_status_ready',
        sa.Column('filled_on', sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint('filled_on'),
    )
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT 1 FROM household LIMIT 1")).first() is not None:
        from services.summaries.household_rebuild import rebuild_status  # the one fill, also `rebuild-summaries`

        rebuild_status(bind)
    for name, columns in _INDEXES.items():  # after the fill: one sort per index instead of row-by-row updates
        op.create_index(name, 'household_status', columns)


def downgrade() -> None:
    op.drop_table('household_status_ready')
    op.drop_table('household_count')
    op.drop_table('household_status')
