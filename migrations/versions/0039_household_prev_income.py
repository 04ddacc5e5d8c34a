"""the households' income of the year before in their status rows (issue 15)

Revision ID: 0039
Revises: 0038

`household_status` gains the year before's income facts (the list's income declared that year, wage × days worked
in it, lifted, the income per member that orders its list) and two indexes for that list; `household_count` the
lifted counters of that year (models/household_status.py, docs/ROLLUPS.md "Household income"). The year has
ended, so the days do not change them. Where the rows are in use (`household_status_ready`) the upgrade
refills them with the one fill of `rebuild-summaries`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0039'
down_revision: str | None = '0038'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STATUS = (('prev_declared', sa.Integer(), None), ('prev_wage_days', sa.Integer(), '0'),
           ('prev_lifted', sa.Integer(), '0'), ('prev_per_member', sa.Float(), '0'))
_COUNT = ('prev_lifted', 'prev_lifted_poor')
_INDEXES = {'ix_household_status_prev': ['prev_lifted', 'prev_per_member', 'household_id'],
            'ix_household_status_town_prev': ['township', 'prev_lifted', 'prev_per_member', 'household_id']}


def upgrade() -> None:
    with op.batch_alter_table('household_status') as batch:
        for name, kind, default in _STATUS:
            batch.add_column(sa.Column(name, kind, nullable=default is None,
                                       server_default=None if default is None else sa.text(default)))
    with op.batch_alter_table('household_count') as batch:
        for name in _COUNT:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default=sa.text('0')))
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT 1 FROM household_status_ready LIMIT 1")).first() is not None:
        from services.summaries.household_rebuild import rebuild_status  # the one fill, also `rebuild-summaries`

        rebuild_status(bind)
    for name, columns in _INDEXES.items():  # after the fill: one sort per index
        op.create_index(name, 'household_status', columns)


def downgrade() -> None:
    for name in _INDEXES:
        op.drop_index(name, table_name='household_status')
    with op.batch_alter_table('household_count') as batch:
        for name in _COUNT:
            batch.drop_column(name)
    with op.batch_alter_table('household_status') as batch:
        for name, _kind, _default in _STATUS:
            batch.drop_column(name)
