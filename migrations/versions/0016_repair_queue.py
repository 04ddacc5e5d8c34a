"""the data-repair queue: rows an import left out

Revision ID: 0016
Revises: 0015

Issue 12: `import_left_out` keeps each row a saved import left out (its batch, row number, township and
village as typed, the problems, the cells encrypted), to be fixed or dismissed from the repair queue.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.base

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('import_left_out',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('row', sa.Integer(), nullable=False),
    sa.Column('township', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('village', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('problems', sa.Text(), nullable=False),
    sa.Column('cells_enc', sa.Text(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.Integer(), nullable=True),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('seeker_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], ),
    sa.ForeignKeyConstraint(['closed_by'], ['staff_user.id'], ),
    sa.ForeignKeyConstraint(['seeker_id'], ['seeker.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_import_left_out_batch_id', 'import_left_out', ['batch_id'], unique=False)
    op.create_index('ix_import_left_out_open', 'import_left_out', ['township', 'closed_at', 'created_at'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_import_left_out_open', table_name='import_left_out')
    op.drop_index('ix_import_left_out_batch_id', table_name='import_left_out')
    op.drop_table('import_left_out')
