"""the households' income against the poverty line in their status rows (issue 15)

Revision ID: 0036
Revises: 0035

`household_status` gains the income facts of its `as_of`'s year (poor, members, declared, wage × days so far,
what a day adds, lifted, `lifted_next`: the day a working household reaches the line, and the income per
member that orders the "not lifted yet" list), and
`household_count` the registered-poor and lifted counters (models/household_status.py, docs/ROLLUPS.md
"Household income"); `household_status_ready` the poverty line they were computed against. Where the rows are in use (`household_status_ready`) the upgrade refills them with the
one fill of `rebuild-summaries`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0036'
down_revision: str | None = '0035'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STATUS = (('poor', sa.Integer(), '0'), ('members', sa.Integer(), '1'), ('declared', sa.Integer(), None),
           ('wage_days', sa.Integer(), '0'), ('rate', sa.Integer(), '0'), ('lifted', sa.Integer(), '0'),
           ('lifted_next', sa.Date(), None), ('per_member', sa.Float(), '0'))
_COUNT = ('poor', 'lifted', 'lifted_poor')


def upgrade() -> None:
    with op.batch_alter_table('household_status') as batch:
        for name, kind, default in _STATUS:
            batch.add_column(sa.Column(name, kind, nullable=default is None,
                                       server_default=None if default is None else sa.text(default)))
    with op.batch_alter_table('household_count') as batch:
        for name in _COUNT:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default=sa.text('0')))
    with op.batch_alter_table('household_status_ready') as batch:
        batch.add_column(sa.Column('poverty_line', sa.Integer(), nullable=True))
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT 1 FROM household_status_ready LIMIT 1")).first() is not None:
        from services.summaries.household_rebuild import rebuild_status  # the one fill, also `rebuild-summaries`

        rebuild_status(bind)
    op.create_index('ix_household_status_lifted', 'household_status', ['lifted_next'])
    rate_0 = sa.text('rate = 0')
    op.create_index('ix_household_status_poorest', 'household_status', ['lifted', 'per_member', 'household_id'],
                    sqlite_where=rate_0, postgresql_where=rate_0)
    op.create_index('ix_household_status_town_poorest', 'household_status',
                    ['township', 'lifted', 'per_member', 'household_id'], sqlite_where=rate_0, postgresql_where=rate_0)
    rate_1 = sa.text('rate > 0')
    op.create_index('ix_household_status_working', 'household_status', ['lifted', 'per_member', 'household_id'],
                    sqlite_where=rate_1, postgresql_where=rate_1)


def downgrade() -> None:
    for name in ('ix_household_status_working', 'ix_household_status_town_poorest', 'ix_household_status_poorest',
                 'ix_household_status_lifted'):
        op.drop_index(name, table_name='household_status')
    with op.batch_alter_table('household_status_ready') as batch:
        batch.drop_column('poverty_line')
    with op.batch_alter_table('household_count') as batch:
        for name in _COUNT:
            batch.drop_column(name)
    with op.batch_alter_table('household_status') as batch:
        for name, _kind, _default in _STATUS:
            batch.drop_column(name)
