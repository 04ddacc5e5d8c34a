"""the repair queue's people unreachable at a follow-up visit; the visits done, latest first

Revision ID: 0018
Revises: 0017

Issue 13: `repair_unreachable` holds one open item per person nobody could reach at a follow-up visit
(the visit that found it; closed as fixed or dismissed with who, when and a reason; never deleted).
`ix_follow_up_visited` (status, visited_on): the list of visits done, latest first, one index scan
(without it, 130,000 done visits were sorted for every page: 2.2 s on SQLite).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.base

revision: str = '0018'
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('repair_unreachable',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seeker_id', sa.Integer(), nullable=False),
    sa.Column('follow_up_id', sa.Integer(), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.Integer(), nullable=True),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.ForeignKeyConstraint(['seeker_id'], ['seeker.id'], ),
    sa.ForeignKeyConstraint(['follow_up_id'], ['follow_up.id'], ),
    sa.ForeignKeyConstraint(['closed_by'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ux_repair_unreachable_open', 'repair_unreachable', ['seeker_id'], unique=True,
                    sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))
    op.create_index('ix_repair_unreachable_closed', 'repair_unreachable', ['closed_at', 'created_at'], unique=False)
    op.create_index('ix_follow_up_visited', 'follow_up', ['status', 'visited_on'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_follow_up_visited', table_name='follow_up')
    op.drop_index('ix_repair_unreachable_closed', table_name='repair_unreachable')
    op.drop_index('ux_repair_unreachable_open', table_name='repair_unreachable')
    op.drop_table('repair_unreachable')
